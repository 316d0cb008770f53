package dev.distill4j.client.judge;

import dev.distill4j.client.TeacherClient;
import dev.distill4j.client.judge.JudgeRequests.Answered;
import dev.distill4j.client.judge.JudgeRequests.Failed;
import dev.distill4j.client.judge.JudgeRequests.Outcome;
import dev.distill4j.client.judge.JudgmentParser.Comparison;
import dev.distill4j.client.judge.JudgmentParser.Parsed;
import dev.distill4j.client.judge.JudgmentParser.Preference;
import dev.distill4j.client.judge.JudgmentParser.Unusable;
import dev.distill4j.client.judge.JudgmentParser.Usable;
import dev.distill4j.client.judge.PairwiseVerdict.Winner;
import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Sample;
import dev.distill4j.core.Task;
import dev.distill4j.core.Verdict;
import dev.distill4j.core.config.JudgeConfig;
import dev.distill4j.core.config.Rubric;
import dev.distill4j.core.store.RunStore;
import java.util.List;

/**
 * Compares two samples of one task with the judge, in both orders ({@link PairwiseVerdict}). Each order is asked
 * exactly once through the run store like a single-answer judgment (answers in {@code judge_replies}), retried on an
 * unusable answer up to {@code judge.attempts} times, and a failure leaves the comparison {@code UNJUDGED} with the
 * reason rather than stopping anything.
 */
public final class PairwiseJudge {
    private final JudgeRequests requests;
    private final JudgePrompt prompt;
    private final JudgmentParser parser;
    private final String verifier;
    private final int attempts;

    public PairwiseJudge(RunStore store, TeacherClient client, JudgeConfig config, Rubric rubric) {
        this.requests = new JudgeRequests(store, client, config);
        this.prompt = new JudgePrompt(rubric);
        this.parser = new JudgmentParser(rubric);
        this.verifier = Verdict.rendered(rubric.verifierSpec());
        this.attempts = config.attempts();
    }

    /** @throws InterruptedException when interrupted: answers stored so far stay stored */
    public PairwiseVerdict compare(Task task, Sample first, Sample second) throws InterruptedException {
        String subject = ContentKey.of("distill4j-pair-v1", verifier, first.key(), second.key());
        Asked forward = ask(subject, prompt.pair(task, first.completion(), second.completion()));
        Asked swapped = ask(subject, prompt.pair(task, second.completion(), first.completion()));
        if (forward.comparison() == null) {
            return new PairwiseVerdict(first.key(), second.key(), Winner.UNJUDGED, false, "first order: " + forward.problem());
        }
        if (swapped.comparison() == null) {
            return new PairwiseVerdict(first.key(), second.key(), Winner.UNJUDGED, false, "swapped order: " + swapped.problem());
        }
        Comparison a = forward.comparison();
        Comparison b = swapped.comparison();
        Winner inFirstOrder = winner(a.winner(), false);
        Winner inSwappedOrder = winner(b.winner(), true);
        boolean disagreed = inFirstOrder != inSwappedOrder;
        String reason = "first order: " + a.reason() + " | swapped order: " + b.reason();
        return new PairwiseVerdict(first.key(), second.key(), disagreed ? Winner.TIE : inFirstOrder, disagreed, reason);
    }

    /** Requests sent to the judge so far, replays not counted. */
    public long requestsSent() {
        return requests.sent();
    }

    /** The judge's comparison in one order, or the reason there is none. */
    private record Asked(Comparison comparison, String problem) {}

    private Asked ask(String subject, List<ChatMessage> first) throws InterruptedException {
        List<ChatMessage> messages = first;
        String problem = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Outcome outcome = requests.ask(subject, verifier, messages, attempt);
            if (outcome instanceof Failed failed) {
                return new Asked(null, failed.kind() + ": " + failed.reason());
            }
            Answered answered = (Answered) outcome;
            Parsed<Comparison> parsed = parser.comparison(answered.reply().reply(), answered.reply().finishReason());
            if (parsed instanceof Usable<Comparison>(Comparison comparison)) {
                return new Asked(comparison, null);
            }
            Unusable<Comparison> unusable = (Unusable<Comparison>) parsed;
            problem = unusable.problem().kind() + ": " + unusable.reason();
            messages = prompt.retry(messages, answered.reply().reply(), unusable.reason());
        }
        return new Asked(null, problem);
    }

    /** A preference as a winner among (first, second); {@code swapped} when the second sample was shown as A. */
    private static Winner winner(Preference preference, boolean swapped) {
        return switch (preference) {
            case TIE -> Winner.TIE;
            case A -> swapped ? Winner.SECOND : Winner.FIRST;
            case B -> swapped ? Winner.FIRST : Winner.SECOND;
        };
    }
}
