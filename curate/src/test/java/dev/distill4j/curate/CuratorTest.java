package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distill4j.core.config.CurationConfig;
import dev.distill4j.core.config.DedupMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CuratorTest {
    private static final CurationConfig CONFIG = CurationConfig.builder().minScore(0.5).minChars(5).maxChars(100).bestOfN(2)
            .maxPerTask(1).dedup(DedupMode.NEAR).nearDupJaccard(0.8).shingle(2).decontaminate(true).ngram(4).minOverlap(1).build();

    private record Dropped(int ordinal, DropReason reason, int duplicateOf) {}

    @Test
    void should_drop_each_candidate_for_the_reason_worked_out_by_hand_and_add_up() {
        List<Candidate<Integer>> input = List.of(
                candidate(0, "t1", 0.2, "p", "low score answer"),                 // below min score
                candidate(1, "t1", 1.0, "p", "tiny"),                             // 4 chars < 5
                candidate(2, "t1", 1.0, "p", "x".repeat(150)),                    // 150 chars > 100
                candidate(3, "t2", 0.6, "q2", "alpha beta gamma delta"),          // t2's third best of three
                candidate(4, "t2", 0.9, "q2", "epsilon zeta eta theta"),          // kept
                candidate(5, "t2", 0.9, "q2", "omega psi chi phi"),               // t2's second: over the cap of 1
                candidate(6, "t3", 1.0, "solve: the cat sat on the mat", "it is so"), // prompt shares 3 eval 4-grams
                candidate(7, "t4", 1.0, "q4", "Epsilon, zeta eta THETA!"),       // #4 once normalised
                candidate(8, "t5", 1.0, "q5", "iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon"), // kept
                // 10 of the 12 distinct bigrams of the pair shared: Jaccard 0.83 >= 0.8
                candidate(9, "t6", 1.0, "q6", "iota kappa lambda mu nu xi omicron pi rho sigma tau phi"),
                candidate(10, "t7", 1.0, "q7", "epsilon zeta eta theta"),         // #4 again
                candidate(11, "t7", 1.0, "q7", "a fresh answer for seven"),       // kept: the cap counts kept ones only
                candidate(12, "t8", 1.0, "q8", "It is so."));                    // kept: #6 was dropped, never indexed
        List<Integer> kept = new ArrayList<>();
        List<Dropped> drops = new ArrayList<>();
        Curator<Integer> curator = Curator.<Integer>builder(CONFIG).evaluationTexts(List.of("the cat sat on the mat today"))
                .listener((ordinal, c, reason, of) -> drops.add(new Dropped(ordinal, reason, of)))
                .build(c -> kept.add(c.payload()));

        input.forEach(curator::offer);
        assertThat(kept).as("best-of-N holds every candidate until finish").isEmpty();
        Funnel funnel = curator.finish();

        assertThat(kept).containsExactly(4, 8, 11, 12);
        assertThat(drops).containsExactlyInAnyOrder(
                new Dropped(0, DropReason.BELOW_MIN_SCORE, -1), new Dropped(1, DropReason.TOO_SHORT, -1),
                new Dropped(2, DropReason.TOO_LONG, -1), new Dropped(3, DropReason.NOT_BEST_OF_N, -1),
                new Dropped(5, DropReason.OVER_TASK_CAP, -1), new Dropped(6, DropReason.CONTAMINATED, -1),
                new Dropped(7, DropReason.EXACT_DUPLICATE, -1), new Dropped(9, DropReason.NEAR_DUPLICATE, 8),
                new Dropped(10, DropReason.EXACT_DUPLICATE, -1));
        Map<DropReason, Long> expected = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            expected.put(reason, 1L);
        }
        expected.put(DropReason.EXACT_DUPLICATE, 2L);
        // Counted by the run-store stage before candidates reach a curator.
        expected.put(DropReason.NOT_A_TRAINING_TASK, 0L);
        expected.put(DropReason.UNVERIFIED, 0L);
        assertThat(funnel.dropped()).isEqualTo(expected);
        assertThat(funnel.in()).isEqualTo(13);
        assertThat(funnel.kept()).isEqualTo(4);
        assertThat(funnel.in()).isEqualTo(funnel.kept() + funnel.dropped().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void should_keep_the_earlier_sample_of_equal_score_under_best_of_n() {
        CurationConfig config = CurationConfig.builder().minScore(0).bestOfN(2).dedup(DedupMode.NONE).decontaminate(false).build();
        List<Integer> kept = new ArrayList<>();
        Curator<Integer> curator = Curator.<Integer>builder(config).build(c -> kept.add(c.payload()));
        curator.offer(candidate(0, "t", 0.5, "", "a"));
        curator.offer(candidate(1, "t", 1.0, "", "b"));
        curator.offer(candidate(2, "t", 0.5, "", "c"));
        curator.offer(candidate(3, "t", 0.7, "", "d"));
        curator.offer(candidate(4, "u", 0.1, "", "e"));
        Funnel funnel = curator.finish();
        assertThat(kept).containsExactly(1, 3, 4);
        assertThat(funnel.dropped(DropReason.NOT_BEST_OF_N)).isEqualTo(2);
    }

    @Test
    void should_stream_kept_candidates_at_once_without_best_of_n() {
        CurationConfig config = CurationConfig.builder().dedup(DedupMode.EXACT).decontaminate(false).maxPerTask(2).build();
        List<Integer> kept = new ArrayList<>();
        Curator<Integer> curator = Curator.<Integer>builder(config).build(c -> kept.add(c.payload()));
        curator.offer(candidate(0, "t", 1.0, "", "one answer"));
        curator.offer(candidate(1, "t", 1.0, "", "One answer!"));
        curator.offer(candidate(2, "t", 1.0, "", "two answer"));
        curator.offer(candidate(3, "t", 1.0, "", "three answer"));
        assertThat(kept).containsExactly(0, 2);
        Funnel funnel = curator.funnel();
        assertThat(funnel.dropped(DropReason.EXACT_DUPLICATE)).isEqualTo(1);
        assertThat(funnel.dropped(DropReason.OVER_TASK_CAP)).isEqualTo(1);
        assertThat(curator.finish()).isEqualTo(funnel);
    }

    @Test
    void should_refuse_to_decontaminate_without_evaluation_texts() {
        assertThatThrownBy(() -> Curator.<Integer>builder(CurationConfig.builder().build()).build(c -> {}))
                .hasMessageContaining("field 'decontaminate'");
    }

    private static Candidate<Integer> candidate(int id, String task, double score, String prompt, String completion) {
        return new Candidate<>(task, score, prompt, completion, id);
    }
}
