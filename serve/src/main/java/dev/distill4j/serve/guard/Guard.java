package dev.distill4j.serve.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard's core, without HTTP: it records each request (its {@link RequestEvent}, the {@link PromptTrace} and the
 * embedding of its prompt), scores the keys with every signal, and keeps each key's current decision.
 *
 * <p>The request path only records and looks the key's decision up ({@link #observe}: constant time, no scoring);
 * {@link #rescore} runs the signals, which look at windows of requests and across keys, off the request path (the
 * server calls it every few seconds). An attacker therefore gets at most one rescoring interval of answers past the
 * score that stops it.
 */
public final class Guard {
    /**
     * @param distances       PRADA's distance test, or null: its thresholds must be calibrated on the deployment's benign
     *                        traffic (on templated chat prompts and hashed embeddings, benign windows gave W of 0.88 to
     *                        0.92 and an in-order arithmetic walk 0.98, the reverse of PRADA's image-query finding)
     * @param campaign        the cross-key test for a campaign split into many small keys (shared template and
     *                        parameters, disjoint slices of a task list)
     * @param mmd             the window test against benign traffic, or null when it has not been calibrated
     * @param embeddingWindow recent prompt embeddings kept per key, for the distance and window tests
     */
    public record Settings(VolumeSignal volume, CoverageSignal coverage, CoordinationSignal coordination, CampaignSignal campaign,
            DistanceNormality distances, MmdCalibration mmd, GuardPolicy policy, int embeddingWindow, int embeddingDimensions) {
        public Settings {
            if (embeddingWindow < 2 || embeddingDimensions < 1) {
                throw new IllegalArgumentException("need an embedding window of at least 2 and at least 1 dimension, got " + embeddingWindow + " and "
                        + embeddingDimensions);
            }
            if (mmd != null && mmd.windowSize() > embeddingWindow) {
                throw new IllegalArgumentException("the MMD test reads windows of " + mmd.windowSize() + " prompts but only " + embeddingWindow
                        + " are kept per key");
            }
        }
    }

    private final Settings settings;
    private final GuardLedger ledger;
    private final Map<String, PromptWindow<float[]>> embeddings = new ConcurrentHashMap<>();
    private volatile Map<String, GuardPolicy.Decision> decisions = Map.of();
    /** The decision for a fresh key joining each acted-on campaign cohort, by {@link CampaignSignal#cohortOf}. */
    private volatile Map<Long, GuardPolicy.Decision> cohortDecisions = Map.of();
    /** Fresh keys that joined an acted-on cohort since the last rescoring, with the cohort's decision. */
    private final Map<String, GuardPolicy.Decision> joined = new ConcurrentHashMap<>();

    public Guard(Settings settings, GuardLedger ledger) {
        this.settings = settings;
        this.ledger = ledger;
    }

    /**
     * Records a request and returns its key's decision as of the last rescoring (allow for a key never scored).
     *
     * @param promptText the prompt's text: traced and embedded here, not kept
     */
    public GuardPolicy.Decision observe(RequestEvent event, String promptText) {
        PromptTrace trace = PromptTrace.of(promptText);
        // The decision in force when the request arrives, taken before it is recorded: a rescoring that already sees
        // this request must not also decide it (a simulation rescores as soon as the request is recorded).
        GuardPolicy.Decision decision = arrivalDecision(event, trace);
        ledger.record(event, trace);
        embeddings.computeIfAbsent(event.keyId(), id -> new PromptWindow<>(settings.embeddingWindow()))
                .add(PromptEmbedding.of(promptText, settings.embeddingDimensions()));
        return decision;
    }

    private GuardPolicy.Decision arrivalDecision(RequestEvent event, PromptTrace trace) {
        if (decisions.containsKey(event.keyId()) || joined.containsKey(event.keyId()) || settings.policy().allowList().contains(event.keyId())) {
            return decision(event.keyId());
        }
        // A key never scored that asks what an acted-on campaign asks (same task, same extraction-shaped parameters)
        // is taken for one of its keys at once: a campaign of 1,000 fresh keys would otherwise get every key's first
        // request answered before a rescoring saw the key.
        GuardPolicy.Decision cohort = cohortDecisions.get(CampaignSignal.cohortOf(trace, event));
        if (cohort == null) {
            return decision(event.keyId());
        }
        // Kept until the key's own scoring, so that its later requests (and decision()) see it too.
        GuardPolicy.Decision joinedNow = new GuardPolicy.Decision(event.keyId(), cohort.action(), cohort.score(), cohort.reasons());
        joined.put(event.keyId(), joinedNow);
        return joinedNow;
    }

    /** The key's current decision. */
    public GuardPolicy.Decision decision(String keyId) {
        GuardPolicy.Decision decision = decisions.get(keyId);
        if (decision == null) {
            decision = joined.get(keyId);
        }
        return decision != null ? decision : new GuardPolicy.Decision(keyId, GuardAction.ALLOW, 0, List.of());
    }

