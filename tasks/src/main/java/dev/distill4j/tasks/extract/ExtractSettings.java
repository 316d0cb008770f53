package dev.distill4j.tasks.extract;

import dev.distill4j.tasks.family.FamilyOptions;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The extract options, read and validated: which kinds of document and which templates to draw.
 *
 * @param kinds     the kinds, in declaration order
 * @param templates the templates, each of one of the kinds, at least one per kind
 */
record ExtractSettings(List<Kind> kinds, List<Template> templates) {
    static final Map<String, String> OPTIONS = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "kinds", "kinds of document: invoice, order, booking (default all), e.g. \"invoice,order\"",
            "templates", "templates to write them with (default all of the chosen kinds): "
                    + Templates.ALL.stream().map(Template::name).collect(Collectors.joining(", ")))));

    ExtractSettings {
        kinds = List.copyOf(kinds);
        templates = List.copyOf(templates);
        for (Kind kind : kinds) {
            if (templates.stream().noneMatch(t -> t.kind() == kind)) {
                throw new IllegalArgumentException("field 'templates': expected at least one template of kind "
                        + kind.wireName() + ", got " + names(templates));
            }
        }
    }

    /**
     * Reads {@code kinds} and {@code templates}. Templates alone imply their kinds; when both are given, every
     * template must be of a chosen kind, so a contradiction is an error rather than a silent empty set.
     */
    static ExtractSettings read(Map<String, Object> options) {
        FamilyOptions reader = new FamilyOptions(ExtractFamily.NAME, OPTIONS, options);
        Map<String, Kind> kindsByName = new LinkedHashMap<>();
        Arrays.stream(Kind.values()).forEach(kind -> kindsByName.put(kind.wireName(), kind));
        Map<String, Template> templatesByName = new LinkedHashMap<>();
        Templates.ALL.forEach(template -> templatesByName.put(template.name(), template));

        List<Kind> kinds = reader.choices("kinds", kindsByName, List.of(Kind.values()));
        if (!reader.has("templates")) {
            return new ExtractSettings(kinds, Templates.ALL.stream().filter(t -> kinds.contains(t.kind())).toList());
        }
        List<Template> templates = reader.choices("templates", templatesByName, Templates.ALL);
        if (!reader.has("kinds")) {
            return new ExtractSettings(Arrays.stream(Kind.values())
                    .filter(kind -> templates.stream().anyMatch(t -> t.kind() == kind)).toList(), templates);
        }
        for (Template template : templates) {
            if (!kinds.contains(template.kind())) {
                throw new IllegalArgumentException("option 'templates' of task family 'extract': template '"
                        + template.name() + "' writes " + template.kind().wireName()
                        + " documents, which option 'kinds' leaves out; add it to 'kinds' or drop the template");
            }
        }
        return new ExtractSettings(kinds, templates);
    }

    /** A kind drawn uniformly, then one of its templates, a record, and a style the record's currency allows. */
    ExtractProblem draw(SplittableRandom random) {
        Kind kind = kinds.get(random.nextInt(kinds.size()));
        List<Template> ofKind = templates.stream().filter(t -> t.kind() == kind).toList();
        Template template = ofKind.get(random.nextInt(ofKind.size()));
        BusinessRecord record = RecordDraw.draw(kind, random);
        DateStyle dates = DateStyle.values()[random.nextInt(DateStyle.values().length)];
        List<AmountStyle> amountStyles = AmountStyle.forCurrency(currencyOf(record));
        AmountStyle amounts = amountStyles.get(random.nextInt(amountStyles.size()));
        return new ExtractProblem(record, template, new TextStyle(dates, amounts, template.spokenNumbers()));
    }

    String widenHint() {
        return "widen 'kinds' (now " + kinds.stream().map(Kind::wireName).collect(Collectors.joining(","))
                + ") or 'templates' (now " + names(templates) + ")";
    }

    /** Every record mentions money in exactly one currency (a total, a unit price, a nightly rate). */
    private static String currencyOf(BusinessRecord record) {
        return Stream.concat(record.fields().values().stream(), record.context().values().stream())
                .filter(Money.class::isInstance).map(value -> ((Money) value).currency()).findFirst()
                .orElseThrow(() -> new IllegalStateException("a " + record.kind().wireName() + " record without an amount"));
    }

    private static String names(List<Template> templates) {
        return templates.stream().map(Template::name).collect(Collectors.joining(","));
    }
}
