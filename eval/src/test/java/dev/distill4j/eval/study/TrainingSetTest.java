package dev.distill4j.eval.study;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingSetTest {
    static Task task(int i) {
        return new Task("t" + i, "arith", Split.TRAIN, List.of(ChatMessage.user("What is " + i + " + 1?")), String.valueOf(i + 1),
                "worked " + i, VerifierSpec.of("integer"), Map.of());
    }

    static List<Task> tasks(int n) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(task(i));
        }
        return tasks;
    }

    @Test
    void should_give_each_source_its_own_answer_in_place_of_the_expert_solution() {
        Map<String, List<TeacherRollout>> rollouts = Map.of("t0", List.of(new TeacherRollout("t0", 0, "teacher says 1", true)));
        List<Task> ordered = tasks(1);
        assertThat(TrainingSet.first(DataSource.GOLD, 1, ordered, rollouts).tasks().get(0).expertSolution()).isEqualTo("Answer: 1");
        assertThat(TrainingSet.first(DataSource.EXPERT, 1, ordered, rollouts).tasks().get(0).expertSolution()).isEqualTo("worked 0");
        assertThat(TrainingSet.first(DataSource.TEACHER_VERIFIED, 1, ordered, rollouts).tasks().get(0).expertSolution()).isEqualTo("teacher says 1");
        assertThat(TrainingSet.first(DataSource.GOLD, 1, ordered, rollouts).teacherQueries()).isZero();
    }

    @Test
    void should_count_every_sample_drawn_for_a_walked_task_as_a_verified_set_cost() {
        // t0: one failed sample then a kept one (2 queries); t1: two failures (2 queries, no example); t2: kept (1 query).
        Map<String, List<TeacherRollout>> rollouts = Map.of(
                "t0", List.of(new TeacherRollout("t0", 1, "right", true), new TeacherRollout("t0", 0, "wrong", false)),
                "t1", List.of(new TeacherRollout("t1", 0, "wrong", false), new TeacherRollout("t1", 1, "wrong again", false)),
                "t2", List.of(new TeacherRollout("t2", 0, "right", true)));
        TrainingSet verified = TrainingSet.first(DataSource.TEACHER_VERIFIED, 2, tasks(3), rollouts);
        assertThat(verified.tasks()).extracting(Task::id).containsExactly("t0", "t2");
        assertThat(verified.tasks().get(0).expertSolution()).isEqualTo("right");
        assertThat(verified.teacherQueries()).isEqualTo(5);

        // Unverified takes each task's first sample, right or wrong, at one query each.
        TrainingSet unverified = TrainingSet.first(DataSource.TEACHER_UNVERIFIED, 3, tasks(3), rollouts);
        assertThat(unverified.tasks()).extracting(Task::expertSolution).containsExactly("wrong", "wrong", "right");
        assertThat(unverified.teacherQueries()).isEqualTo(3);
    }

    @Test
    void should_nest_the_sets_of_one_order_and_refuse_a_size_the_source_cannot_fill() {
        List<Task> ordered = SampleEfficiencyStudy.ordered(tasks(50), 7);
        TrainingSet small = TrainingSet.first(DataSource.EXPERT, 10, ordered, Map.of());
        TrainingSet large = TrainingSet.first(DataSource.EXPERT, 30, ordered, Map.of());
        assertThat(large.tasks().subList(0, 10)).isEqualTo(small.tasks());
        assertThat(SampleEfficiencyStudy.ordered(tasks(50), 8)).isNotEqualTo(ordered).containsExactlyInAnyOrderElementsOf(ordered);
        assertThat(TrainingSet.first(DataSource.EXPERT, 51, ordered, Map.of())).isNull();
        assertThat(TrainingSet.first(DataSource.TEACHER_VERIFIED, 1, ordered, Map.of())).isNull();
    }
}
