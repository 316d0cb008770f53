package dev.distill4j.train;

import java.util.List;

/**
 * Gives the teacher's logprob of every token the student sampled, in context: the signal of on-policy distillation. A
 * local teacher reads the tokens directly; a served one scores the text through its completions endpoint (echo with
 * logprobs), and its tokens are aligned to the student's.
 */
public interface TeacherScorer {
    /**
     * @return per rollout, entry t the teacher's logprob of token t, for every sampled token (t at or after the prompt);
     *     NaN where the teacher's tokens could not be aligned with the student's (such tokens are left out of the loss)
     */
    List<float[]> score(List<Rollout> rollouts);

    /** Requests made to the teacher so far: what the scoring has cost in queries. */
    long queries();

    /** A teacher held in memory, sharing the student's tokenizer: one teacher-forced pass, no alignment. */
    static TeacherScorer local(dev.distill4j.model.decoder.Decoder teacher, int batchSize) {
        long[] queries = {0};
        return new TeacherScorer() {
            @Override
            public List<float[]> score(List<Rollout> rollouts) {
                List<SftExample> sequences = rollouts.stream().map(r -> r.example(null, null)).toList();
                queries[0] += rollouts.size();
                return SequenceLogprobs.of(teacher, sequences, batchSize, 1.0);
            }

            @Override
            public long queries() {
                return queries[0];
            }
        };
    }
}
