package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From a key's signal scores to an action: the key's score is the largest of its signals' (one strong signal is
 * enough: an attacker can keep the others quiet), and bands of that score pick flag, throttle, degrade or refuse. Keys
 * on the allow-list (known evaluation jobs, internal traffic) are always allowed, and their scores still logged.
 *
 * @param flagAt       the score from which a key is flagged
 * @param throttleAt   from which it is throttled
 * @param degradeAt    from which its answers are degraded
 * @param refuseAt     from which it is refused
 * @param allowList    key ids never acted on
 * @param degradations what degrading a key does (its answers lose each of these); empty makes the degrade band serve
 *                     as asked, a control for simulations
 */
public record GuardPolicy(double flagAt, double throttleAt, double degradeAt, double refuseAt, Set<String> allowList,
        Set<Degradation> degradations) {
    /** What the standard policy's degrade band does: one answer, no logprobs, the final answer without its working. */
    public static final Set<Degradation> STANDARD_DEGRADATIONS = Collections.unmodifiableSet(
            EnumSet.of(Degradation.ONE_SAMPLE, Degradation.NO_LOGPROBS, Degradation.FINAL_ANSWER_ONLY));

    public GuardPolicy {
        if (!(0 < flagAt && flagAt <= throttleAt && throttleAt <= degradeAt && degradeAt <= refuseAt && (refuseAt <= 1 || refuseAt == NEVER))) {
            throw new IllegalArgumentException("the bands must rise within (0, 1] (refuse may be never): flag <= throttle <= degrade <= refuse, got "
                    + flagAt + ", " + throttleAt + ", " + degradeAt + ", " + refuseAt);
        }
        allowList = Set.copyOf(allowList);
        if (degradations == null) {
            throw new IllegalArgumentException("degradations: expected a set (empty for none), got null");
        }
        degradations = degradations.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(degradations));
    }

    /** A band no score reaches: a policy with {@code refuseAt = NEVER} never refuses. */
    public static final double NEVER = Double.POSITIVE_INFINITY;

    /**
     * Every key with any score above 0 degraded with {@code degradations} and nothing more (never throttled or
     * refused), from its first scoring on: how the simulator measures what one degradation costs an attacker.
     */
    public static GuardPolicy degradeOnly(Set<Degradation> degradations) {
        return new GuardPolicy(Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE, NEVER, Set.of(), degradations);
    }

    /** A policy whose degrade band does the {@link #STANDARD_DEGRADATIONS}. */
    public GuardPolicy(double flagAt, double throttleAt, double degradeAt, double refuseAt, Set<String> allowList) {
        this(flagAt, throttleAt, degradeAt, refuseAt, allowList, STANDARD_DEGRADATIONS);
    }

    /** This policy with another degrade band's effect. */
    public GuardPolicy withDegradations(Set<Degradation> degradations) {
        return new GuardPolicy(flagAt, throttleAt, degradeAt, refuseAt, allowList, degradations);
    }

    /** flag from 0.5, throttle from 0.7, degrade (the {@link #STANDARD_DEGRADATIONS}) from 0.85, refuse from 0.95; nobody allow-listed. */
    public static GuardPolicy standard() {
        return new GuardPolicy(0.5, 0.7, 0.85, 0.95, Set.of(), STANDARD_DEGRADATIONS);
    }

    /**
     * One decision and why.
     *
     * @param score   the key's score, the largest signal's
     * @param reasons the signals at or above the flag band, strongest first, as "name 0.93"
     */
    public record Decision(String keyId, GuardAction action, double score, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }
    }

    /** @param signals each signal's score in [0, 1] by its name */
    public Decision decide(String keyId, Map<String, Double> signals) {
        double score = 0;
        List<Map.Entry<String, Double>> strong = new ArrayList<>();
        for (Map.Entry<String, Double> signal : signals.entrySet()) {
            double value = signal.getValue();
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("signal '" + signal.getKey() + "' scored " + value + ", outside [0, 1]");
            }
            score = Math.max(score, value);
            if (value >= flagAt) {
                strong.add(signal);
            }
        }
        strong.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> reasons = strong.stream().map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList();
        GuardAction action = allowList.contains(keyId) ? GuardAction.ALLOW
                : score >= refuseAt ? GuardAction.REFUSE
                : score >= degradeAt ? GuardAction.DEGRADE
                : score >= throttleAt ? GuardAction.THROTTLE
                : score >= flagAt ? GuardAction.FLAG
                : GuardAction.ALLOW;
        return new Decision(keyId, action, score, reasons);
    }
}
