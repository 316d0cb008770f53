package dev.distill4j.tasks.arith;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.family.DistinctDraw;
import java.util.List;
import java.util.Map;

/**
 * Multi-digit addition and multiplication of non-negative integers, with a column-by-column scratchpad
 * (see {@link Scratchpad} for the notation) as the expert solution and the {@code integer} verifier.
 *
 * <p>Options: {@code digits} (each operand's digit count, a range within 1..9, default 2-4) and {@code ops}
 * (add, mul; default both). The task id is derived from the order-independent content, so a commuted problem
 * is the same task: {@code 4821 + 937} and {@code 937 + 4821} share one id and one split.
 */
public final class ArithFamily implements TaskFamily {
    public static final String NAME = "arith";
    private static final VerifierSpec VERIFIER = VerifierSpec.of("integer");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "multi-digit addition and multiplication with a column-by-column scratchpad; verifier: exact integer";
    }

    @Override
    public Map<String, String> options() {
        return ArithSettings.OPTIONS;
    }

    @Override
    public List<Task> generate(TaskRequest request) {
        ArithSettings settings = ArithSettings.read(request.options());
        DistinctDraw<ArithProblem> draw = new DistinctDraw<>(NAME, settings::draw, ArithProblem::canonical,
                ArithProblem::canonical);
        return draw.draw(request, settings.widenHint()).stream().map(problem -> task(problem, request)).toList();
    }

    private static Task task(ArithProblem problem, TaskRequest request) {
        Map<String, Object> metadata = Map.of(
                "op", problem.op().wireName(),
                "digits_a", problem.digitsA(),
                "digits_b", problem.digitsB(),
                "difficulty", Math.max(problem.digitsA(), problem.digitsB()));
        return new Task(NAME + ":" + ContentKey.shortOf(problem.canonical()), NAME, request.split(),
                List.of(ChatMessage.user(problem.question())), problem.answer().toString(), Scratchpad.write(problem),
                VERIFIER, metadata);
    }
}
