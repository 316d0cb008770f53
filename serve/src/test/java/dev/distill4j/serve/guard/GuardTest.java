package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guard's core end to end, without HTTP: requests recorded, keys rescored, decisions looked up. */
class GuardTest {
    static final long SECOND = 1_000;

    static Guard guard(Set<String> allowList) {
        Guard.Settings settings = new Guard.Settings(new VolumeSignal(3_600 * SECOND, 600, 24 * 3_600 * SECOND), new CoverageSignal(20),
                new CoordinationSignal(60 * SECOND, 3), CampaignSignal.standard(), null, null, new GuardPolicy(0.5, 0.7, 0.85, 0.95, allowList), 64, 128);
        return new Guard(settings, new GuardLedger(256, Map.of()));
    }

    private static RequestEvent chat(String key, long at) {
        return new RequestEvent(key, at, 30, 120, 1, false, 0, false, 0.7);
    }

    @Test
    void should_refuse_a_key_walking_the_task_space_with_logprobs_and_leave_chat_users_alone() {
        Guard guard = guard(Set.of());
        Random random = new Random(8);
        List<String> benign = SyntheticPrompts.benign(200, random);
        long at = 0;
        for (int a = 10; a < 14; a++) {
            for (int b = 10; b < 60; b++) {
                at += 2 * SECOND;
                guard.observe(new RequestEvent("attacker", at, 20, 80, 8, true, 5, false, 1.0), "What is " + a + " + " + b + "? Show your work.");
                // Chat users on their own schedules, spread over the same span.
                guard.observe(chat("user-" + random.nextInt(5), random.nextInt(400) * 2 * SECOND), benign.get(random.nextInt(benign.size())));
            }
        }
        // Before any rescoring nobody is acted on: the request path only looks decisions up.
        assertThat(guard.decision("attacker").action()).isEqualTo(GuardAction.ALLOW);
        Map<String, Map<String, Double>> signals = guard.rescore(at);
        assertThat(guard.decision("attacker").action()).isEqualTo(GuardAction.REFUSE);
        assertThat(guard.decision("attacker").reasons()).anyMatch(reason -> reason.startsWith("coverage"))
                .anyMatch(reason -> reason.startsWith("extraction_parameters"));
        for (int u = 0; u < 5; u++) {
            assertThat(guard.decision("user-" + u).action()).as("user-%d %s", u, signals.get("user-" + u)).isEqualTo(GuardAction.ALLOW);
        }
        assertThat(guard.decisions().get(0).keyId()).isEqualTo("attacker");
    }

    @Test
    void should_allow_a_listed_evaluation_job_and_keep_a_new_key_allowed_until_scored() {
        Guard guard = guard(Set.of("nightly-eval"));
        for (int i = 0; i < 300; i++) {
            guard.observe(new RequestEvent("nightly-eval", i * SECOND, 20, 80, 8, true, 5, false, 1.0), "What is " + i + " + 1?");
        }
        guard.rescore(300 * SECOND);
        assertThat(guard.decision("nightly-eval").action()).isEqualTo(GuardAction.ALLOW);
        assertThat(guard.decision("nightly-eval").score()).isGreaterThan(0.9);
        assertThat(guard.decision("never-seen").action()).isEqualTo(GuardAction.ALLOW);
    }

    @Test
    void should_report_a_campaign_of_small_keys_that_no_key_shows_alone() {
        Guard guard = guard(Set.of());
        long at = 0;
        for (int k = 0; k < 40; k++) {
            for (int i = 0; i < 3; i++) {
                int task = 3 * k + i;
                at += SECOND;
                guard.observe(new RequestEvent("hydra-" + k, at, 20, 80, 4, true, 5, false, 1.0), "What is " + task + " + 7?");
            }
        }
        Map<String, Map<String, Double>> signals = guard.rescore(at);
        for (int k = 0; k < 40; k++) {
            Map<String, Double> own = signals.get("hydra-" + k);
            // Three requests of weight 1 each: 3/30 of the per-key ramp; the cohort has 120 requests, past it.
            assertThat(own.get("extraction_parameters")).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(own.get("campaign")).isGreaterThanOrEqualTo(0.95);
            assertThat(guard.decision("hydra-" + k).reasons()).anyMatch(reason -> reason.startsWith("campaign"));
        }
    }

