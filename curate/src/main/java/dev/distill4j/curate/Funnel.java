package dev.distill4j.curate;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What curation did: how many candidates came in, how many were kept, and how many each step dropped.
 * Every candidate is either kept or dropped for exactly one reason, so {@code in = kept + Σ dropped}; a funnel whose
 * numbers do not add up cannot be built.
 *
 * @param in      candidates offered
 * @param kept    candidates kept
 * @param dropped candidates dropped, per reason; every reason is present (0 when nothing was dropped for it)
 */
public record Funnel(long in, long kept, Map<DropReason, Long> dropped) {
    public Funnel {
        if (in < 0 || kept < 0) {
            throw new IllegalArgumentException("field 'in'/'kept': expected counts >= 0, got in " + in + ", kept " + kept);
        }
        EnumMap<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            long count = dropped.getOrDefault(reason, 0L);
            if (count < 0) {
                throw new IllegalArgumentException("field 'dropped." + reason.wireName() + "': expected a count >= 0, got " + count);
            }
            all.put(reason, count);
        }
        long drops = all.values().stream().mapToLong(Long::longValue).sum();
        if (in != kept + drops) {
            throw new IllegalArgumentException("funnel does not add up: in " + in + " != kept " + kept + " + dropped " + drops);
        }
        dropped = Collections.unmodifiableMap(all);
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    /** This funnel with {@code count} more candidates in, all dropped for {@code reason} (by a step before the curator's). */
    public Funnel plus(DropReason reason, long count) {
        EnumMap<DropReason, Long> more = new EnumMap<>(dropped);
        more.merge(reason, count, Long::sum);
        return new Funnel(in + count, kept, more);
    }

    /** All drops together. */
    public long droppedTotal() {
        return in - kept;
    }
}
