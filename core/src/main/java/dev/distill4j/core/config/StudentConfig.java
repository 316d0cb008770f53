package dev.distill4j.core.config;

import java.nio.file.Path;

/**
 * The {@code student:} section: the model that learns.
 *
 * @param init   a Hugging Face checkpoint folder (config.json, model.safetensors, tokenizer.json) to start from,
 *               or null to build one from {@code preset}
 * @param preset the size of a student built from scratch (default tiny); used when {@code init} is null
 * @param name   the student's name, its folder under {@code models/} (default {@code student})
 */
public record StudentConfig(Path init, StudentPreset preset, String name) {
    public StudentConfig {
        preset = preset == null ? StudentPreset.TINY : preset;
        name = name == null ? "student" : Fields.name("name", name, "a student name such as 'student'");
    }

    /** A tiny student built from scratch, named {@code student}. */
    public static StudentConfig fromScratch() {
        return new StudentConfig(null, null, null);
    }

    StudentConfig resolvedAgainst(Path base) {
        return init == null ? this : new StudentConfig(base.resolve(init).normalize(), preset, name);
    }
}