    @Test
    void should_catch_a_walk_split_over_one_groups_keys_that_no_key_shows_alone() {
        // Ten keys of one organisation each take ten steps of one walk, one after another (no timing in step).
        Map<String, String> groups = new java.util.HashMap<>();
        for (int k = 0; k < 10; k++) {
            groups.put("acme-" + k, "acme");
        }
        Guard grouped = new Guard(guard(Set.of()).settings(), new GuardLedger(256, groups));
        Guard ungrouped = guard(Set.of());
        long at = 0;
        for (int k = 0; k < 10; k++) {
            for (int step = 0; step < 10; step++) {
                at += 30 * SECOND;
                String prompt = "What is 17 + " + (10 + 10 * k + step) + "? Show your work.";
                grouped.observe(chat("acme-" + k, at), prompt);
                ungrouped.observe(chat("acme-" + k, at), prompt);
            }
        }
        grouped.rescore(at);
        ungrouped.rescore(at);
        for (int k = 0; k < 10; k++) {
            // Alone, ten prompts are too few for the coverage signal; together they are a hundred-step walk. Ungrouped,
            // only the campaign signal sees them, across keys: ten disjoint slices of one template.
            assertThat(ungrouped.decision("acme-" + k).reasons()).isNotEmpty().allMatch(reason -> reason.startsWith("campaign"));
            assertThat(grouped.decision("acme-" + k).action()).isEqualTo(GuardAction.REFUSE);
            assertThat(grouped.decision("acme-" + k).reasons()).anyMatch(reason -> reason.startsWith("group_coverage"));
        }
    }

    @Test
    void should_act_on_a_fresh_keys_first_request_when_it_joins_an_acted_on_campaign() {
        Guard guard = guard(Set.of("nightly-eval"));
        // 100 keys, one request each, n=4 with top-5 logprobs on one task template: the cohort is refused.
        for (int k = 0; k < 100; k++) {
            guard.observe(new RequestEvent("hydra-" + k, k * 1_000L, 20, 0, 4, true, 5, false, 1.0), "What is " + (10 + k) + " + 7?");
        }
        guard.rescore(100_000);
        assertThat(guard.decision("hydra-0").action()).isEqualTo(GuardAction.REFUSE);
        // A fresh key asking the same way is refused at its first request, before any rescoring saw it.
        GuardPolicy.Decision joined = guard.observe(new RequestEvent("hydra-new", 101_000, 20, 0, 4, true, 5, false, 1.0), "What is 99 + 98?");
        assertThat(joined.action()).isEqualTo(GuardAction.REFUSE);
        assertThat(joined.keyId()).isEqualTo("hydra-new");
        assertThat(guard.decision("hydra-new").action()).isEqualTo(GuardAction.REFUSE);
        // Asking the same task plainly, or another task the same way, is not joining; nor is an allow-listed key.
        assertThat(guard.observe(new RequestEvent("chat", 101_000, 20, 0, 1, false, 0, false, 0.7), "What is 99 + 97?").action())
                .isEqualTo(GuardAction.ALLOW);
        assertThat(guard.observe(new RequestEvent("other", 101_000, 20, 0, 4, true, 5, false, 1.0), "Write a poem about the sea.").action())
                .isEqualTo(GuardAction.ALLOW);
        assertThat(guard.observe(new RequestEvent("nightly-eval", 101_000, 20, 0, 4, true, 5, false, 1.0), "What is 99 + 96?").action())
                .isEqualTo(GuardAction.ALLOW);
    }
}
