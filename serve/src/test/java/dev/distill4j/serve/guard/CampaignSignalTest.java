package dev.distill4j.serve.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CampaignSignalTest {
    static final long SECOND = 1_000;
    final CampaignSignal signal = CampaignSignal.standard();

    /** A request asking for {@code n} samples and {@code topLogprobs} alternatives (logprobs on when above 0). */
    static CampaignSignal.Request request(String key, long at, String prompt, int n, int topLogprobs, double temperature) {
        RequestEvent event = new RequestEvent(key, at, 20, 40 * n, n, topLogprobs > 0, topLogprobs, false, temperature);
        return new CampaignSignal.Request(event, PromptTrace.of(prompt));
    }

    /** Greedy, one answer, no logprobs: how an evaluation job asks. */
    static CampaignSignal.Request greedy(String key, long at, String prompt) {
        return request(key, at, prompt, 1, 0, 0.0);
    }

    static String sum(int a, int b) {
        return "What is " + a + " + " + b + "?";
    }

    /** A public benchmark: 200 fixed additions, the same for everyone who runs it. */
    static List<String> benchmark() {
        List<String> prompts = new ArrayList<>();
        for (int a = 0; a < 20; a++) {
            for (int b = 0; b < 10; b++) {
                prompts.add(sum(a, b));
            }
        }
        return prompts;
    }

    /** {@code developers} keys that each run the whole benchmark, greedy. */
    static void evalDevelopers(Map<String, List<CampaignSignal.Request>> byKey, int developers) {
        for (int d = 0; d < developers; d++) {
            List<CampaignSignal.Request> own = new ArrayList<>();
            long at = d * 7 * SECOND;
            for (String prompt : benchmark()) {
                own.add(greedy("eval-" + d, at += SECOND, prompt));
            }
            byKey.put("eval-" + d, own);
        }
    }

    /** {@code keys} keys that each ask {@code each} tasks of one task list, every task once over the campaign, greedy. */
    static void sliceAttackers(Map<String, List<CampaignSignal.Request>> byKey, int keys, int each) {
        for (int k = 0; k < keys; k++) {
            List<CampaignSignal.Request> own = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                int task = k * each + i;
                // Operands from 1000 up: no task of the list is in the public benchmark.
                own.add(greedy("slice-" + k, task * SECOND, sum(1000 + task / 50, task % 50)));
            }
            byKey.put("slice-" + k, own);
        }
    }

    @Test
    void should_score_a_thousand_keys_asking_three_tasks_each_with_top_logprobs_as_one_campaign() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        for (int k = 0; k < 1_000; k++) {
            List<CampaignSignal.Request> own = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int task = 3 * k + i;
                own.add(request("hydra-" + k, task * SECOND, sum(task / 100, task % 100), 4, 5, 1.0));
            }
            byKey.put("hydra-" + k, own);
        }
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores).hasSize(1_000);
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isGreaterThanOrEqualTo(0.95));
        // Alone, each key is 3 requests of weight 1 (top_logprobs 5): 3/30 of the per-key ramp.
        assertThat(ExtractionParameters.score(byKey.get("hydra-0").stream().map(CampaignSignal.Request::event).toList()))
                .isCloseTo(0.1, within(1e-12));
    }

    @Test
    void should_score_a_campaign_from_each_keys_first_extraction_shaped_request() {
        // 1,000 fresh keys, one request each so far: none shows a template alone, together they are one campaign.
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        for (int k = 0; k < 1_000; k++) {
            byKey.put("hydra-" + k, List.of(request("hydra-" + k, k * SECOND, sum(100 + k / 50, k % 50), 4, 5, 1.0)));
        }
        byKey.put("curious", List.of(request("curious", 0, "Write a haiku about 3 cats.", 1, 5, 0.7)));
        byKey.put("chat", List.of(greedy("chat", 0, sum(7, 8))));
        Map<String, Double> scores = signal.scores(byKey);
        byKey.keySet().stream().filter(k -> k.startsWith("hydra")).forEach(k -> assertThat(scores.get(k)).as(k).isGreaterThanOrEqualTo(0.95));
        // One developer trying top_logprobs once on a prompt of its own, one plain question on the campaign's template.
        assertThat(scores.get("curious")).isLessThan(0.1);
        assertThat(scores.get("chat")).isZero();
    }

    @Test
    void should_leave_evaluation_jobs_running_the_same_public_benchmark_alone() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        evalDevelopers(byKey, 30);
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores).hasSize(30);
        // Greedy requests weigh 0, and every prompt is asked 30 times: neither part has anything to count.
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isLessThan(0.5).isZero());
    }

    @Test
    void should_leave_chat_users_alone_even_those_trying_top_logprobs() {
        Random random = new Random(11);
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        for (int u = 0; u < 200; u++) {
            String key = "user-" + u;
            List<CampaignSignal.Request> own = new ArrayList<>();
            List<String> prompts = SyntheticPrompts.benign(5 + random.nextInt(26), random);
            // A popular template too, a few times each, never most of a user's traffic.
            for (int i = 0; i < 2; i++) {
                prompts.add("What is " + (5 + random.nextInt(20)) + "% of " + random.nextInt(500) + "?");
            }
            for (int i = 0; i < prompts.size(); i++) {
                boolean trying = u < 10 && i < 3; // ten users try top_logprobs=5 on their first three prompts
                own.add(request(key, random.nextInt(3_600) * SECOND, prompts.get(i), 1, trying ? 5 : 0, 0.7));
            }
            byKey.put(key, own);
        }
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores).hasSize(200);
        assertThat(scores).allSatisfy((key, score) -> assertThat(score).as(key).isLessThan(0.5));
    }

    @Test
    void should_score_keys_asking_disjoint_slices_of_one_task_list_high_even_greedy() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        sliceAttackers(byKey, 50, 20);
        Map<String, Double> scores = signal.scores(byKey);
        // Every prompt novel (novelty 1), 50 keys >= 5, 1,000 requests >= 100: the slices part in full.
        assertThat(scores.values()).allSatisfy(score -> assertThat(score).isGreaterThanOrEqualTo(0.9).isCloseTo(1.0, within(1e-12)));
    }

    @Test
    void should_see_slices_through_chat_words_wrapped_around_each_task() {
        // Mimics: every task in different chat words (one of six wrappers), one plain answer, 10 keys.
        String[] wrappers = {"Quick question while I work on %s: %s", "%2$s Thanks!", "Help with homework please. %2$s Show your working.",
            "Before we talk about %s, %s", "Alice asked me this and I'm not sure. %2$s", "%2$s"};
        String[] topics = {"jazz chords", "house plants", "SQL joins"};
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        Map<String, List<CampaignSignal.Request>> wholeSkeletons = new HashMap<>();
        for (int k = 0; k < 10; k++) {
            List<CampaignSignal.Request> own = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int task = k * 20 + i;
                String prompt = String.format(wrappers[task % wrappers.length], topics[task % topics.length], sum(1000 + task / 50, task % 50));
                own.add(request("mimic-" + k, task * SECOND, prompt, 1, 0, 0.7));
            }
            byKey.put("mimic-" + k, own);
        }
        evalDevelopers(byKey, 5);
        Map<String, Double> scores = signal.scores(byKey);
        scores.forEach((key, score) -> assertThat(score).as(key).isCloseTo(key.startsWith("mimic") ? 1.0 : 0.0, within(0.05)));
    }

    @Test
    void should_give_a_task_wrapped_in_chat_words_the_task_skeleton_of_the_bare_task() {
        String bare = TemplateSkeleton.task("What is 23 + 58?");
        assertThat(bare).isEqualTo("what is <n> + <n>");
        assertThat(TemplateSkeleton.task("Quick question while I work on jazz: what is 7 + 12?")).isEqualTo(bare);
        assertThat(TemplateSkeleton.task("Help with homework please. What is 1 + 2? Show your working.")).isEqualTo(bare);
        assertThat(TemplateSkeleton.task("Before we talk about SQL, what is 40 + 2?")).isEqualTo(bare);
        assertThat(TemplateSkeleton.task("What is 4 * 2?")).isNotEqualTo(bare);
        // Without a number, the whole skeleton stands for the task.
        assertThat(TemplateSkeleton.task("Write a short poem about the sea.")).isEqualTo("write a short poem about the sea.");
    }

    @Test
    void should_tell_slices_from_evaluation_jobs_on_the_same_template() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        sliceAttackers(byKey, 50, 20);
        evalDevelopers(byKey, 30);
        Map<String, Double> scores = signal.scores(byKey);
        // Novelty over the whole skeleton is 1,000 / 7,000: unsplit, the evaluation jobs would hide the campaign.
        assertThat(scores).hasSize(80);
        assertThat(scores).allSatisfy((key, score) -> {
            if (key.startsWith("slice-")) {
                assertThat(score).as(key).isGreaterThanOrEqualTo(0.9);
            } else {
                assertThat(score).as(key).isLessThan(0.5);
            }
        });
    }

    @Test
    void should_give_a_key_that_reruns_its_own_prompts_nothing_for_slices() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        sliceAttackers(byKey, 50, 20);
        // A private benchmark of 10 prompts nobody else asks, run twice.
        List<CampaignSignal.Request> rerun = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            for (int i = 0; i < 10; i++) {
                rerun.add(greedy("rerun", (run * 10 + i) * SECOND, sum(5_000 + i, 1)));
            }
        }
        byKey.put("rerun", rerun);
        Map<String, Double> scores = signal.scores(byKey);
        assertThat(scores.get("rerun")).isZero();
        assertThat(scores.get("slice-0")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void should_not_tell_a_private_benchmark_run_once_from_a_slice() {
        // The documented limit: prompts nobody else asks, each once, on the campaign's template, look like a slice.
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        sliceAttackers(byKey, 50, 20);
        List<CampaignSignal.Request> privateRun = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            privateRun.add(greedy("private-eval", i * SECOND, sum(7_000 + i, 3)));
        }
        byKey.put("private-eval", privateRun);
        assertThat(signal.scores(byKey).get("private-eval")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void should_score_a_lone_developer_trying_top_logprobs_as_little_as_alone() {
        List<CampaignSignal.Request> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(request("dev", i * SECOND, "Classify the sentiment of review " + (100 + i) + ".", 1, 5, 1.0));
        }
        // A cohort of one: weight 1 x 3 requests / 30. Slices: a cohort of 1 key and 3 requests, 1/5 x 3/100 = 0.006.
        assertThat(signal.scores(Map.of("dev", own)).get("dev")).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void should_not_pool_a_key_with_a_crowd_on_its_template_that_asks_differently() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        evalDevelopers(byKey, 30);
        List<CampaignSignal.Request> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(request("dev", i * SECOND, sum(9_000 + i, 1), 1, 5, 1.0));
        }
        byKey.put("dev", own);
        // 6,000 greedy requests share its skeleton but not its signature: its cohort is itself, 1 x 3 / 30.
        assertThat(signal.scores(byKey).get("dev")).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void should_leave_keys_without_a_dominant_template_out_of_every_cohort() {
        Map<String, List<CampaignSignal.Request>> byKey = new HashMap<>();
        for (int k = 0; k < 100; k++) {
            // Two extraction-shaped requests on the shared template, three on templates of its own ("moon7a" is one
            // word, kept by the skeleton): 2 of 5 is under half. Counted anyway, 100 keys x 2 would score 1.
            List<CampaignSignal.Request> own = new ArrayList<>();
            own.add(request("k" + k, 0, sum(k, 0), 8, 5, 1.0));
            own.add(request("k" + k, SECOND, sum(k, 1), 8, 5, 1.0));
            for (String suffix : List.of("a", "b", "c")) {
                own.add(request("k" + k, 2 * SECOND, "Tell me about moon" + k + suffix + " please", 8, 5, 1.0));
            }
            byKey.put("k" + k, own);
        }
        assertThat(signal.scores(byKey).values()).containsOnly(0.0);
    }

    @Test
    void should_bucket_parameters_into_signatures_as_documented() {
        // n=4 is the 2-7 bucket, top_logprobs=3 the 1-4 bucket; temperature 1.0 is not hot.
        assertThat(CampaignSignal.Signature.of(new RequestEvent("k", 0, 1, 1, 4, true, 3, false, 1.0)))
                .isEqualTo(new CampaignSignal.Signature(1, 2, false, false));
        assertThat(CampaignSignal.Signature.of(new RequestEvent("k", 0, 1, 1, 8, true, 0, true, 1.2)))
                .isEqualTo(new CampaignSignal.Signature(2, 1, true, true));
        for (int index = 0; index < CampaignSignal.Signature.COUNT; index++) {
            assertThat(CampaignSignal.Signature.ofIndex(index).index()).isEqualTo(index);
        }
    }

    @Test
    void should_reject_a_novelty_ramp_that_does_not_rise() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CampaignSignal(5, 100, 0.9, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noveltyFloor");
    }
}
