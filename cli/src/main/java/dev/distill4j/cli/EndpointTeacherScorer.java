package dev.distill4j.cli;

import dev.distill4j.client.score.EchoScorer;
import dev.distill4j.client.score.ScoredSpan;
import dev.distill4j.client.score.ScoringText;
import dev.distill4j.client.score.SpanAlignment;
import dev.distill4j.model.tokenizer.ChatTemplate;
import dev.distill4j.model.tokenizer.Tokenizer;
import dev.distill4j.train.Rollout;
import dev.distill4j.train.TeacherScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A teacher behind an OpenAI-compatible server scoring the student's answers for on-policy distillation: the prompt as
 * the chat template renders it, then the answer's tokens as text (the end-of-turn marker included, so that the teacher
 * also says when to stop), scored with echo and logprobs; the teacher's tokens are aligned back onto the student's by
 * their character spans ({@link SpanAlignment}). The teacher must read the same chat format as the student, as
 * distill4j's students of a distill4j teacher do.
 */
final class EndpointTeacherScorer implements TeacherScorer {
    private final EchoScorer scorer;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private long queries;

    EndpointTeacherScorer(EchoScorer scorer, Tokenizer tokenizer, ChatTemplate template) {
        this.scorer = scorer;
        this.tokenizer = tokenizer;
        this.template = template;
    }

    @Override
    public List<float[]> score(List<Rollout> rollouts) {
        List<ScoringText> texts = new ArrayList<>();
        List<int[][]> spans = new ArrayList<>();
        for (Rollout rollout : rollouts) {
            String prompt = template.render(rollout.task().messages(), true);
            StringBuilder text = new StringBuilder(prompt);
            int completion = rollout.completionTokens();
            int[] starts = new int[completion];
            int[] ends = new int[completion];
            for (int i = 0; i < completion; i++) {
                starts[i] = text.length();
                text.append(tokenizer.decode(new int[] {rollout.tokens()[rollout.promptLength() + i]}, false));
                ends[i] = text.length();
            }
            texts.add(new ScoringText(text.toString(), prompt.length()));
            spans.add(new int[][] {starts, ends});
        }
        List<List<ScoredSpan>> scored;
        try {
            scored = scorer.score(texts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the teacher scored the student's answers", e);
        }
        queries += rollouts.size();
        List<float[]> perToken = new ArrayList<>(rollouts.size());
        for (int r = 0; r < rollouts.size(); r++) {
            Rollout rollout = rollouts.get(r);
            double[] aligned = SpanAlignment.perToken(spans.get(r)[0], spans.get(r)[1], scored.get(r));
            float[] scores = new float[rollout.tokens().length];
            Arrays.fill(scores, Float.NaN);
            for (int i = 0; i < aligned.length; i++) {
                scores[rollout.promptLength() + i] = (float) aligned[i];
            }
            perToken.add(scores);
        }
        return perToken;
    }

    /** Answers scored: one query each, though several travel in one request. */
    @Override
    public long queries() {
        return queries;
    }
}
