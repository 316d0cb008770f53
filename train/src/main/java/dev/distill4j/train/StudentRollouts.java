package dev.distill4j.train;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Task;
import dev.distill4j.core.verify.Verifiers;
import dev.distill4j.model.LocalModel;
import dev.distill4j.model.generate.Completion;
import dev.distill4j.model.generate.Sampling;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Samples the student's answers to prompts, several per prompt, and has the tasks' verifiers grade them. */
final class StudentRollouts {
    private StudentRollouts() {}

    /**
     * @param perPrompt answers per prompt; a prompt's answers are next to each other (a GRPO group)
     * @param seed      the answers are a function of (seed, the prompts, the weights)
     */
    static List<Rollout> sample(LocalModel student, ChatTemplate template, List<Task> prompts, int perPrompt, double temperature, int maxTokens,
            Verifiers verifiers, long seed) {
        Tokenizer tokenizer = student.tokenizer();
        Integer eos = tokenizer.eosId().isPresent() ? tokenizer.eosId().getAsInt() : student.decoder().config().eosTokenId();
        List<List<ChatMessage>> conversations = new ArrayList<>();
        List<Sampling> samplings = new ArrayList<>();
        for (Task task : prompts) {
            for (int s = 0; s < perPrompt; s++) {
                conversations.add(task.messages());
                samplings.add(new Sampling(temperature, 1.0, 0, maxTokens, List.of(), seed * 1_000_003L + conversations.size(), false, 0));
            }
        }
        List<Completion> answers = student.chat(conversations, samplings);
        List<Rollout> rollouts = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Task task = prompts.get(i / perPrompt);
            Completion answer = answers.get(i);
            int[] prompt = tokenizer.encode(template.render(task.messages(), true));
            boolean stopped = "stop".equals(answer.finishReason()) && eos != null;
            int[] tokens = new int[prompt.length + answer.tokens().length + (stopped ? 1 : 0)];
            System.arraycopy(prompt, 0, tokens, 0, prompt.length);
            System.arraycopy(answer.tokens(), 0, tokens, prompt.length, answer.tokens().length);
            if (stopped) {
                tokens[tokens.length - 1] = eos;
            }
            Judgement judgement = verifiers.forSpec(task.verifier()).verify(task, answer.text());
            rollouts.add(new Rollout(task, tokens, prompt.length, answer.text(), answer.finishReason(), judgement.pass(), judgement.score()));
        }
        return rollouts;
    }
}
