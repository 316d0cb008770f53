package dev.distill4j.tasks.extract;

/** One drawn problem: a record, the template that writes it, and the style it is written in. */
record ExtractProblem(BusinessRecord record, Template template, TextStyle style) {
    ExtractProblem {
        if (template.kind() != record.kind()) {
            throw new IllegalArgumentException("field 'template': expected a " + record.kind().wireName()
                    + " template, got '" + template.name() + "'");
        }
    }

    /** The content that decides the split: the record's field values, whatever the template. */
    String canonical() {
        return record.canonical();
    }

    /** What makes two problems the same task: the record and the template, since the prompt differs by template. */
    String identity() {
        return record.canonical() + "\n" + template.name();
    }
}
