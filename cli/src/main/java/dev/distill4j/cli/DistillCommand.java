package dev.distill4j.cli;

import dev.distill4j.core.Provenance;
import picocli.CommandLine.Command;

@Command(name = "distill",
        mixinStandardHelpOptions = true,
        versionProvider = DistillCommand.Version.class,
        sortOptions = false,
        description = {
            "Distil a teacher model you can only call into a small student you own:",
            "sample rollouts, verify them, curate, train, evaluate, report.", ""},
        footer = {"", "Examples:",
            "  ./distill tasks make --family arith --n 1000 --seed 1 --split train --out tasks.jsonl",
            "  ./distill verify --tasks tasks.jsonl --answers answers.jsonl",
            "  ./distill run pipeline.yaml",
            "  ./distill generate --config pipeline.yaml --json",
            "  ./distill curate --config pipeline.yaml",
            "  ./distill export --config pipeline.yaml --format parquet --out train.parquet",
            "  ./distill serve --model models/teacher-arith --port 0",
            "  ./distill scaling --params 3e6 --tokens 2e7",
            "Each command has --help with its own examples."},
        subcommands = {
            DemoCommand.class,
            ModesCommand.class,
            RunCommand.class,
            TasksCommand.class,
            GenerateCommand.class,
            VerifyCommand.class,
            CurateCommand.class,
            ExportCommand.class,
            StoreCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            StudyCommand.class,
            ScalingCommand.class,
            ServeCommand.class,
            GuardCommand.class,
            BenchCommand.class,
        })
public final class DistillCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"distill4j " + Provenance.runningVersion() + " (Java " + Runtime.version() + ")"};
        }
    }
}
