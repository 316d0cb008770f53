package dev.distill4j.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.KvCache;
import dev.distill4j.model.decoder.SlotKvCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Continuous batching (Yu et al., Orca, OSDI 2022): sequences join and leave the running batch between decoding
 * steps, so a new request starts at the next step instead of waiting for the whole batch to finish, and a finished
 * one frees its row at once.
 *
 * <p>Each step is two kinds of forward pass: the prompts of the rows joining now, prefilled one pass per prompt
 * length, whose keys and values are copied into free slots of a {@link SlotKvCache}; then one decoding
 * step of every live row, reading the slot cache. Each row samples with its own parameters and its own seeded
 * random source, so its completion does not depend on which rows share the batch.
 *
 * <p>Not thread-safe: one thread owns it (the serving scheduler) and reads the {@link BatchRow}s between calls.
 */
public final class ContinuousBatch implements AutoCloseable {
    private final Decoder decoder;
    private final Function<int[], String> detokenizer;
    private final Integer eosToken;
    private final SlotKvCache cache;
    private final BatchRow[] slots;
    private final int maxLength;

    /**
     * @param rows    the most rows live at once
     * @param columns KV columns per row; a row's prompt plus max tokens must fit (and the model's context)
     */
    public ContinuousBatch(Decoder decoder, Function<int[], String> detokenizer, Integer eosToken, int rows, int columns) {
        this.decoder = decoder;
        this.detokenizer = detokenizer;
        this.eosToken = eosToken;
        this.cache = new SlotKvCache(decoder.config(), rows, columns, decoder.weights().manager(), dtypeOf(decoder));
        this.slots = new BatchRow[rows];
        this.maxLength = Math.min(columns, decoder.config().maxPositionEmbeddings());
    }

    /** Rows that can join now. */
    public int freeRows() {
        return cache.rows() - cache.live();
    }

    public int liveRows() {
        return cache.live();
    }

    public int capacityRows() {
        return cache.rows();
    }

    /** The longest prompt plus max tokens a row may have: the model's context, bounded by the cache's columns. */
    public int maxLength() {
        return maxLength;
    }

    /** Key columns holding live rows' history (the KV cache in use, in tokens). */
    public long cachedTokens() {
        return cache.cachedTokens();
    }

    /** Times the KV cache moved its rows left (the write index reached its end) or right (a longer prompt joined). */
    public long cacheMoves() {
        return cache.compactions() + cache.shifts();
    }

    /** The KV cache itself, for its counters. */
    public SlotKvCache cache() {
        return cache;
    }

    /** Key columns allocated, in tokens: rows x columns. */
    public long capacityTokens() {
        return (long) cache.rows() * cache.columns();
    }

    /**
     * Prefills the rows' prompts, one forward pass per prompt length, and samples each row's first token. Rows that
     * finish at once (scoring only, or a first token that ends them) never take a slot; the others are live afterwards.
     * Prompts of one length share a pass; a shorter prompt is never padded to a longer one's length, since the padding
     * would change the rounding of its logits: a row's logprobs do not depend on which rows joined with it.
     *
     * @throws IllegalArgumentException a row too long for the context, or more rows than free slots
     */
    public List<BatchRow> join(List<RowSpec> specs) {
        int needSlots = 0;
        for (RowSpec spec : specs) {
            if (spec.maxLength() > maxLength) {
                throw new IllegalArgumentException("a prompt of " + spec.prompt().length + " tokens plus max_tokens "
                        + (spec.maxLength() - spec.prompt().length) + " exceeds the limit of " + maxLength + " tokens");
            }
            needSlots += spec.sampling() == null ? 0 : 1;
        }
        if (needSlots > freeRows()) {
            throw new IllegalArgumentException(needSlots + " rows cannot join: " + freeRows() + " free");
        }
        if (specs.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            byLength.computeIfAbsent(specs.get(i).prompt().length, length -> new ArrayList<>()).add(i);
        }
        BatchRow[] joined = new BatchRow[specs.size()];
        for (List<Integer> group : byLength.values()) {
            List<BatchRow> rows = prefill(group.stream().map(specs::get).toList());
            for (int i = 0; i < group.size(); i++) {
                joined[group.get(i)] = rows.get(i);
            }
        }
        return List.of(joined);
    }

