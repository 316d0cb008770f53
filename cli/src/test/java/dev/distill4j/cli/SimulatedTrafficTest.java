package dev.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedTrafficTest {
    @Test
    void should_plan_the_same_traffic_for_the_same_seed_and_other_traffic_for_another() {
        SimulatedTraffic a = SimulatedTraffic.plan(SimulatedTraffic.Scale.quick(), 5);
        SimulatedTraffic b = SimulatedTraffic.plan(SimulatedTraffic.Scale.quick(), 5);
        SimulatedTraffic c = SimulatedTraffic.plan(SimulatedTraffic.Scale.quick(), 6);
        assertThat(a.populations).isEqualTo(b.populations);
        assertThat(a.populations.get(0).requests()).isNotEqualTo(c.populations.get(0).requests());
    }

    @Test
    void should_give_every_population_its_keys_and_every_campaign_distinct_tasks() {
        SimulatedTraffic.Scale scale = SimulatedTraffic.Scale.quick();
        SimulatedTraffic traffic = SimulatedTraffic.plan(scale, 1);
        List<String> names = traffic.populations.stream().map(SimulatedTraffic.Population::name).toList();
        assertThat(names).containsExactly("chat", "eval", "heavy", "attack-1", "attack-10", "attack-slow", "attack-mimic");
        assertThat(traffic.populations.get(0).keys()).hasSize(scale.chatKeys());
        assertThat(traffic.populations.get(4).keys()).hasSize(10);
        for (SimulatedTraffic.Population population : traffic.populations) {
            Set<String> keys = new HashSet<>(population.keys());
            assertThat(population.requests()).allSatisfy(r -> assertThat(keys).contains(r.keyId()));
            if (population.attack()) {
                // A campaign asks each of its tasks once, and every key of it takes part.
                assertThat(population.requests().stream().map(SimulatedTraffic.PlannedRequest::taskId).distinct().count())
                        .isEqualTo(population.requests().size());
                assertThat(population.requests().stream().map(SimulatedTraffic.PlannedRequest::keyId).distinct().count()).isEqualTo(keys.size());
            } else {
                assertThat(population.requests()).allSatisfy(r -> assertThat(r.taskId()).isNull());
            }
        }
    }

    @Test
    void should_ask_what_distillation_needs_on_attack_and_plain_answers_on_benign_evaluations() {
        SimulatedTraffic traffic = SimulatedTraffic.plan(SimulatedTraffic.Scale.quick(), 1);
        SimulatedTraffic.Population single = traffic.populations.get(3);
        assertThat(single.requests()).allSatisfy(r -> {
            assertThat(r.n()).isEqualTo(4);
            assertThat(r.topLogprobs()).isEqualTo(5);
            assertThat(r.prompt()).matches("What is \\d+ \\+ \\d+\\?");
        });
        SimulatedTraffic.Population evaluations = traffic.populations.get(1);
        assertThat(evaluations.requests()).allSatisfy(r -> {
            assertThat(r.n()).isEqualTo(1);
            assertThat(r.temperature()).isZero();
            assertThat(r.topLogprobs()).isZero();
        });
    }
}
