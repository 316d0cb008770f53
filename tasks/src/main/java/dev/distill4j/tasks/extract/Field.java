package dev.distill4j.tasks.extract;

import java.util.Set;

/**
 * One field the extractor must return.
 *
 * @param name       the JSON key
 * @param normaliser how the json-fields verifier compares it: text, exact, number, integer or date
 * @param hint       what the prompt says about it, e.g. {@code YYYY-MM-DD}; empty for none
 * @param slot       the template slot that writes it: its own name, or for a currency the amount it is part of
 */
record Field(String name, String normaliser, String hint, String slot) {
    private static final Set<String> NORMALISERS = Set.of("text", "exact", "number", "integer", "date");

    Field {
        if (name == null || !name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("field 'name': expected a snake_case key, got " + name);
        }
        if (!NORMALISERS.contains(normaliser)) {
            throw new IllegalArgumentException("field 'normaliser': expected one of " + NORMALISERS + ", got " + normaliser);
        }
        if (slot == null || !slot.matches("[a-z_]+")) {
            throw new IllegalArgumentException("field 'slot': expected a snake_case slot name, got " + slot);
        }
    }

    /** A field written by a slot of its own name. */
    Field(String name, String normaliser, String hint) {
        this(name, normaliser, hint, name);
    }

    /** How the prompt lists it: {@code date (invoice date, YYYY-MM-DD)}. */
    String described() {
        return hint.isEmpty() ? name : name + " (" + hint + ")";
    }
}
