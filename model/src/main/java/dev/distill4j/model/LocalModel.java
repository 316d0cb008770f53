package dev.distill4j.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.model.checkpoint.Checkpoint;
import dev.distill4j.model.checkpoint.Tensor;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.Generator;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model on this machine, ready to answer: a Hugging Face checkpoint folder (config, weights, tokenizer, chat
 * template) loaded into a decoder with its tokenizer and template. What {@code eval} and {@code serve} use.
 */
public final class LocalModel implements AutoCloseable {
    /** Rows decoded together; 64 is where batching stops paying on 2 cores (see {@code bench generate}). */
    public static final int MAX_BATCH = 64;

    private final Path dir;
    private final NDManager manager;
    private final Decoder decoder;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final Generator generator;

    private LocalModel(Path dir, NDManager manager, Decoder decoder, Tokenizer tokenizer) {
        this.dir = dir;
        this.manager = manager;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.template = ChatTemplate.forTokenizer(tokenizer);
        Integer eos = tokenizer.eosId().isPresent() ? tokenizer.eosId().getAsInt() : decoder.config().eosTokenId();
        this.generator = new Generator(decoder, ids -> tokenizer.decode(ids, true), eos);
    }

    /** Loads a checkpoint folder; every problem with it is an error that names the file. */
    public static LocalModel load(Path dir) {
        Checkpoint checkpoint = Checkpoint.read(dir);
        Tokenizer tokenizer = Tokenizer.load(dir);
        if (tokenizer.vocabSize() > checkpoint.config().vocabSize()) {
            tokenizer.close();
            throw new IllegalArgumentException(dir + ": the tokenizer has " + tokenizer.vocabSize() + " tokens but the model only "
                    + checkpoint.config().vocabSize());
        }
        NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : checkpoint.weights().entrySet()) {
            arrays.put(entry.getKey(), entry.getValue().data());
        }
        Decoder decoder = new Decoder(DecoderWeights.fromArrays(checkpoint.config(), arrays, manager, DataType.FLOAT32));
        return new LocalModel(dir, manager, decoder, tokenizer);
    }

    /** A model held in memory (a student being trained), answering through the same code as a loaded one. */
    public static LocalModel of(Decoder decoder, Tokenizer tokenizer) {
        return new LocalModel(null, null, decoder, tokenizer);
    }

    /**
     * One completion per conversation, each ending with a generation prompt for the assistant. Conversations are
     * batched by prompt length (little padding) up to {@link #MAX_BATCH} rows; completions come back in order.
     */
    public List<Completion> chat(List<List<ChatMessage>> conversations, List<Sampling> samplings) {
        int count = conversations.size();
        int[][] prompts = new int[count][];
        for (int i = 0; i < count; i++) {
            prompts[i] = tokenizer.encode(template.render(conversations.get(i), true));
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> prompts[i].length).thenComparingInt(i -> i));
        Completion[] completions = new Completion[count];
        for (int from = 0; from < count; from += MAX_BATCH) {
            List<int[]> batchPrompts = new ArrayList<>();
            List<Sampling> batchSamplings = new ArrayList<>();
            int to = Math.min(count, from + MAX_BATCH);
            for (int k = from; k < to; k++) {
                batchPrompts.add(prompts[order[k]]);
                batchSamplings.add(samplings.get(order[k]));
            }
            List<Completion> done = generator.generate(batchPrompts, batchSamplings);
            for (int k = from; k < to; k++) {
                completions[order[k]] = done.get(k - from);
            }
        }
        return List.of(completions);
    }

    public Generator generator() {
        return generator;
    }

    public Decoder decoder() {
        return decoder;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate template() {
        return template;
    }

    public ModelConfig config() {
        return decoder.config();
    }

    /** The checkpoint folder, or null for a model held in memory. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (manager != null) {
            decoder.close();
            decoder.weights().close();
            tokenizer.close();
            manager.close();
        }
    }
}
