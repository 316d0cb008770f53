package dev.distill4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Provenance;
import dev.distill4j.core.Task;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.ModelConfig;
import dev.distill4j.model.ModelPresets;
import dev.distill4j.model.checkpoint.DType;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.decoder.DecoderWeights;
import dev.distill4j.model.tokenizer.CharVocabulary;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.TokenizedChat;
import dev.distill4j.model.tokenizer.Tokenizer;
import dev.distill4j.model.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One supervised fine-tuning run from tasks to a checkpoint: the conversations (prompt, then the expert's worked
 * solution as the assistant's answer) go through the chat template, the loss falls on the answer's tokens, and
 * the result is a Hugging Face checkpoint folder with its tokenizer, chat template and a README saying what made
 * it. A run that is interrupted resumes from its last saved step when started again with the same inputs.
 */
public final class SftJob {
    private SftJob() {}

    /**
     * @param init    a checkpoint to fine-tune, or null to train a fresh model of {@code preset} size
     * @param preset  {@code teacher}, {@code small}, {@code tiny} or {@code micro} (used when init is null)
     * @param context context length of a fresh model, in tokens (rotary positions; no parameters depend on it)
     * @param command the command line that runs this job, written into the model's README for reproduction
     * @param objective what each step minimises (SFT, or distillation from the teacher's logprobs)
     * @param teacherLogprobs the teacher's stored token logprobs of each training task's answer, by task id, for
     *                        distillation (see {@link TeacherAlignment}); empty for SFT
     */
    public record Spec(List<Task> train, List<Task> heldOut, Path init, String preset, int context, SftSettings settings, Path out, Provenance provenance,
            DType dtype, String command, Objective objective, Map<String, JsonNode> teacherLogprobs) {
        public Spec {
            objective = objective == null ? Objective.SFT : objective;
            teacherLogprobs = teacherLogprobs == null ? Map.of() : Map.copyOf(teacherLogprobs);
        }

        /** Supervised fine-tuning on the tasks' expert solutions. */
        public Spec(List<Task> train, List<Task> heldOut, Path init, String preset, int context, SftSettings settings, Path out, Provenance provenance,
                DType dtype, String command) {
            this(train, heldOut, init, preset, context, settings, out, provenance, dtype, command, Objective.SFT, Map.of());
        }
    }

    /**
     * What the run produced.
     *
     * @param dataTokens tokens of the training examples, each counted once
     * @param unaligned  examples with teacher logprobs that could not be put on the student's tokens (trained on
     *                   cross-entropy alone)
     */
    public record Outcome(Path model, SftTrainer.Result result, ModelConfig config, int examples, int droppedTooLong, double seconds, long dataTokens,
            int unaligned) {
        /** The held-out loss at the last evaluation, or null when there were no held-out examples. */
        public Double finalHeldOutLoss() {
            return result.evaluations().isEmpty() ? null : result.evaluations().get(result.evaluations().size() - 1)[1];
        }
    }

    public static Outcome run(Spec spec, SftTrainer.Listener listener) {
        long began = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                Workspace workspace = Workspace.create(spec, manager)) {
            Tokenizer tokenizer = workspace.tokenizer;
            ChatTemplate template = ChatTemplate.forTokenizer(tokenizer);
            int context = workspace.decoder.config().maxPositionEmbeddings();
            int[] dropped = {0};
            int[] unaligned = {0};
            List<SftExample> train = examples(spec.train(), tokenizer, template, context, dropped, spec.teacherLogprobs(), unaligned);
            List<SftExample> heldOut = examples(spec.heldOut(), tokenizer, template, context, new int[1], Map.of(), new int[1]);
            if (train.isEmpty()) {
                throw new IllegalArgumentException("no training example fits: every task lacks an expert solution or exceeds the "
                        + context + "-token context");
            }
            Path statePath = spec.out().resolveSibling(spec.out().getFileName() + ".training");
            DiskCheckpoints checkpoints = new DiskCheckpoints(statePath, fingerprint(spec, workspace.decoder.config()));
            SftTrainer.Result result = new SftTrainer(spec.settings(), spec.objective()).train(workspace.decoder, train, heldOut, checkpoints, listener);
            save(spec, workspace, result);
            checkpoints.clear();
            long dataTokens = train.stream().mapToLong(example -> example.tokens().length).sum();
            return new Outcome(spec.out(), result, workspace.decoder.config(), train.size(), dropped[0], (System.nanoTime() - began) / 1e9, dataTokens,
                    unaligned[0]);
        }
    }

    /**
     * Conversations as token ids with the loss mask on the expert's answer, and the teacher's logprobs on its tokens
     * where {@code teacherLogprobs} has them; those that do not fit are counted, not trained on.
     */
    static List<SftExample> examples(List<Task> tasks, Tokenizer tokenizer, ChatTemplate template, int context, int[] dropped,
            Map<String, JsonNode> teacherLogprobs, int[] unaligned) {
        List<SftExample> examples = new ArrayList<>();
        for (Task task : tasks) {
            if (task.expertSolution() == null) {
                continue;
            }
            SftExample example;
            JsonNode logprobs = teacherLogprobs.get(task.id());
            if (logprobs != null) {
                TeacherAlignment.Aligned aligned = TeacherAlignment.of(task.messages(), task.expertSolution(), logprobs, tokenizer, template);
                example = aligned.example();
                unaligned[0] += aligned.aligned() ? 0 : 1;
            } else {
                List<ChatMessage> conversation = new ArrayList<>(task.messages());
                conversation.add(ChatMessage.assistant(task.expertSolution()));
                TokenizedChat chat = template.tokenize(tokenizer, conversation);
                example = new SftExample(chat.ids(), chat.completionMask());
            }
            if (example.length() > context) {
                dropped[0]++;
                continue;
            }
            examples.add(example);
        }
        return examples;
    }

    /** The same data, model and settings give the same fingerprint: the guard against resuming another job's state. */
    static String fingerprint(Spec spec, ModelConfig config) {
        StringBuilder tasks = new StringBuilder();
        for (Task task : spec.train()) {
            tasks.append(task.id()).append(',');
        }
        // SFT keeps the fingerprint it always had, so that training state saved before objectives existed still resumes.
        if (spec.objective().equals(Objective.SFT) && spec.teacherLogprobs().isEmpty()) {
            return ContentKey.shortOf(config.toJsonText(), spec.settings().toString(), tasks.toString(), String.valueOf(spec.init()));
        }
        return ContentKey.shortOf(config.toJsonText(), spec.settings().toString(), tasks.toString(), String.valueOf(spec.init()),
                spec.objective().toString(), String.join(",", new java.util.TreeSet<>(spec.teacherLogprobs().keySet())));
    }

    private static void save(Spec spec, Workspace workspace, SftTrainer.Result result) {
        TrainedCheckpoint.write(spec.out(), workspace.decoder, workspace.tokenizerJson, workspace.tokenizerConfigJson,
                readme(spec, workspace.decoder.config(), result), spec.provenance(), spec.dtype());
    }

    private static String readme(Spec spec, ModelConfig config, SftTrainer.Result result) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(spec.out().getFileName()).append("\n\n");
        text.append("A ").append(config.summary()).append(" ").append(config.architecture())
                .append(", trained by distill4j's supervised fine-tuning on expert worked solutions.\n\n");
        text.append("## Reproduce\n```\n").append(spec.command()).append("\n```\n\n");
        text.append("## Provenance\n");
        text.append("- run: ").append(spec.provenance().run()).append('\n');
        text.append("- seed: ").append(spec.settings().seed()).append('\n');
        text.append("- code version: ").append(spec.provenance().codeVersion()).append('\n');
        text.append("- training tasks: ").append(spec.train().size()).append(", held-out tasks: ").append(spec.heldOut().size()).append('\n');
        text.append("- settings: ").append(spec.settings()).append("\n\n");
        text.append("## Training\n");
        text.append(String.format("- steps: %d, final training loss: %.4f%n", result.losses().length, result.finalLoss()));
        if (!result.evaluations().isEmpty()) {
            double[] last = result.evaluations().get(result.evaluations().size() - 1);
            text.append(String.format("- held-out loss at step %d: %.4f%n", (long) last[0], last[1]));
        }
        return text.toString();
    }

    /** The model being trained and its tokenizer, from a fresh vocabulary or from the checkpoint fine-tuned. */
    private static final class Workspace implements AutoCloseable {
        final Decoder decoder;
        final Tokenizer tokenizer;
        final String tokenizerJson;
        final String tokenizerConfigJson;
        private final Path scratch;
        private final LocalModel initial;

        private Workspace(Decoder decoder, Tokenizer tokenizer, String tokenizerJson, String tokenizerConfigJson, Path scratch, LocalModel initial) {
            this.decoder = decoder;
            this.tokenizer = tokenizer;
            this.tokenizerJson = tokenizerJson;
            this.tokenizerConfigJson = tokenizerConfigJson;
            this.scratch = scratch;
            this.initial = initial;
        }

        static Workspace create(Spec spec, NDManager manager) {
            try {
                if (spec.init() != null) {
                    LocalModel initial = LocalModel.load(spec.init());
                    String tokenizerJson = Files.readString(spec.init().resolve(Tokenizer.FILE_NAME));
                    Path configFile = spec.init().resolve(TokenizerConfig.FILE_NAME);
                    String tokenizerConfig = Files.isRegularFile(configFile) ? Files.readString(configFile) : "{}";
                    return new Workspace(initial.decoder(), initial.tokenizer(), tokenizerJson, tokenizerConfig, null, initial);
                }
                List<String> texts = new ArrayList<>();
                texts.add(CharVocabulary.PRINTABLE_ASCII);
                for (List<Task> tasks : List.of(spec.train(), spec.heldOut())) {
                    for (Task task : tasks) {
                        task.messages().forEach(m -> texts.add(m.content()));
                        if (task.expertSolution() != null) {
                            texts.add(task.expertSolution());
                        }
                    }
                }
                CharVocabulary vocabulary = CharVocabulary.fromTexts(texts);
                Path scratch = Files.createTempDirectory("distill4j-vocab");
                vocabulary.writeTo(scratch);
                Tokenizer tokenizer = Tokenizer.load(scratch);
                ModelConfig base = preset(spec.preset(), vocabulary.size());
                ModelConfig config = new ModelConfig(base.architecture(), base.vocabSize(), base.hiddenSize(), base.intermediateSize(),
                        base.numHiddenLayers(), base.numAttentionHeads(), base.numKeyValueHeads(), base.headDim(), spec.context(),
                        base.rmsNormEps(), base.ropeTheta(), base.tieWordEmbeddings(), base.qkvBias(), base.outputBias(),
                        tokenizer.bosId().isPresent() ? tokenizer.bosId().getAsInt() : null,
                        tokenizer.eosId().isPresent() ? tokenizer.eosId().getAsInt() : null);
                Decoder decoder = new Decoder(DecoderWeights.initialise(config, spec.settings().seed(), manager, DataType.FLOAT32));
                return new Workspace(decoder, tokenizer, vocabulary.toTokenizerJson(),
                        vocabulary.tokenizerConfig().toJson(config.maxPositionEmbeddings()), scratch, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static ModelConfig preset(String name, int vocabSize) {
            return switch (name) {
                case "teacher" -> ModelPresets.teacher(vocabSize);
                case "tiny" -> ModelPresets.tinyStudent(vocabSize);
                case "micro" -> ModelPresets.microStudent(vocabSize);
                case "small" -> ModelPresets.smallStudent(vocabSize);
                default -> throw new IllegalArgumentException("unknown model preset '" + name + "'; presets: teacher, small, tiny, micro");
            };
        }

        @Override
        public void close() {
            if (initial != null) {
                initial.close();
            } else {
                decoder.close();
                decoder.weights().close();
                tokenizer.close();
            }
            if (scratch != null) {
                try (var files = Files.walk(scratch)) {
                    for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                } catch (IOException ignored) {
                    // A temporary vocabulary folder left behind is harmless.
                }
            }
        }
    }
}
