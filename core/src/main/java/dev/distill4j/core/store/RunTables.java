package dev.distill4j.core.store;

import static dev.distill4j.core.store.Column.optional;
import static dev.distill4j.core.store.Column.required;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.EvalResult;
import dev.distill4j.core.Example;
import dev.distill4j.core.Json;
import dev.distill4j.core.JudgeReply;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.TrainingRound;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.Unjudged;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import java.util.List;
import java.util.Map;

/**
 * The tables of a run, one per pipeline stage, in pipeline order. The column lists here are the on-disk
 * format: changing one means a new {@link RunStore#FORMAT_VERSION} and an update of docs/run-store.md.
 */
public final class RunTables {
    private RunTables() {}

    private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    public static final TableSchema<Task> TASKS = new TableSchema<>("tasks",
            List.of(required("key", SqlType.VARCHAR), required("family", SqlType.VARCHAR), required("split", SqlType.VARCHAR),
                    required("messages", SqlType.JSON), required("reference", SqlType.VARCHAR),
                    optional("expert_solution", SqlType.VARCHAR), required("verifier", SqlType.JSON),
                    required("metadata", SqlType.JSON)),
            Task::id,
            t -> new Object[] {t.id(), t.family(), t.split().wireName(), json(t.messages()), t.reference(), t.expertSolution(),
                json(t.verifier()), json(t.metadata())},
            r -> new Task(r.text("key"), r.text("family"), Split.parse(r.text("split")), r.json("messages", MESSAGES),
                    r.text("reference"), r.text("expert_solution"), VerifierSpec.fromJson(r.json("verifier", OBJECT)),
                    r.json("metadata", OBJECT)));

    public static final TableSchema<TeacherRequest> REQUESTS = new TableSchema<>("requests",
            List.of(required("key", SqlType.VARCHAR), required("endpoint", SqlType.VARCHAR), optional("model", SqlType.VARCHAR),
                    optional("body", SqlType.JSON), required("status", SqlType.VARCHAR), required("attempts", SqlType.INTEGER),
                    required("prompt_tokens", SqlType.BIGINT), required("completion_tokens", SqlType.BIGINT),
                    required("cost_usd", SqlType.DOUBLE), required("latency_ms", SqlType.BIGINT), optional("error", SqlType.VARCHAR)),
            TeacherRequest::key,
            q -> new Object[] {q.key(), q.endpoint(), q.model(), q.body(), q.status(), q.attempts(), q.promptTokens(),
                q.completionTokens(), q.costUsd(), q.latencyMs(), q.error()},
            r -> new TeacherRequest(r.text("key"), r.text("endpoint"), r.text("model"), r.json("body"), r.text("status"),
                    r.integer("attempts"), r.longValue("prompt_tokens"), r.longValue("completion_tokens"), r.real("cost_usd"),
                    r.longValue("latency_ms"), r.text("error")));

    /** Added in format 1 after its first release: a store without it gains it, empty, when opened. */
    public static final TableSchema<TeacherBatch> BATCHES = new TableSchema<>("batches",
            List.of(required("key", SqlType.VARCHAR), required("submission", SqlType.VARCHAR), required("step", SqlType.VARCHAR),
                    required("endpoint", SqlType.VARCHAR), required("file_id", SqlType.VARCHAR), optional("batch_id", SqlType.VARCHAR),
                    optional("requests", SqlType.JSON), optional("detail", SqlType.JSON)),
            TeacherBatch::key,
            b -> new Object[] {b.key(), b.submission(), b.step(), b.endpoint(), b.fileId(), b.batchId(), b.requests(), b.detail()},
            r -> new TeacherBatch(r.text("key"), r.text("submission"), r.text("step"), r.text("endpoint"), r.text("file_id"),
                    r.text("batch_id"), r.json("requests"), r.json("detail")));