    /** Scores every key with every signal and replaces the decisions; returns each key's signal scores. */
    public Map<String, Map<String, Double>> rescore(long nowMillis) {
        List<KeyAccount.Usage> usages = ledger.usages();
        Map<String, List<CoordinationSignal.Observation>> observations = new HashMap<>();
        Map<String, List<CampaignSignal.Request>> requests = new HashMap<>();
        for (KeyAccount.Usage usage : usages) {
            List<CoordinationSignal.Observation> own = new ArrayList<>();
            List<CampaignSignal.Request> asked = new ArrayList<>();
            for (int i = 0; i < usage.recent().size(); i++) {
                own.add(new CoordinationSignal.Observation(usage.recent().get(i).atMillis(), usage.traces().get(i).skeleton()));
                asked.add(new CampaignSignal.Request(usage.recent().get(i), usage.traces().get(i)));
            }
            observations.put(usage.keyId(), own);
            requests.put(usage.keyId(), asked);
        }
        Map<String, Double> coordination = settings.coordination().scores(observations);
        Map<Long, Double> cohorts = new HashMap<>();
        Map<String, Double> campaign = settings.campaign().scores(requests, cohorts);
        Map<Long, GuardPolicy.Decision> joining = new HashMap<>();
        cohorts.forEach((cohort, score) -> {
            GuardPolicy.Decision decision = settings.policy().decide("", Map.of("campaign", score));
            if (decision.action() != GuardAction.ALLOW) {
                joining.put(cohort, decision);
            }
        });
        Map<String, Map<String, Double>> allSignals = new TreeMap<>();
        Map<String, GuardPolicy.Decision> next = new HashMap<>();
        for (KeyAccount.Usage usage : usages) {
            Map<String, Double> signals = new TreeMap<>();
            signals.put("volume", settings.volume().score(usage.recent().stream().map(RequestEvent::atMillis).toList(), nowMillis));
            signals.put("extraction_parameters", ExtractionParameters.score(usage.recent()));
            signals.put("coverage", settings.coverage().score(usage.traces()));
            signals.put("coordination", coordination.getOrDefault(usage.keyId(), 0.0));
            signals.put("campaign", campaign.getOrDefault(usage.keyId(), 0.0));
            PromptWindow<float[]> window = embeddings.get(usage.keyId());
            List<float[]> recent = window == null ? List.of() : window.items();
            if (settings.distances() != null) {
                signals.put("distance_normality", settings.distances().score(recent));
            }
            if (settings.mmd() != null && recent.size() >= settings.mmd().windowSize()) {
                signals.put("benign_mmd", settings.mmd().score(recent.subList(recent.size() - settings.mmd().windowSize(), recent.size())));
            }
            allSignals.put(usage.keyId(), signals);
        }
        // A group of keys (one organisation's) is also scored as one stream: a campaign split over its keys keeps each
        // under the per-key thresholds, not the group. Each member carries its group's scores beside its own.
        groupScores(usages, nowMillis).forEach((keyId, groupSignals) -> allSignals.get(keyId).putAll(groupSignals));
        allSignals.forEach((keyId, signals) -> next.put(keyId, settings.policy().decide(keyId, signals)));
        decisions = Map.copyOf(next);
        cohortDecisions = Map.copyOf(joining);
        joined.keySet().removeAll(next.keySet());
        return allSignals;
    }

    /** For every key in a group of two or more, the group's volume, extraction and coverage scores, by signal name. */
    private Map<String, Map<String, Double>> groupScores(List<KeyAccount.Usage> usages, long nowMillis) {
        Map<String, List<KeyAccount.Usage>> byGroup = new HashMap<>();
        usages.forEach(usage -> byGroup.computeIfAbsent(usage.group(), g -> new ArrayList<>()).add(usage));
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (List<KeyAccount.Usage> members : byGroup.values()) {
            if (members.size() < 2) {
                continue;
            }
            // The members' recent requests merged in time order, as if one key had sent them all.
            List<Integer> order = new ArrayList<>();
            List<RequestEvent> events = new ArrayList<>();
            List<PromptTrace> traces = new ArrayList<>();
            for (KeyAccount.Usage member : members) {
                events.addAll(member.recent());
                traces.addAll(member.traces());
            }
            for (int i = 0; i < events.size(); i++) {
                order.add(i);
            }
            order.sort(java.util.Comparator.comparingLong(i -> events.get(i).atMillis()));
            List<RequestEvent> sortedEvents = order.stream().map(events::get).toList();
            List<PromptTrace> sortedTraces = order.stream().map(traces::get).toList();
            Map<String, Double> group = Map.of(
                    "group_volume", settings.volume().score(sortedEvents.stream().map(RequestEvent::atMillis).toList(), nowMillis),
                    "group_extraction_parameters", ExtractionParameters.score(sortedEvents),
                    "group_coverage", settings.coverage().score(sortedTraces));
            members.forEach(member -> scores.put(member.keyId(), group));
        }
        return scores;
    }

    /** Every key's current decision, flagged ones first. */
    public List<GuardPolicy.Decision> decisions() {
        List<GuardPolicy.Decision> all = new ArrayList<>(decisions.values());
        all.sort(java.util.Comparator.comparing(GuardPolicy.Decision::score).reversed().thenComparing(GuardPolicy.Decision::keyId));
        return all;
    }

    public GuardLedger ledger() {
        return ledger;
    }

    public Settings settings() {
        return settings;
    }
}
