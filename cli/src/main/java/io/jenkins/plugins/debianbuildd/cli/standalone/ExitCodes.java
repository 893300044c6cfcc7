package io.jenkins.plugins.debianbuildd.cli.standalone;

/** The exit codes of the standalone commands (docs/standalone.md). */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** An error: bad input, a failed or refused operation (one line on standard error). */
    public static final int FAILURE = 1;
    /** Invalid usage: an unknown option, a missing or malformed argument (one line on standard error). */
    public static final int USAGE = 2;
    /** Done, with an unsuccessful outcome: a build that did not build, an upload rejected or deferred. */
    public static final int UNSUCCESSFUL = 3;

    private ExitCodes() {
    }
}
