package dev.distill4j.tasks.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distill4j.core.Judgement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer is a JSON object whose fields equal the reference object's, each compared by its
 * {@link FieldNormaliser}. Every reference field is required; fields the reference lacks fail the answer
 * unless {@code allow_extra}. With {@code partial_credit} the score is the fraction of fields that match
 * (extra fields count against it), and the answer passes only when all match.
 */
final class JsonFieldsVerifier extends TotalVerifier {
    /** How many problems a reason lists before "and N more". */
    private static final int REASONS_SHOWN = 3;

    private final Map<String, FieldNormaliser> normalisers;
    private final boolean allowExtra;
    private final boolean partialCredit;

    JsonFieldsVerifier(Map<String, FieldNormaliser> normalisers, boolean allowExtra, boolean partialCredit) {
        this.normalisers = Map.copyOf(normalisers);
        this.allowExtra = allowExtra;
        this.partialCredit = partialCredit;
    }

    @Override
    Judgement judge(String reference, String completion) {
        BoundedJson.Parsed expected = BoundedJson.parse(reference);
        if (!expected.ok() || !expected.value().isObject()) {
            return Judgement.fail("reference is not a JSON object: "
                    + (expected.ok() ? AnswerText.clip(reference, 60) : expected.failure()), null);
        }
        JsonAnswer answer = JsonAnswer.extract(completion);
        if (!answer.found()) {
            return Judgement.fail(answer.failure(), null);
        }
        JsonNode actual = answer.value();
        String extracted = AnswerText.clip(BoundedJson.write(actual));
        if (!actual.isObject()) {
            return Judgement.fail("answer JSON is " + kind(actual) + ", expected an object", extracted);
        }
        List<String> problems = new ArrayList<>();
        int matched = 0;
        for (Map.Entry<String, JsonNode> field : expected.value().properties()) {
            String name = AnswerText.clip(field.getKey(), 40);
            JsonNode given = actual.get(field.getKey());
            if (given == null) {
                problems.add(name + ": missing");
                continue;
            }
            FieldNormaliser normaliser = normalisers.getOrDefault(field.getKey(), FieldNormaliser.inferredFrom(field.getValue()));
            Optional<String> mismatch = normaliser.mismatch(field.getValue(), given);
            if (mismatch.isPresent()) {
                problems.add(name + ": " + mismatch.get());
            } else {
                matched++;
            }
        }
        int fields = expected.value().size();
        if (!allowExtra) {
            for (Map.Entry<String, JsonNode> field : actual.properties()) {
                String name = field.getKey();
                if (!expected.value().has(name)) {
                    problems.add(AnswerText.clip(name, 40) + ": unexpected field");
                    fields++;
                }
            }
        }
        if (problems.isEmpty()) {
            return Judgement.pass(extracted);
        }
        double score = partialCredit && fields > 0 ? (double) matched / fields : 0.0;
        return new Judgement(false, score, summary(problems), extracted);
    }

    private static String summary(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(REASONS_SHOWN, problems.size())));
        return problems.size() > REASONS_SHOWN ? shown + "; and " + (problems.size() - REASONS_SHOWN) + " more" : shown;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
