package dev.distill4j.train;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.decoder.Decoder;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.TokenizedChat;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rejection-sampling fine-tuning (expert iteration), the simple baseline of the modes beyond SFT: the student samples
 * answers to the training prompts, the tasks' verifiers keep the right ones, and it is fine-tuned on those, for R
 * rounds. A round in which nothing passes has no signal: it is reported as such and trains on nothing, rather than
 * silently taking a step.
 */
public final class RejectionSampling {
    private RejectionSampling() {}

    /**
     * @param samplesPerPrompt answers drawn per training prompt each round
     * @param temperature      sampling temperature of those answers
     */
    public record Settings(int rounds, int samplesPerPrompt, double temperature, int maxTokens, SftSettings training) {
        public Settings {
            if (rounds < 1 || samplesPerPrompt < 1 || maxTokens < 1) {
                throw new IllegalArgumentException("rounds, samples per prompt and max tokens must be >= 1, got " + rounds + ", " + samplesPerPrompt
                        + ", " + maxTokens);
            }
        }
    }

    /**
     * What one round did.
     *
     * @param kept     distinct verified answers trained on
     * @param noSignal whether nothing passed, so the round trained on nothing
     * @param training the round's fine-tuning, or null without signal
     */
    public record Round(int round, int sampled, int passed, int kept, double passRate, boolean noSignal, SftTrainer.Result training) {}

    /** Called after each round. */
    public interface Listener {
        void onRound(Round round);
    }

    public static List<Round> run(Decoder decoder, Tokenizer tokenizer, ChatTemplate template, List<Task> prompts, Verifiers verifiers,
            Settings settings, long seed, Listener listener) {
        return run(decoder, tokenizer, template, prompts, verifiers, settings, seed, null, "", listener);
    }

    /**
     * The same, saving the weights and the rounds' log after each round in {@code stateFolder} (null: none): a killed
     * run resumes after the last saved round. Each round fine-tunes with a fresh optimizer, so none is saved.
     */
    public static List<Round> run(Decoder decoder, Tokenizer tokenizer, ChatTemplate template, List<Task> prompts, Verifiers verifiers,
            Settings settings, long seed, java.nio.file.Path stateFolder, String fingerprint, Listener listener) {
        // Not closed: the student's weights belong to the caller; this only answers through them.
        LocalModel student = LocalModel.of(decoder, tokenizer);
        RoundState<Round> state = new RoundState<>(stateFolder, fingerprint, Round.class);
        try (AdamW noOptimizer = AdamW.standard(0, decoder.weights().manager())) {
            List<Round> rounds = state.resume(decoder.weights(), noOptimizer);
            for (int round = rounds.size() + 1; round <= settings.rounds(); round++) {
                rounds.add(round(student, decoder, tokenizer, template, prompts, verifiers, settings, seed, round));
                state.save(rounds, decoder.weights(), noOptimizer);
                listener.onRound(rounds.get(rounds.size() - 1));
            }
            return rounds;
        }
    }

    private static Round round(LocalModel student, Decoder decoder, Tokenizer tokenizer, ChatTemplate template, List<Task> prompts, Verifiers verifiers,
            Settings settings, long seed, int round) {
        List<List<ChatMessage>> conversations = new ArrayList<>();
        List<Sampling> samplings = new ArrayList<>();
        List<Task> asked = new ArrayList<>();
        for (Task task : prompts) {
            for (int s = 0; s < settings.samplesPerPrompt(); s++) {
                conversations.add(task.messages());
                samplings.add(new Sampling(settings.temperature(), 1.0, 0, settings.maxTokens(), List.of(),
                        seed * 1_000_003L + (long) round * 10_007L + (long) asked.size(), false, 0));
                asked.add(task);
            }
        }
        List<Completion> answers = student.chat(conversations, samplings);
        List<SftExample> examples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int passed = 0;
        for (int i = 0; i < asked.size(); i++) {
            Task task = asked.get(i);
            String text = answers.get(i).text();
            Judgement judgement = verifiers.forSpec(task.verifier()).verify(task, text);
            if (!judgement.pass()) {
                continue;
            }
            passed++;
            // The same right answer twice would only weigh that task double.
            if (seen.add(task.id() + "\u0000" + text)) {
                List<ChatMessage> conversation = new ArrayList<>(task.messages());
                conversation.add(ChatMessage.assistant(text));
                TokenizedChat chat = template.tokenize(tokenizer, conversation);
                examples.add(new SftExample(chat.ids(), chat.completionMask()));
            }
        }
        double passRate = asked.isEmpty() ? 0 : (double) passed / asked.size();
        SftTrainer.Result training = null;
        if (!examples.isEmpty()) {
            // Each round its own batch order; no held-out set and no saved state, so evaluation and checkpoint cadence do not apply.
            training = new SftTrainer(settings.training().withSeed(settings.training().seed() + round)).train(decoder, examples, List.of(),
                    TrainingCheckpoints.NONE, new SftTrainer.Listener() {});
        }
        return new Round(round, asked.size(), passed, examples.size(), passRate, examples.isEmpty(), training);
    }
}
