package dev.distill4j.tasks.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way of writing a kind of document: text with {@code {slot}} placeholders for the record's fields and
 * context. Every field of the kind must appear (a currency as part of its amount), so every reference value
 * can be found in the text.
 *
 * @param name          the name in options and metadata, e.g. {@code invoice_email}
 * @param spokenNumbers whether counts of twelve or less are spelled out ({@code three}), as people do in chats
 */
record Template(String name, Kind kind, boolean spokenNumbers, String text) {
    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");

    Template {
        if (name == null || !name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("field 'name': expected a snake_case name, got " + name);
        }
        List<String> slots = slotsOf(text);
        for (Field field : kind.fields()) {
            if (!slots.contains(field.slot())) {
                throw new IllegalArgumentException("field 'text': expected a {" + field.slot() + "} slot in template '"
                        + name + "', got none");
            }
        }
    }

    /** The slot names the text uses, each once, in order of first use. */
    List<String> slots() {
        return slotsOf(text);
    }

    /** The text with every slot replaced by its value. */
    String fill(Map<String, String> values) {
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template '" + name + "' uses slot '" + m.group(1)
                        + "', which a " + kind.wireName() + " record does not have");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> slotsOf(String text) {
        List<String> slots = new ArrayList<>();
        Matcher m = SLOT.matcher(text);
        while (m.find()) {
            if (!slots.contains(m.group(1))) {
                slots.add(m.group(1));
            }
        }
        return slots;
    }
}
