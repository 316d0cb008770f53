package dev.distill4j.tasks.extract;

import java.util.Map;

/**
 * The expert's worked solution: one line per field quoting the text it comes from and the normalised value,
 * then the answer.
 * <pre>
 * invoice_number: "INV-48213" -> INV-48213
 * customer: "Bluefield Logistics" -> Bluefield Logistics
 * date: "5 Mar 2024" -> 2024-03-05
 * total: "$1,234.50" -> 1234.50
 * currency: "$" -> USD
 * Answer: {"currency":"USD","customer":"Bluefield Logistics","date":"2024-03-05","invoice_number":"INV-48213","total":1234.50}
 * </pre>
 */
final class ExpertExtraction {
    private ExpertExtraction() {}

    static String write(BusinessRecord record, Document document) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> field : record.fields().entrySet()) {
            out.append(field.getKey()).append(": \"").append(document.raw().get(field.getKey())).append("\" -> ")
                    .append(BusinessRecord.jsonValue(field.getValue())).append('\n');
        }
        return out.append("Answer: ").append(record.referenceJson()).toString();
    }
}
