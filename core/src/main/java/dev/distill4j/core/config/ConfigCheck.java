package dev.distill4j.core.config;

import dev.distill4j.core.Split;
import dev.distill4j.core.Suggestions;
import dev.distill4j.core.VerifierSpec;
import dev.distill4j.core.tasks.TaskFamilies;
import dev.distill4j.core.tasks.TaskFamily;
import dev.distill4j.core.tasks.TaskRequest;
import dev.distill4j.core.verify.VerifierProvider;
import dev.distill4j.core.verify.Verifiers;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The checks a config's text alone cannot settle: that the task family exists and takes the options given,
 * that the verifier exists and takes its options, that the files named are there. Errors point at the
 * offending key's line, like the loader's.
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /**
     * @return the config, for chaining after {@link PipelineConfigLoader#load}
     * @throws ConfigException at the first problem found
     */
    public static PipelineConfig check(PipelineConfig config, TaskFamilies families, Verifiers verifiers) {
        ConfigSource source = config.source() == null ? ConfigSource.inCode() : config.source();
        checkTasks(config.tasks(), families, source);
        checkVerifier(config.verifier(), verifiers, source);
        checkFiles(config, source);
        return config;
    }

    private static void checkTasks(TasksConfig tasks, TaskFamilies families, ConfigSource source) {
        if (!tasks.fromFamily()) {
            return;
        }
        TaskFamily family;
        try {
            family = families.get(tasks.family());
        } catch (IllegalArgumentException e) {
            throw source.error("tasks.family", e.getMessage());
        }
        for (String option : tasks.options().keySet()) {
            if (!family.optionNames().contains(option)) {
                throw source.error("tasks.options." + option, "unknown option '" + option + "' for task family '" + family.name()
                        + "'" + Suggestions.didYouMean(option, family.optionNames()) + "; its options are "
                        + new TreeSet<>(family.optionNames()));
            }
        }
        if (!tasks.options().isEmpty()) {
            // Generating no tasks is how a family checks option values without doing the work.
            try {
                family.generate(new TaskRequest(0, tasks.seed(), Split.TRAIN, tasks.options()));
            } catch (IllegalArgumentException e) {
                throw source.error("tasks.options", e.getMessage());
            }
        }
    }

    private static void checkVerifier(VerifierConfig verifier, Verifiers verifiers, ConfigSource source) {
        Optional<VerifierSpec> override = verifier.override();
        if (override.isEmpty()) {
            return;
        }
        VerifierSpec spec = override.get();
        try {
            verifiers.checkOptions(spec);
        } catch (IllegalArgumentException e) {
            throw source.error(unknownPart(spec, verifiers), e.getMessage());
        }
        try {
            verifiers.forSpec(spec);
        } catch (IllegalArgumentException e) {
            throw source.error("verifier.options", e.getMessage());
        }
    }

    /** Which key {@link Verifiers#checkOptions} refused: the type, or the first option the type does not take. */
    private static String unknownPart(VerifierSpec spec, Verifiers verifiers) {
        VerifierProvider provider = verifiers.providers().get(spec.type());
        if (provider == null) {
            return "verifier.type";
        }
        return spec.options().keySet().stream()
                .filter(option -> !provider.options().contains(option))
                .findFirst()
                .map(option -> "verifier.options." + option)
                .orElse("verifier.options");
    }

    private static void checkFiles(PipelineConfig config, ConfigSource source) {
        if (config.tasks().file() != null && !Files.isRegularFile(config.tasks().file())) {
            throw source.error("tasks.file", "expected a JSONL file of tasks, got a path where no file is: " + config.tasks().file());
        }
        if (config.student().init() != null && !Files.isDirectory(config.student().init())) {
            throw source.error("student.init", "expected a Hugging Face checkpoint folder (config.json, model.safetensors,"
                    + " tokenizer.json), got a path where no folder is: " + config.student().init());
        }
        if (config.hasTeacher()) {
            checkKeyFiles("teacher", config.teacher().endpoints(), source);
        }
        if (config.hasJudge()) {
            checkKeyFiles("judge", config.judge().endpoints(), source);
            if (!Files.isRegularFile(config.judge().rubric())) {
                throw source.error("judge.rubric", "expected a rubric file (YAML), got a path where no file is: " + config.judge().rubric());
            }
            // The rubric's own problems are reported in its own file, line and key.
            RubricLoader.load(config.judge().rubric());
        }
    }

    private static void checkKeyFiles(String section, List<EndpointConfig> endpoints, ConfigSource source) {
        for (int i = 0; i < endpoints.size(); i++) {
            if (endpoints.get(i).apiKeyFile() != null && !Files.isRegularFile(endpoints.get(i).apiKeyFile())) {
                throw source.error(section + ".endpoints[" + i + "].api_key_file", "expected a file holding the API key, got a"
                        + " path where no file is: " + endpoints.get(i).apiKeyFile());
            }
        }
    }
}
