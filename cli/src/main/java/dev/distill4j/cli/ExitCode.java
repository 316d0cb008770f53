package dev.distill4j.cli;

/** What the process exit status means, for scripts. */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0),
    /** The command ran into an error it did not expect (a bug or the machine): the message says which. */
    ERROR(1),
    /** The command line itself was wrong: unknown option, missing argument. */
    USAGE(2),
    /** An input (file, config, option value) was invalid; the message names the file, line and field. */
    BAD_INPUT(3),
    /** The command works but what it checked did not pass (e.g. a pass rate under --min-pass-rate). */
    CHECK_FAILED(4),
    /** The command stopped with work left (requests that failed for good); running it again continues where it stopped. */
    INCOMPLETE(5);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
