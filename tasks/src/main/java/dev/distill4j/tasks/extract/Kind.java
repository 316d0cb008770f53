package dev.distill4j.tasks.extract;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The kinds of business document, each with the fields an extractor returns from it. */
enum Kind {
    INVOICE(List.of(
            new Field("invoice_number", "exact", "as written"),
            new Field("customer", "text", "company billed"),
            new Field("date", "date", "invoice date, YYYY-MM-DD"),
            new Field("total", "number", "amount due, number"),
            new Field("currency", "text", "ISO code", "total"))),
    ORDER(List.of(
            new Field("order_id", "exact", "as written"),
            new Field("customer", "text", "full name"),
            new Field("item", "text", ""),
            new Field("quantity", "integer", "integer"),
            new Field("unit_price", "number", "price per unit, number"),
            new Field("currency", "text", "ISO code", "unit_price"))),
    BOOKING(List.of(
            new Field("booking_ref", "exact", "as written"),
            new Field("guest", "text", "full name"),
            new Field("hotel", "text", ""),
            new Field("check_in", "date", "YYYY-MM-DD"),
            new Field("check_out", "date", "YYYY-MM-DD"),
            new Field("guests", "integer", "number of people, integer")));

    private final List<Field> fields;

    Kind(List<Field> fields) {
        this.fields = fields;
    }

    /** The name in options and metadata: {@code invoice}, {@code order}, {@code booking}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fields in the order the prompt lists them. */
    List<Field> fields() {
        return fields;
    }

    /** Field name to normaliser: the {@code fields} option of the json-fields verifier. */
    Map<String, String> normalisers() {
        return Collections.unmodifiableMap(
                fields.stream().collect(Collectors.toMap(Field::name, Field::normaliser, (x, y) -> x, TreeMap::new)));
    }

    /** The instruction above the document. */
    String instruction() {
        return "Extract the " + wireName() + " details from the text below. Return a JSON object with fields "
                + fields.stream().map(Field::described).collect(Collectors.joining(", ")) + ".";
    }
}
