package dev.distill4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped teacher that the demo, {@code modes} and {@code guard simulate} serve on loopback. */
final class ShippedTeacher {
    private ShippedTeacher() {}

    /** The default {@code --teacher}: relative, so these commands run from the project's folder. */
    static final String DEFAULT = "models/teacher-arith";

    /** Fails with what to do when {@code teacher} holds no checkpoint (run from elsewhere, or a wrong path). */
    static void require(Path teacher) {
        if (!Files.isRegularFile(teacher.resolve("config.json"))) {
            throw new IllegalArgumentException("no teacher checkpoint at " + teacher + " (config.json missing): run from the project's folder, or"
                    + " point --teacher at " + DEFAULT);
        }
    }
}
