package dev.distill4j.serve.guard;

import java.util.List;

/**
 * Signal: the key asks for what copying a model needs rather than what using it needs.
 *
 * <ul>
 *   <li>Many samples per prompt ({@code n}): rollout mining and rejection sampling draw 4 to 64 answers per task and
 *       keep the verified ones (the teacher side of this very project); chat and evaluation traffic mostly asks for
 *       one.
 *   <li>Logprobs, above all many alternatives per token: they are what logit-level distillation trains on (Hinton et
 *       al. 2015), and what model-stealing attacks on production APIs used to recover a model's hidden dimension and
 *       final layer (Carlini et al. 2024, "Stealing Part of a Production Language Model"; Finlayson et al. 2024,
 *       "Logits of API-Protected LLMs Leak Proprietary Information"), which is why providers cap top_logprobs.
 *   <li>Prompt scoring (echo with logprobs): the teacher signal of on-policy distillation, which scores the student's
 *       own text; almost nobody else needs it.
 *   <li>Hot sampling (temperature above 1) for diversity of the collected answers.
 * </ul>
 *
 * Each request gets an extraction weight in [0, 1] (the largest of its features' weights), and the key's score is
 * the mean weight over its recent requests, scaled down while it has sent fewer than {@link #MIN_REQUESTS}: a
 * developer trying logprobs a few times scores little, and a campaign that asks for these on every call scores near 1.
 */
public final class ExtractionParameters {
    private ExtractionParameters() {}

    /** The weight of one request: 0 for a plain chat call, 1 for one that asks for many alternatives or scores a prompt. */
    public static double weight(RequestEvent event) {
        double weight = 0;
        if (event.promptScoring()) {
            weight = 1;
        }
        if (event.logprobs()) {
            // Only the sampled token's logprob: useful to some applications (confidence), mildly extraction-shaped.
            weight = Math.max(weight, event.topLogprobs() >= 5 ? 1.0 : event.topLogprobs() > 0 ? 0.6 : 0.3);
        }
        if (event.n() >= 8) {
            weight = Math.max(weight, 0.9);
        } else if (event.n() >= 4) {
            weight = Math.max(weight, 0.6);
        } else if (event.n() >= 2) {
            weight = Math.max(weight, 0.3);
        }
        if (event.temperature() > 1.0) {
            weight = Math.max(weight, 0.4);
        }
        return weight;
    }

    /** Requests a key must have sent before the mean weight counts in full (a copy needs thousands). */
    public static final int MIN_REQUESTS = 30;

    /** The key's score in [0, 1]: the mean weight of its recent requests, times min(1, requests / 30); 0 without any. */
    public static double score(List<RequestEvent> recent) {
        double mean = recent.stream().mapToDouble(ExtractionParameters::weight).average().orElse(0);
        return mean * Math.min(1.0, (double) recent.size() / MIN_REQUESTS);
    }
}
