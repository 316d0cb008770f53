package dev.distill4j.serve;

import dev.distill4j.core.Split;
import dev.distill4j.core.Task;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.model.LocalModel;
import dev.distill4j.tasks.arith.ArithFamily;
import java.nio.file.Path;
import java.util.List;

/** The shipped teacher-arith (3M parameters), loaded once for every test class of this module. */
final class Teacher {
    private Teacher() {}

    static final Path DIR = Path.of("..", "models", "teacher-arith").toAbsolutePath().normalize();
    private static LocalModel model;

    static synchronized LocalModel model() {
        if (model == null) {
            model = LocalModel.load(DIR);
        }
        return model;
    }

    /** Arithmetic questions as the pipeline asks them (about 30 prompt tokens each). */
    static List<String> questions(int n, long seed) {
        return new ArithFamily().generate(TaskRequest.of(n, seed, Split.EVAL)).stream().map(Task::question).toList();
    }

    /** A server on a free loopback port with the given settings (port and model set here). */
    static OpenAiServer serve(ServeConfig.Builder settings) {
        return OpenAiServer.start(model(), settings.port(0).build());
    }
}
