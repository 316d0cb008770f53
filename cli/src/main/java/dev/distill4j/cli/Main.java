package dev.distill4j.cli;

import dev.distill4j.core.config.ConfigException;
import dev.distill4j.core.io.InputException;
import dev.distill4j.core.store.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The entry point of {@code ./distill}: the only place that exits the process. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new DistillCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(110);
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("distill: " + usageProblem(e));
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code;
        });
        return commandLine.execute(args);
    }

    /**
     * The most useful thing to say about a bad command line. Picocli checks required options before it
     * reports unknown ones, but "--famly" missing "--family" is one mistake: name the unknown option first.
     */
    private static String usageProblem(CommandLine.ParameterException e) {
        CommandLine.UnmatchedArgumentException unmatched = e instanceof CommandLine.UnmatchedArgumentException u ? u : null;
        if (unmatched == null && e.getCommandLine().getParseResult() != null && !e.getCommandLine().getParseResult().unmatched().isEmpty()) {
            unmatched = new CommandLine.UnmatchedArgumentException(e.getCommandLine(), e.getCommandLine().getParseResult().unmatched());
        }
        if (unmatched == null) {
            return e.getMessage();
        }
        java.util.List<String> suggestions = unmatched.getSuggestions();
        return unmatched.getMessage() + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
    }

    /** One place that turns exceptions into messages and exit codes: libraries throw, commands return. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (isBadInput(e)) {
            err.println("distill: " + e.getMessage());
            return ExitCode.BAD_INPUT.code;
        }
        err.println("distill: internal error: " + e);
        if (System.getenv("DISTILL_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set DISTILL_DEBUG=1 for the stack trace)");
        }
        return ExitCode.ERROR.code;
    }

    private static boolean isBadInput(Exception e) {
        return e instanceof InputException || e instanceof StoreException || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException || e instanceof ConfigException;
    }
}
