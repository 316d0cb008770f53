package dev.distill4j.client.judge;

import dev.distill4j.client.BoundedConcurrency;
import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.judge.JudgeRequests.Answered;
import dev.distill4j.client.judge.JudgeRequests.Failed;
import dev.distill4j.client.judge.JudgmentParser.Parsed;
import dev.distill4j.client.judge.JudgmentParser.Scores;
import dev.distill4j.client.judge.JudgmentParser.Unusable;
import dev.distill4j.client.judge.JudgmentParser.Usable;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.Judgement;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.Unjudged;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.config.JudgeConfig;
import dev.distill4j.core.config.Rubric;
import dev.distill4j.core.store.RunStore;
import dev.distill4j.core.store.StoreException;
import dev.distill4j.core.verify.Agreement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The LLM-as-judge verifier over a run: every sample scored by a judge against a rubric, stored as a verdict under
 * the verifier {@code judge{hash=..., rubric=...}} (score: the rubric's weighted, normalised mean; pass: at the
 * threshold or above; reason: the judge's).
 *
 * <p>Nothing a judge does stops the run. An answer that does not parse, breaks the rubric or refuses is asked again
 * (a new request with its own content key, quoting the problem) up to {@code judge.attempts} times; after that, and
 * after a failure the client gives up on or a budget stop, the sample is stored in {@code unjudged} with the reason
 * and has no verdict, so a rerun tries it again, replaying every stored answer for free.
 *
 * <p>Verdict keys are known before judging ({@link Verdict#keyOf}), so a sample judged once is never asked about again.
 */
public final class JudgeStage {
    /** Samples read and judged per page. */
    static final int PAGE = 500;

    private final RunStore store;
    private final Rubric rubric;
    private final JudgeConfig config;
    private final JudgeRequests requests;
    private final JudgePrompt prompt;
    private final JudgmentParser parser;
    private final VerifierSpec spec;
    private final String verifier;
    private final int maxConcurrency;

    private JudgeStage(RunStore store, TeacherClient client, JudgeConfig config, Rubric rubric, int maxConcurrency) {
        this.store = store;
        this.rubric = rubric;
        this.config = config;
        this.requests = new JudgeRequests(store, client, config);
        this.prompt = new JudgePrompt(rubric);
        this.parser = new JudgmentParser(rubric);
        this.spec = rubric.verifierSpec();
        this.verifier = Verdict.rendered(spec);
        this.maxConcurrency = maxConcurrency;
    }

    /**
     * @param client         the judge's client (see {@link #clientFor}); the caller closes it
     * @param maxConcurrency samples judged at once
     */
    public static JudgeStage of(RunStore store, TeacherClient client, JudgeConfig config, Rubric rubric, int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("field 'max_concurrency': expected a number >= 1, got " + maxConcurrency);
        }
        return new JudgeStage(store, client, config, rubric, maxConcurrency);
    }

    /**
     * A client for the judge's endpoints, as many in flight as they allow together, each request given up after
     * {@code judge.deadline_seconds}: a judge that hangs costs each sample that long, not the client's ten minutes.
     */
    public static TeacherClient.Builder clientFor(JudgeConfig config) {
        return dev.distill4j.client.generate.GenerateStage.clientFor(config.asTeacher()).requestDeadline(config.deadline());
    }

    /** The verifier spec this stage's verdicts are stored under. */
    public VerifierSpec spec() {
        return spec;
    }

    /**
     * Judges every sample of the run that has no verdict under the rubric yet and sums up all of them.
     *
     * @param progress called after each page with (samples done, samples in the run)
     * @throws InterruptedException when interrupted: verdicts and answers stored so far stay stored
     */
    public JudgeReport run(BiConsumer<Long, Long> progress) throws InterruptedException {
        Map<String, Task> tasks = new HashMap<>();
        store.tasks().forEach(task -> tasks.put(task.id(), task));
        long total = store.samples().count();
        Tally tally = new Tally();
        try {
            store.samples().forEachPage(PAGE, page -> {
                try {
                    judgePage(page, tasks, tally);
                } catch (InterruptedException e) {
                    throw new PageInterrupted(e);
                }
                progress.accept(tally.samples, total);
            });
        } catch (PageInterrupted e) {
            throw e.interruption;
        }
        return new JudgeReport(rubric.name(), verifier, tally.samples, tally.judged, tally.judgedNow, tally.passed, tally.unjudged,
                requests.sent(), requests.replayed(), requests.costUsd(), requests.savedUsd(), tally.agreement);
    }

    /** Counts over the pages judged so far. */
    private static final class Tally {
        long samples;
        long judged;
        long judgedNow;
        long passed;
        final Map<String, Long> unjudged = new TreeMap<>();
        Agreement agreement = Agreement.NONE;
    }

    /** Carries an interruption out of a page callback, which may not throw it. */
    private static final class PageInterrupted extends RuntimeException {
        final InterruptedException interruption;

        PageInterrupted(InterruptedException interruption) {
            super(interruption);
            this.interruption = interruption;
        }
    }

    private void judgePage(List<Sample> page, Map<String, Task> tasks, Tally tally) throws InterruptedException {
        Map<String, Sample> byVerdictKey = new LinkedHashMap<>();
        for (Sample sample : page) {
            if (!tasks.containsKey(sample.taskId())) {
                throw new StoreException(store.file() + ": table samples, key " + sample.key() + ": field 'task_id': no task '"
                        + sample.taskId() + "' in table tasks");
            }
            byVerdictKey.put(Verdict.keyOf(sample.key(), spec), sample);
        }
        Map<String, Verdict> stored = store.verdicts().withKeys(byVerdictKey.keySet());
        List<Sample> fresh = byVerdictKey.entrySet().stream().filter(entry -> !stored.containsKey(entry.getKey()))
                .map(Map.Entry::getValue).toList();
        List<Verdict> verdicts = new ArrayList<>(stored.values());
        // Each verdict or unjudged row is stored as soon as it is known, so a kill mid-page loses no judgment.
        for (Outcome outcome : BoundedConcurrency.map(fresh, maxConcurrency, sample -> judgeOne(tasks.get(sample.taskId()), sample))) {
            if (outcome.verdict() != null) {
                verdicts.add(outcome.verdict());
                tally.judgedNow++;
            } else {
                tally.unjudged.merge(outcome.unjudged().kind(), 1L, Long::sum);
            }
        }
        tally.agreement = agreeWithProgrammatic(verdicts, byVerdictKey, tasks, tally.agreement);
        tally.samples += page.size();
        tally.judged += verdicts.size();
        tally.passed += verdicts.stream().filter(Verdict::pass).count();
    }

    /** What became of one sample: a verdict, or a row saying why there is none. */
    private record Outcome(Verdict verdict, Unjudged unjudged) {}

    /** A stored {@link Verdict}, or a stored {@link Unjudged} with why. */
    private Outcome judgeOne(Task task, Sample sample) throws InterruptedException {
        String verdictKey = Verdict.keyOf(sample.key(), spec);
        List<ChatMessage> messages = prompt.single(task, sample.completion());
        Unusable<Scores> last = null;
        int answered = 0;
        for (int attempt = 0; attempt < config.attempts(); attempt++) {
            JudgeRequests.Outcome asked = requests.ask(verdictKey, verifier, messages, attempt);
            if (asked instanceof Failed failed) {
                return unjudged(verdictKey, sample, failed.kind(), failed.reason(), answered);
            }
            Answered reply = (Answered) asked;
            answered++;
            Parsed<Scores> parsed = parser.scores(reply.reply().reply(), reply.reply().finishReason());
            if (parsed instanceof Usable<Scores>(Scores scores)) {
                double score = rubric.score(scores.scores());
                Verdict verdict = Verdict.of(sample.key(), task.id(), spec, new Judgement(rubric.passes(score), score, scores.reason(),
                        null));
                store.verdicts().put(verdict);
                return new Outcome(verdict, null);
            }
            last = (Unusable<Scores>) parsed;
            messages = prompt.retry(messages, reply.reply().reply(), last.reason());
        }
        return unjudged(verdictKey, sample, last.problem().kind(), last.reason(), answered);
    }

    private Outcome unjudged(String verdictKey, Sample sample, String kind, String reason, int attempts) {
        Unjudged row = Unjudged.of(verdictKey, sample.key(), sample.taskId(), verifier, kind, reason, attempts);
        store.unjudged().put(row);
        return new Outcome(null, row);
    }

    /** Adds the samples of a page that both the judge and their task's own verifier judged to the agreement table. */
    private Agreement agreeWithProgrammatic(List<Verdict> judged, Map<String, Sample> byVerdictKey, Map<String, Task> tasks, Agreement sofar) {
        Map<String, Verdict> judgeBySample = new HashMap<>();
        Map<String, String> programmaticKeys = new HashMap<>();
        for (Verdict verdict : judged) {
            Sample sample = byVerdictKey.get(verdict.key());
            judgeBySample.put(sample.key(), verdict);
            programmaticKeys.put(Verdict.keyOf(sample.key(), tasks.get(sample.taskId()).verifier()), sample.key());
        }
        Agreement agreement = sofar;
        for (Verdict programmatic : store.verdicts().withKeys(programmaticKeys.keySet()).values()) {
            agreement = agreement.plus(judgeBySample.get(programmatic.sampleKey()).pass(), programmatic.pass());
        }
        return agreement;
    }
}
