package dev.distill4j.core.store;

import dev.distill4j.core.TrainingRound;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.EvalResult;
import dev.distill4j.core.Example;
import dev.distill4j.core.JudgeReply;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.TeacherBatch;
import dev.distill4j.core.TeacherRequest;
import dev.distill4j.core.TrainingRound;
import dev.distill4j.core.Unjudged;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import java.util.List;
import java.util.Map;

/** Records built by hand for the store tests: one of each table, with every optional field set. */
final class StoreFixtures {
    private StoreFixtures() {}

    static Task task(int i) {
        return new Task("custom:t" + i, "custom", i % 5 == 0 ? Split.EVAL : Split.TRAIN,
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("What is " + i + " + 1? \u00e9\u4e2d \"quoted\"")),
                Integer.toString(i + 1), "1 + " + i + " = " + (i + 1) + "\nAnswer: " + (i + 1),
                VerifierSpec.of("number", Map.of("rel_tol", 1e-6)), Map.of("difficulty", i % 3, "template", "plain"));
    }

    static Sample sample(int i) {
        ObjectNode logprobs = JsonNodeFactory.instance.objectNode();
        logprobs.putArray("content").addObject().put("token", "4").put("logprob", -0.25);
        return new Sample("s" + i, "r" + (i / 4), "custom:t" + (i / 4), i % 4, "teacher-arith", "Answer: " + i, "stop", 12, 3 + i,
                i % 2 == 0 ? logprobs : null);
    }

    static TeacherRequest request(int i) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("model", "teacher-arith").put("n", 4).put("temperature", 0.7);
        return new TeacherRequest("r" + i, "local", "teacher-arith", body, "ok", 2, 40, 17, 0.000125, 31, null);
    }

    /** The three steps of four batches: uploaded with its requests, created, settled with its outcome. */
    static TeacherBatch batch(int i) {
        String submission = "submission-" + (i / 3);
        return switch (i % 3) {
            case 0 -> {
                ObjectNode requests = JsonNodeFactory.instance.objectNode();
                ObjectNode entry = requests.putObject("r" + i);
                entry.put("task_id", "custom:t" + i).put("first_index", 0).putArray("sample_keys").add("s" + i).add("s" + (i + 1));
                entry.putObject("body").put("model", "teacher-arith").put("n", 2);
                yield TeacherBatch.of(submission, TeacherBatch.UPLOADED, "local", "file-" + i, null, requests,
                        JsonNodeFactory.instance.objectNode().put("uploaded_at", 1_700_000_000 + i));
            }
            case 1 -> TeacherBatch.of(submission, TeacherBatch.CREATED, "local", "file-" + (i - 1), "batch_" + i, null, null);
            default -> TeacherBatch.of(submission, TeacherBatch.SETTLED, "local", "file-" + (i - 2), "batch_" + (i - 1), null,
                    JsonNodeFactory.instance.objectNode().put("status", "completed"));
        };
    }

    static Verdict verdict(int i) {
        return new Verdict("v" + i, "s" + i, "custom:t" + (i / 4), "integer", i % 3 != 0, i % 3 != 0 ? 1.0 : 0.0,
                i % 3 != 0 ? "match" : "expected 5, got 6", i % 3 != 0 ? Integer.toString(i) : null);
    }

    /** A judge's answer: parsed or not, every third one cut off at the token limit. */
    static JudgeReply judgeReply(int i) {
        return new JudgeReply("j" + i, "v" + i, "judge{hash=0123456789abcdef, rubric=quality}", i % 2, "judge", i % 4 == 0 ? null : "judge-model",
                "{\"scores\": {\"correctness\": " + (1 + i % 5) + "}, \"reason\": \"ok\"}", i % 3 == 0 ? "length" : "stop", 90 + i, 20,
                0.0001 * i);
    }

    static Unjudged unjudged(int i) {
        return Unjudged.of("v" + i, "s" + i, "custom:t" + (i / 4), "judge{hash=0123456789abcdef, rubric=quality}",
                i % 2 == 0 ? "unparsable" : "timeout", i % 2 == 0 ? "no JSON object in the reply: 'fine'" : "judge: timed out", i % 3);
    }

    static Example example(int i) {
        return Example.of("custom:t" + i, "expert",
                List.of(ChatMessage.user("What is " + i + " + 1?"), ChatMessage.assistant("Answer: " + (i + 1))), null,
                i % 2 == 0 ? 1.0 : null);
    }

    static EvalResult eval(int i) {
        return new EvalResult("e" + i, "arith-greedy", "models/student", "custom:t" + i, 0, "Answer: " + (i + 1),
                Integer.toString(i + 1), true, 1.0);
    }

    /** Every other round trained on nothing (no loss, a no-signal reason, no KL): the optional columns both ways. */
    static TrainingRound trainRound(int i) {
        boolean trained = i % 2 == 0;
        return new TrainingRound(TrainingRound.key("student-grpo", "grpo", i + 1), "student-grpo", "grpo", i + 1, 64, 0.25 + i / 100.0, 0.25,
                11.5, trained ? 0.01 * i : null, i % 3, trained ? 32 : 0, trained ? 1024L * i : 0, 0, trained ? -0.1 * i : null,
                trained ? null : "no signal: no answer passed (pass rate 0)");
    }
}
