package dev.distill4j.tasks.extract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record written out by a template in a text style.
 *
 * @param text        the document the extractor reads
 * @param raw         field name to the text that writes it, e.g. {@code date -> "5 Mar 2024"}
 * @param noisyFields how many fields are written differently from their answer (a date not in ISO form, an
 *                    amount with a currency sign or separators, a spelled-out count)
 * @param distractors how many other values in the text carry digits (phones, codes, other dates and amounts)
 */
record Document(String text, Map<String, String> raw, int noisyFields, int distractors) {
    Document {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    static Document write(BusinessRecord record, Template template, TextStyle style) {
        Map<String, String> slots = new LinkedHashMap<>();
        record.context().forEach((slot, value) -> slots.put(slot, style.render(value)));
        Map<String, String> raw = new LinkedHashMap<>();
        int noisy = 0;
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            String written = style.render(field.getValue());
            raw.put(field.getKey(), written);
            slots.put(field.getKey(), written);
            if (!written.equals(String.valueOf(BusinessRecord.jsonValue(field.getValue())))) {
                noisy++;
            }
        }
        int distractors = 0;
        for (String slot : template.slots()) {
            if (!raw.containsKey(slot) && slots.containsKey(slot) && slots.get(slot).matches(".*\\d.*")) {
                distractors++;
            }
        }
        return new Document(template.fill(slots), raw, noisy, distractors);
    }
}
