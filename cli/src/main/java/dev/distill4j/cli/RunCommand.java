package dev.distill4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Validate a pipeline config and run its stages."},
        footer = {"", "Example:", "  ./distill run docs/pipeline.example.yaml"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG.yaml", description = "The pipeline config.")
    Path config;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("config loading arrives with the config module");
        return ExitCode.OK.code;
    }
}
