package dev.distill4j.core;

/**
 * One evaluated answer of a model on an evaluation task.
 *
 * @param key         content key: hash of the evaluation name, model, task and sample index
 * @param evalName    the evaluation this belongs to (e.g. {@code arith-eval-greedy})
 * @param model       the model evaluated (a path or an endpoint model name)
 * @param taskId      the task
 * @param sampleIndex 0 for greedy; 0..k-1 for pass@k
 * @param completion  the model's full completion
 * @param extracted   the answer extracted from it, or null
 */
public record EvalResult(
        String key, String evalName, String model, String taskId, int sampleIndex, String completion, String extracted,
        boolean pass, double score) {
    public EvalResult {
        Records.requireText(key, "key");
        Records.requireText(evalName, "eval_name");
        Records.requireText(model, "model");
        Records.requireText(taskId, "task_id");
        Records.requireNonNegative(sampleIndex, "sample_index");
        Records.requireUnit(score, "score");
        if (completion == null) {
            throw new IllegalArgumentException("field 'completion': expected the completion text, got null");
        }
    }
}
