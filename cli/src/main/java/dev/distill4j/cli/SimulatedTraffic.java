package dev.distill4j.cli;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.arith.ArithFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The populations the guard's simulator sends, planned in advance from one seed so that a run is reproducible:
 * benign ones (chat users, developers running batch evaluations, applications with heavy but legitimate traffic) and
 * attack campaigns that each try to buy a training set for a copy of the served arithmetic teacher.
 *
 * <p>Every attack campaign asks what distill4j's own pipeline asks when it distils a teacher: the task family's
 * prompts, each task once over the whole campaign, 4 samples a prompt at temperature 1 with the top-5 logprobs
 * (rejection sampling and KD), except the mimics, which dress each task in a chat user's words and ask for one plain
 * answer.
 */
final class SimulatedTraffic {
    /** Answers benign traffic asks for are cut short: the guard never reads an answer, and it keeps the run fast. */
    static final int BENIGN_MAX_TOKENS = 4;
    /** An attacker wants the whole worked answer. */
    static final int ATTACK_MAX_TOKENS = 160;
    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;

    /**
     * One request as planned.
     *
     * @param taskId the arithmetic task behind an attacker's prompt (its answer trains the attacker's student); null
     *               for benign traffic
     */
    record PlannedRequest(long atMillis, String keyId, String prompt, int n, double temperature, boolean logprobs, int topLogprobs, int maxTokens,
            String taskId) {}

    /** A population: its keys and what they send. */
    record Population(String name, boolean attack, String description, List<String> keys, List<PlannedRequest> requests) {}

    /**
     * The sizes of one simulation.
     *
     * @param hours          how long the benign traffic runs (simulated)
     * @param attackQueries  queries each attack campaign plans (the unguarded attacker's budget): enough answers for a
     *                       student at 90% of the teacher, as the study measured (1,024 verified examples)
     */
    record Scale(int hours, int chatKeys, int evalKeys, int benchmarkSize, int heavyKeys, int heavyPerHour, int attackQueries,
            List<Integer> campaignKeys, int slowKeys, long slowIntervalMillis, int mimicKeys) {
        static Scale full() {
            return new Scale(4, 1_000, 30, 250, 10, 250, 1_024, List.of(1, 10, 100, 1_000), 10, 10 * MINUTE, 10);
        }

        static Scale quick() {
            return new Scale(1, 60, 4, 40, 2, 120, 64, List.of(1, 10), 2, 5 * MINUTE, 2);
        }
    }

    final long startMillis;
    final List<Population> populations;
    /** Every task the attackers ask about (campaigns draw their own slices of them). */
    final List<Task> attackTasks;

    private SimulatedTraffic(long startMillis, List<Population> populations, List<Task> attackTasks) {
        this.startMillis = startMillis;
        this.populations = populations;
        this.attackTasks = attackTasks;
    }

    /** The most tasks drawn for the attackers: most of the train split's share of 2-digit addition. */
    static final int ATTACK_TASKS = 3_000;

    /** The arithmetic the attackers target and the served teacher was trained on: 2-digit addition. */
    static final Map<String, Object> TASK_OPTIONS = Map.of("digits", "2", "ops", "add");

    static SimulatedTraffic plan(Scale scale, long seed) {
        long start = 1_800_000_000_000L; // a fixed epoch: the run's timestamps do not depend on the day it ran
        long span = scale.hours() * HOUR;
        Random random = new Random(seed);
        List<Population> populations = new ArrayList<>();
        populations.add(chat(scale, start, span, new Random(random.nextLong())));
        populations.add(evaluations(scale, start, span, new Random(random.nextLong()), seed));
        populations.add(heavy(scale, start, span, new Random(random.nextLong())));
        int campaigns = scale.campaignKeys().size() + 2;
        // 2-digit addition has 4,095 distinct problems; campaigns beyond that share some, as separate attackers would.
        List<Task> tasks = new ArithFamily().generate(new TaskRequest(Math.min(ATTACK_TASKS, scale.attackQueries() * campaigns), seed, Split.TRAIN,
                TASK_OPTIONS));
        // Each campaign takes the next slice of the tasks (distinct within it).
        int offset = 0;
        for (int keys : scale.campaignKeys()) {
            int queries = Math.max(scale.attackQueries(), 3 * keys); // a key sends at least 3: one request alone is no campaign
            List<Task> slice = window(tasks, offset, queries);
            offset += queries;
            populations.add(campaign("attack-" + keys, keys + (keys == 1 ? " key" : " keys") + " sharing the work at 4 requests/s", slice, keys,
                    start + span / 8, 250, new Random(random.nextLong()), false));
        }
        List<Task> slow = window(tasks, offset, scale.slowKeys() * (int) (span / scale.slowIntervalMillis()));
        offset += slow.size();
        populations.add(campaign("attack-slow", scale.slowKeys() + " keys, each one request every " + scale.slowIntervalMillis() / MINUTE + " min",
                slow, scale.slowKeys(), start, scale.slowIntervalMillis() / scale.slowKeys(), new Random(random.nextLong()), false));
        List<Task> mimic = window(tasks, offset, scale.attackQueries());
        populations.add(campaign("attack-mimic", scale.mimicKeys() + " keys asking in chat users' words, plain sampling", mimic, scale.mimicKeys(),
                start + span / 8, (span / 2) / mimic.size(), new Random(random.nextLong()), true));
        return new SimulatedTraffic(start, List.copyOf(populations), tasks);
    }