    public static final TableSchema<Sample> SAMPLES = new TableSchema<>("samples",
            List.of(required("key", SqlType.VARCHAR), optional("request_key", SqlType.VARCHAR), required("task_id", SqlType.VARCHAR),
                    required("sample_index", SqlType.INTEGER), optional("model", SqlType.VARCHAR), required("completion", SqlType.VARCHAR),
                    optional("finish_reason", SqlType.VARCHAR), required("prompt_tokens", SqlType.INTEGER),
                    required("completion_tokens", SqlType.INTEGER), optional("logprobs", SqlType.JSON)),
            Sample::key,
            s -> new Object[] {s.key(), s.requestKey(), s.taskId(), s.sampleIndex(), s.model(), s.completion(), s.finishReason(),
                s.promptTokens(), s.completionTokens(), s.logprobs()},
            r -> new Sample(r.text("key"), r.text("request_key"), r.text("task_id"), r.integer("sample_index"), r.text("model"),
                    r.text("completion"), r.text("finish_reason"), r.integer("prompt_tokens"), r.integer("completion_tokens"),
                    r.json("logprobs")));

    public static final TableSchema<Verdict> VERDICTS = new TableSchema<>("verdicts",
            List.of(required("key", SqlType.VARCHAR), required("sample_key", SqlType.VARCHAR), required("task_id", SqlType.VARCHAR),
                    required("verifier", SqlType.VARCHAR), required("pass", SqlType.BOOLEAN), required("score", SqlType.DOUBLE),
                    required("reason", SqlType.VARCHAR), optional("extracted", SqlType.VARCHAR)),
            Verdict::key,
            v -> new Object[] {v.key(), v.sampleKey(), v.taskId(), v.verifier(), v.pass(), v.score(), v.reason(), v.extracted()},
            r -> new Verdict(r.text("key"), r.text("sample_key"), r.text("task_id"), r.text("verifier"), r.bool("pass"),
                    r.real("score"), r.text("reason"), r.text("extracted")));

    /** Added in format 1 after its first release, as {@link #BATCHES} was: every answer an LLM judge gave, paid once. */
    public static final TableSchema<JudgeReply> JUDGE_REPLIES = new TableSchema<>("judge_replies",
            List.of(required("key", SqlType.VARCHAR), required("subject", SqlType.VARCHAR), required("verifier", SqlType.VARCHAR),
                    required("attempt", SqlType.INTEGER), required("endpoint", SqlType.VARCHAR), optional("model", SqlType.VARCHAR),
                    required("reply", SqlType.VARCHAR), optional("finish_reason", SqlType.VARCHAR), required("prompt_tokens", SqlType.BIGINT),
                    required("completion_tokens", SqlType.BIGINT), required("cost_usd", SqlType.DOUBLE)),
            JudgeReply::key,
            j -> new Object[] {j.key(), j.subject(), j.verifier(), j.attempt(), j.endpoint(), j.model(), j.reply(), j.finishReason(),
                j.promptTokens(), j.completionTokens(), j.costUsd()},
            r -> new JudgeReply(r.text("key"), r.text("subject"), r.text("verifier"), r.integer("attempt"), r.text("endpoint"),
                    r.text("model"), r.text("reply"), r.text("finish_reason"), r.longValue("prompt_tokens"), r.longValue("completion_tokens"),
                    r.real("cost_usd")));

    /** Added in format 1 after its first release: samples an LLM judge could not judge, with why; they have no verdict. */
    public static final TableSchema<Unjudged> UNJUDGED = new TableSchema<>("unjudged",
            List.of(required("key", SqlType.VARCHAR), required("sample_key", SqlType.VARCHAR), required("task_id", SqlType.VARCHAR),
                    required("verifier", SqlType.VARCHAR), required("kind", SqlType.VARCHAR), required("reason", SqlType.VARCHAR),
                    required("attempts", SqlType.INTEGER)),
            Unjudged::key,
            u -> new Object[] {u.key(), u.sampleKey(), u.taskId(), u.verifier(), u.kind(), u.reason(), u.attempts()},
            r -> new Unjudged(r.text("key"), r.text("sample_key"), r.text("task_id"), r.text("verifier"), r.text("kind"), r.text("reason"),
                    r.integer("attempts")));

