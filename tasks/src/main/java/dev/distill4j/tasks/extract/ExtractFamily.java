package dev.distill4j.tasks.extract;

import dev.distill4j.core.ChatMessage;
import dev.distill4j.core.ContentKey;
import dev.distill4j.core.Task;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.tasks.family.DistinctDraw;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Templated business text (invoices, orders, hotel bookings) to a JSON object of fields, with noisy dates and
 * amounts and distractor numbers in the text; the expert quotes where each value comes from and normalises it
 * (see {@link ExpertExtraction}); the {@code json-fields} verifier compares each field with its normaliser.
 *
 * <p>Options: {@code kinds} (invoice, order, booking; default all) and {@code templates} (default all of the
 * chosen kinds). The split is decided by the record's field values alone, so one record written by two
 * templates never stands on both sides; the task id also names the template, since the prompt differs.
 */
public final class ExtractFamily implements TaskFamily {
    public static final String NAME = "extract";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "business text (invoices, orders, bookings) to JSON fields; verifier: json-fields";
    }

    @Override
    public Map<String, String> options() {
        return ExtractSettings.OPTIONS;
    }

    @Override
    public List<Task> generate(TaskRequest request) {
        ExtractSettings settings = ExtractSettings.read(request.options());
        DistinctDraw<ExtractProblem> draw = new DistinctDraw<>(NAME, settings::draw, ExtractProblem::canonical,
                ExtractProblem::identity);
        return draw.draw(request, settings.widenHint()).stream().map(problem -> task(problem, request)).toList();
    }

    private static Task task(ExtractProblem problem, TaskRequest request) {
        BusinessRecord record = problem.record();
        Document document = Document.write(record, problem.template(), problem.style());
        String prompt = record.kind().instruction() + "\n\nText:\n" + document.text();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kind", record.kind().wireName());
        metadata.put("template", problem.template().name());
        metadata.put("difficulty", document.noisyFields() + document.distractors());
        metadata.put("noisy_fields", document.noisyFields());
        metadata.put("distractors", document.distractors());
        metadata.put("date_style", problem.style().dates().name().toLowerCase(Locale.ROOT));
        metadata.put("amount_style", problem.style().amounts().name().toLowerCase(Locale.ROOT));
        VerifierSpec verifier = VerifierSpec.of("json-fields", Map.of("fields", record.kind().normalisers()));
        return new Task(NAME + ":" + ContentKey.shortOf(problem.canonical(), problem.template().name()), NAME,
                request.split(), List.of(ChatMessage.user(prompt)), record.referenceJson(),
                ExpertExtraction.write(record, document), verifier, metadata);
    }
}