    private static List<Task> window(List<Task> tasks, int offset, int count) {
        List<Task> slice = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slice.add(tasks.get((offset + i) % tasks.size()));
        }
        return slice;
    }

    /** Chat users: a handful of varied prompts each, in sessions spread over the period; a few try logprobs. */
    private static Population chat(Scale scale, long start, long span, Random random) {
        List<String> keys = new ArrayList<>();
        List<PlannedRequest> requests = new ArrayList<>();
        for (int k = 0; k < scale.chatKeys(); k++) {
            String key = String.format("chat-%04d", k);
            keys.add(key);
            int count = 1 + random.nextInt(20);
            boolean triesLogprobs = random.nextInt(50) == 0;
            long at = start + (long) (random.nextDouble() * span);
            for (int i = 0; i < count && at < start + span; i++) {
                boolean logprobs = triesLogprobs && i < 3;
                requests.add(new PlannedRequest(at, key, BenignPrompts.chat(random), 1, random.nextBoolean() ? 0.7 : 1.0, logprobs, logprobs ? 5 : 0,
                        BENIGN_MAX_TOKENS, null));
                at += (long) (-Math.log(1 - random.nextDouble()) * 3 * MINUTE) + 5 * SECOND;
            }
        }
        return new Population("chat", false, "chat users, 1-20 varied prompts each, 2% try top-5 logprobs", keys, requests);
    }

    /**
     * Developers running batch evaluations, the hard negative: one template at a high rate, every prompt of a public
     * benchmark, greedy; some ask for the sampled token's logprob. They share benchmarks, and half run theirs twice.
     */
    private static Population evaluations(Scale scale, long start, long span, Random random, long seed) {
        List<List<String>> benchmarks = new ArrayList<>();
        // Two public arithmetic benchmarks in the task family's own words (the eval split: tasks no attacker trains
        // on), and a question-answering one.
        for (int b = 0; b < 2; b++) {
            benchmarks.add(new ArithFamily().generate(new TaskRequest(scale.benchmarkSize(), 1000 + b, Split.EVAL,
                    b == 0 ? TASK_OPTIONS : Map.of("digits", "3", "ops", "mul"))).stream().map(t -> t.messages().get(0).content()).toList());
        }
        Random qa = new Random(77);
        List<String> questions = new ArrayList<>();
        for (int i = 0; i < scale.benchmarkSize(); i++) {
            questions.add("Answer with one word. Question " + (i + 1) + ": " + BenignPrompts.chat(qa));
        }
        benchmarks.add(questions);
        List<String> keys = new ArrayList<>();
        List<PlannedRequest> requests = new ArrayList<>();
        for (int k = 0; k < scale.evalKeys(); k++) {
            String key = String.format("eval-%02d", k);
            keys.add(key);
            List<String> benchmark = benchmarks.get(k % benchmarks.size());
            boolean logprobs = k % 3 == 1;
            int runs = 1 + random.nextInt(2);
            long at = start + (long) (random.nextDouble() * span / 2);
            for (int run = 0; run < runs; run++) {
                for (String prompt : benchmark) {
                    requests.add(new PlannedRequest(at, key, prompt, 1, 0.0, logprobs, 0, BENIGN_MAX_TOKENS, null));
                    at += 100 + random.nextInt(200);
                }
                at += span / 4;
            }
        }
        return new Population("eval", false, "batch evaluations of 3 shared benchmarks, greedy, 1-2 runs; a third ask for logprobs", keys, requests);
    }

    /** Applications on the API: one template each around new text, hundreds of requests an hour, all period long. */
    private static Population heavy(Scale scale, long start, long span, Random random) {
        List<String> keys = new ArrayList<>();
        List<PlannedRequest> requests = new ArrayList<>();
        for (int k = 0; k < scale.heavyKeys(); k++) {
            String key = String.format("app-%02d", k);
            keys.add(key);
            double perHour = scale.heavyPerHour() * (0.5 + random.nextDouble());
            long at = start + (long) (random.nextDouble() * 10 * MINUTE);
            while (at < start + span) {
                requests.add(new PlannedRequest(at, key, BenignPrompts.application(k, random), 1, 0.3, false, 0, BENIGN_MAX_TOKENS, null));
                at += (long) (-Math.log(1 - random.nextDouble()) * HOUR / perHour);
            }
        }
        return new Population("heavy", false, "applications, one template each around new text, " + scale.heavyPerHour() / 2 + "-"
                + scale.heavyPerHour() * 3 / 2 + " requests/hour", keys, requests);
    }

    /**
     * A campaign: its tasks dealt round-robin to its keys, one request every {@code gapMillis} across the campaign
     * (a scheduler drives all its keys).
     */
    private static Population campaign(String name, String description, List<Task> tasks, int keyCount, long startAt, long gapMillis, Random random,
            boolean mimic) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            keys.add(String.format("%s-%04d", name, k));
        }
        List<PlannedRequest> requests = new ArrayList<>();
        long at = startAt;
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            String question = task.messages().get(0).content();
            String key = keys.get(i % keyCount);
            requests.add(mimic
                    ? new PlannedRequest(at, key, BenignPrompts.mimic(question, random), 1, 0.7, false, 0, ATTACK_MAX_TOKENS, task.id())
                    : new PlannedRequest(at, key, question, 4, 1.0, true, 5, ATTACK_MAX_TOKENS, task.id()));
            at += Math.max(1, gapMillis + (long) ((random.nextDouble() - 0.5) * gapMillis * 0.2));
        }
        return new Population(name, true, description, keys, requests);
    }
}