    public static final TableSchema<Example> EXAMPLES = new TableSchema<>("examples",
            List.of(required("key", SqlType.VARCHAR), required("task_id", SqlType.VARCHAR), required("source", SqlType.VARCHAR),
                    required("messages", SqlType.JSON), optional("sample_key", SqlType.VARCHAR), optional("score", SqlType.DOUBLE)),
            Example::key,
            e -> new Object[] {e.key(), e.taskId(), e.source(), json(e.messages()), e.sampleKey(), e.score()},
            r -> new Example(r.text("key"), r.text("task_id"), r.text("source"), r.json("messages", MESSAGES),
                    r.text("sample_key"), r.optionalReal("score")));

    public static final TableSchema<EvalResult> EVALS = new TableSchema<>("evals",
            List.of(required("key", SqlType.VARCHAR), required("eval_name", SqlType.VARCHAR), required("model", SqlType.VARCHAR),
                    required("task_id", SqlType.VARCHAR), required("sample_index", SqlType.INTEGER),
                    required("completion", SqlType.VARCHAR), optional("extracted", SqlType.VARCHAR), required("pass", SqlType.BOOLEAN),
                    required("score", SqlType.DOUBLE)),
            EvalResult::key,
            e -> new Object[] {e.key(), e.evalName(), e.model(), e.taskId(), e.sampleIndex(), e.completion(), e.extracted(),
                e.pass(), e.score()},
            r -> new EvalResult(r.text("key"), r.text("eval_name"), r.text("model"), r.text("task_id"), r.integer("sample_index"),
                    r.text("completion"), r.text("extracted"), r.bool("pass"), r.real("score")));

    /** Added in format 1 after its first release (a store without it gains it, empty): the policy modes' rounds. */
    public static final TableSchema<TrainingRound> TRAIN_ROUNDS = new TableSchema<>("train_rounds",
            List.of(required("key", SqlType.VARCHAR), required("model", SqlType.VARCHAR), required("mode", SqlType.VARCHAR),
                    required("round", SqlType.INTEGER), required("samples", SqlType.INTEGER), required("mean_reward", SqlType.DOUBLE),
                    required("pass_rate", SqlType.DOUBLE), required("mean_length", SqlType.DOUBLE), optional("kl", SqlType.DOUBLE),
                    required("zero_variance_groups", SqlType.INTEGER), required("trained_sequences", SqlType.INTEGER),
                    required("training_tokens", SqlType.BIGINT), required("teacher_queries", SqlType.BIGINT), optional("loss", SqlType.DOUBLE),
                    optional("no_signal", SqlType.VARCHAR)),
            TrainingRound::key,
            t -> new Object[] {t.key(), t.model(), t.mode(), t.round(), t.samples(), t.meanReward(), t.passRate(), t.meanLength(), t.kl(),
                t.zeroVarianceGroups(), t.trainedSequences(), t.trainingTokens(), t.teacherQueries(), t.loss(), t.noSignal()},
            r -> new TrainingRound(r.text("key"), r.text("model"), r.text("mode"), r.integer("round"), r.integer("samples"), r.real("mean_reward"),
                    r.real("pass_rate"), r.real("mean_length"), r.optionalReal("kl"), r.integer("zero_variance_groups"),
                    r.integer("trained_sequences"), r.longValue("training_tokens"), r.longValue("teacher_queries"), r.optionalReal("loss"),
                    r.text("no_signal")));

    /** Every table, in pipeline order. */
    public static final List<TableSchema<?>> ALL = List.of(TASKS, REQUESTS, BATCHES, SAMPLES, VERDICTS, JUDGE_REPLIES, UNJUDGED,
            EXAMPLES, EVALS, TRAIN_ROUNDS);

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot render a value as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
