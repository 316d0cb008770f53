package dev.distill4j.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Batched generation with a KV cache, and scoring of given text.
 *
 * <p>Generation: the prompts are left-padded to one length (pads masked out of attention, positions counted
 * from each row's first real token), prefilled in one forward pass, then decoded one token per step for every
 * unfinished row. A finished row leaves the batch (its cache rows are dropped), so a batch costs what its
 * live rows need.
 */
public final class Generator {
    private final Decoder decoder;
    private final Function<int[], String> detokenizer;
    private final Integer eosToken;

    /**
     * @param detokenizer token ids to text (for stop strings and the completion text)
     * @param eosToken    the end-of-sequence token that ends a completion, or null
     */
    public Generator(Decoder decoder, Function<int[], String> detokenizer, Integer eosToken) {
        this.decoder = decoder;
        this.detokenizer = detokenizer;
        this.eosToken = eosToken;
    }

    /** One completion per prompt, each with its own sampling parameters. */
    public List<Completion> generate(List<int[]> prompts, List<Sampling> samplings) {
        if (prompts.size() != samplings.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("expected one sampling setting per prompt and at least one prompt, got "
                    + prompts.size() + " prompts and " + samplings.size() + " settings");
        }
        int rows = prompts.size();
        int longestPrompt = 0;
        int mostTokens = 0;
        for (int r = 0; r < rows; r++) {
            if (prompts.get(r).length == 0) {
                throw new IllegalArgumentException("prompt " + r + " is empty");
            }
            longestPrompt = Math.max(longestPrompt, prompts.get(r).length);
            mostTokens = Math.max(mostTokens, samplings.get(r).maxTokens());
        }
        int context = decoder.config().maxPositionEmbeddings();
        for (int r = 0; r < rows; r++) {
            if (prompts.get(r).length + samplings.get(r).maxTokens() > context) {
                throw new IllegalArgumentException("prompt " + r + " (" + prompts.get(r).length + " tokens) plus max_tokens "
                        + samplings.get(r).maxTokens() + " exceeds the model's context of " + context + " tokens");
            }
        }
        Decoding[] state = new Decoding[rows];
        int[] pads = new int[rows];
        for (int r = 0; r < rows; r++) {
            state[r] = new Decoding(prompts.get(r).length, samplings.get(r), detokenizer, eosToken);
            pads[r] = longestPrompt - prompts.get(r).length;
        }
        NDManager manager = decoder.weights().manager();
        try (KvCache cache = new KvCache(decoder.config().numHiddenLayers(), longestPrompt + mostTokens)) {
            List<Integer> live = new ArrayList<>();
            float[][] lastLogits;
            try (NDScope scope = new NDScope()) {
                long[] tokens = new long[rows * longestPrompt];
                long[] positions = new long[rows * longestPrompt];
                boolean[] keyMask = new boolean[rows * longestPrompt];
                for (int r = 0; r < rows; r++) {
                    int pad = pads[r];
                    for (int t = 0; t < longestPrompt; t++) {
                        boolean real = t >= pad;
                        tokens[r * longestPrompt + t] = real ? prompts.get(r)[t - pad] : 0;
                        positions[r * longestPrompt + t] = real ? t - pad : 0;
                        keyMask[r * longestPrompt + t] = real;
                    }
                }
                Shape shape = new Shape(rows, longestPrompt);
                NDArray logits = decoder.forward(manager.create(tokens, shape), manager.create(positions, shape),
                        manager.create(keyMask, shape), cache);
                lastLogits = rowsOf(logits.get(":, -1, :"));
            }
            for (int r = 0; r < rows; r++) {
                live.add(r);
            }
            while (!live.isEmpty()) {
                List<Integer> stillLive = new ArrayList<>();
                List<Integer> keptIndices = new ArrayList<>();
                for (int i = 0; i < live.size(); i++) {
                    Decoding row = state[live.get(i)];
                    row.accept(lastLogits[i]);
                    if (!row.finished()) {
                        stillLive.add(live.get(i));
                        keptIndices.add(i);
                    }
                }
                if (stillLive.isEmpty()) {
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    if (stillLive.size() < live.size()) {
                        cache.select(manager.create(keptIndices.stream().mapToLong(Integer::longValue).toArray()));
                    }
                    int batch = stillLive.size();
                    int keys = cache.length() + 1;
                    long[] tokens = new long[batch];
                    long[] positions = new long[batch];
                    boolean[] keyMask = new boolean[batch * keys];
                    for (int i = 0; i < batch; i++) {
                        Decoding row = state[stillLive.get(i)];
                        tokens[i] = row.lastToken();
                        positions[i] = row.lastPosition();
                        Arrays.fill(keyMask, i * keys + pads[stillLive.get(i)], (i + 1) * keys, true);
                    }
                    NDArray logits = decoder.forward(manager.create(tokens, new Shape(batch, 1)), manager.create(positions, new Shape(batch, 1)),
                            manager.create(keyMask, new Shape(batch, keys)), cache);
                    lastLogits = rowsOf(logits.get(":, -1, :"));
                }
                live = stillLive;
            }
        }
        List<Completion> completions = new ArrayList<>(rows);
        for (Decoding row : state) {
            completions.add(row.completion());
        }
        return completions;
    }

    /**
     * The log-probability of every token of each sequence given the tokens before it (position 0 has none, so
     * the list for a sequence of n tokens has n - 1 entries), with the {@code topLogprobs} likeliest
     * alternatives at each position. This is what on-policy distillation asks of a teacher.
     */
    public List<List<TokenLogprob>> score(List<int[]> sequences, int topLogprobs) {
        List<List<TokenLogprob>> scored = new ArrayList<>();
        NDManager manager = decoder.weights().manager();
        for (int[] sequence : sequences) {
            if (sequence.length > decoder.config().maxPositionEmbeddings()) {
                throw new IllegalArgumentException("a sequence of " + sequence.length + " tokens exceeds the model's context of "
                        + decoder.config().maxPositionEmbeddings());
            }
            List<TokenLogprob> logprobs = new ArrayList<>();
            if (sequence.length > 1) {
                try (NDScope scope = new NDScope()) {
                    long[] tokens = new long[sequence.length - 1];
                    long[] positions = new long[sequence.length - 1];
                    for (int t = 0; t < tokens.length; t++) {
                        tokens[t] = sequence[t];
                        positions[t] = t;
                    }
                    Shape shape = new Shape(1, tokens.length);
                    NDArray logits = decoder.forward(manager.create(tokens, shape), manager.create(positions, shape), null, null);
                    float[][] rows = rowsOf(logits.get(0));
                    for (int t = 0; t < rows.length; t++) {
                        logprobs.add(TokenSampler.logprob(TokenSampler.logSoftmax(rows[t]), sequence[t + 1], topLogprobs));
                    }
                }
            }
            scored.add(logprobs);
        }
        return scored;
    }

    static float[][] rowsOf(NDArray matrix) {
        NDArray asFloat = matrix.getDataType() == DataType.FLOAT32 ? matrix : matrix.toType(DataType.FLOAT32, false);
        int rows = (int) asFloat.getShape().get(0);
        int columns = (int) asFloat.getShape().get(1);
        float[] flat = asFloat.toFloatArray();
        float[][] out = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, out[r], 0, columns);
        }
        return out;
    }
}
