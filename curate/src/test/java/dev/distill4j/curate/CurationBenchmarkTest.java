package dev.distill4j.curate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distill4j.core.config.CurationConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurationBenchmarkTest {
    @Test
    void should_meet_the_recall_and_precision_targets_on_a_small_corpus_and_add_up() {
        List<Long> progress = new ArrayList<>();
        CurationBenchmark.Figures figures = CurationBenchmark.run(20_000, 9, CurationConfig.builder().build(), progress::add);

        assertThat(figures.plantedNearDuplicates()).isBetween(850L, 1050L);
        assertThat(figures.nearDupRecall()).isGreaterThanOrEqualTo(0.95);
        assertThat(figures.nearDupPrecision()).isGreaterThanOrEqualTo(0.95);
        assertThat(figures.contaminationRecall()).isEqualTo(1.0);
        assertThat(figures.contaminationFalsePositives()).isZero();
        assertThat(figures.exactDupRecall()).isEqualTo(1.0);
        Funnel funnel = figures.funnel();
        assertThat(funnel.in()).isEqualTo(20_000);
        assertThat(funnel.dropped(DropReason.CONTAMINATED)).isEqualTo(figures.plantedContaminated());
        assertThat(funnel.dropped(DropReason.NEAR_DUPLICATE)).isEqualTo(figures.reportedNearDuplicates());
        assertThat(funnel.kept() + funnel.droppedTotal()).isEqualTo(funnel.in());
        assertThat(progress).endsWith(20_000L);
        assertThat(figures.docsPerSecond()).isPositive();
    }
}