    /** Prefills prompts of one length in one forward pass; see {@link #join}. */
    private List<BatchRow> prefill(List<RowSpec> specs) {
        int length = specs.get(0).prompt().length;
        int count = specs.size();
        NDManager manager = decoder.weights().manager();
        List<BatchRow> joined = new ArrayList<>(count);
        try (KvCache prefill = new KvCache(decoder.config().numHiddenLayers(), length); NDScope scope = new NDScope()) {
            long[] tokens = new long[count * length];
            long[] positions = new long[count * length];
            for (int r = 0; r < count; r++) {
                int[] prompt = specs.get(r).prompt();
                for (int t = 0; t < length; t++) {
                    tokens[r * length + t] = prompt[t];
                    positions[r * length + t] = t;
                }
            }
            Shape shape = new Shape(count, length);
            // No padding, so no key mask: every key is a real token.
            NDArray logits = decoder.forward(manager.create(tokens, shape), manager.create(positions, shape), null, prefill); // (rows, length, vocab)
            float[][] last = Generator.rowsOf(logits.get(":, -1, :"));
            for (int r = 0; r < count; r++) {
                RowSpec spec = specs.get(r);
                List<TokenLogprob> promptLogprobs = spec.promptLogprobs() < 0 ? null
                        : promptLogprobs(logits.get(r), spec.prompt(), spec.promptLogprobs());
                Sampling sampling = spec.sampling() == null ? Sampling.greedy(1) : spec.sampling();
                Decoding decoding = new Decoding(spec.prompt().length, sampling, detokenizer, spec.ignoreEos() ? null : eosToken);
                BatchRow row = new BatchRow(decoding, promptLogprobs);
                if (spec.sampling() == null) {
                    decoding.abandon("length");
                } else {
                    decoding.accept(last[r]);
                }
                if (!decoding.finished()) {
                    row.slot = cache.join(prefill, r, spec.prompt().length);
                    slots[row.slot] = row;
                }
                joined.add(row);
            }
        }
        return joined;
    }

    /** One decoding step of every live row: each feeds back its last token and samples the next; finished rows leave. */
    public void step() {
        int live = cache.live();
        if (live == 0) {
            return;
        }
        NDManager manager = decoder.weights().manager();
        try (NDScope scope = new NDScope()) {
            boolean[] keyMask = cache.stepKeyMask();
            int keys = keyMask.length / live;
            long[] tokens = new long[live];
            long[] positions = new long[live];
            for (int slot = 0; slot < live; slot++) {
                tokens[slot] = slots[slot].decoding().lastToken();
                positions[slot] = slots[slot].decoding().lastPosition();
            }
            NDArray logits = decoder.forward(manager.create(tokens, new Shape(live, 1)), manager.create(positions, new Shape(live, 1)),
                    manager.create(keyMask, new Shape(live, keys)), cache); // (live, 1, vocab)
            float[][] next = Generator.rowsOf(logits.get(":, -1, :"));
            for (int slot = 0; slot < live; slot++) {
                slots[slot].decoding().accept(next[slot]);
            }
        }
        // Highest slot first: a leaving row takes the last row into its slot, which is then already checked.
        for (int slot = live - 1; slot >= 0; slot--) {
            if (slots[slot].finished()) {
                free(slots[slot]);
            }
        }
    }

    /** Takes a row out of the batch before it finishes (its client went away); its slot is free at once. */
    public void leave(BatchRow row, String reason) {
        row.decoding().abandon(reason);
        if (row.live()) {
            free(row);
        }
    }

    /** Takes every live row out (an engine failure: none of them can be trusted); the batch is empty afterwards. */
    public void leaveAll(String reason) {
        for (int slot = cache.live() - 1; slot >= 0; slot--) {
            leave(slots[slot], reason);
        }
    }

    private void free(BatchRow row) {
        int slot = row.slot;
        int moved = cache.leave(slot);
        if (moved != slot) {
            slots[slot] = slots[moved];
            slots[slot].slot = slot;
        }
        slots[moved] = null;
        row.slot = -1;
    }

    /** Log-probabilities of prompt tokens 1..n-1 from one row of prefill logits, (length, vocab). */
    private static List<TokenLogprob> promptLogprobs(NDArray rowLogits, int[] prompt, int top) {
        List<TokenLogprob> logprobs = new ArrayList<>(prompt.length - 1);
        if (prompt.length > 1) {
            float[][] rows = Generator.rowsOf(rowLogits.get("0:{}", prompt.length - 1));
            for (int t = 0; t < rows.length; t++) {
                logprobs.add(TokenSampler.logprob(TokenSampler.logSoftmax(rows[t]), prompt[t + 1], top));
            }
        }
        return logprobs;
    }

    @Override
    public void close() {
        cache.close();
    }

    /** The dtype of the cache, for sizing it: that of the weights. */
    static DataType dtypeOf(Decoder decoder) {
        return decoder.weights().get("model.embed_tokens.weight").getDataType();
    }
}
