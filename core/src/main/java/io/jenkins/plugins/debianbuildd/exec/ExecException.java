package io.jenkins.plugins.debianbuildd.exec;

/** A process that could not be run or that failed; the message names the program and what it said. */
public class ExecException extends RuntimeException {
    private final Command command;
    private final int exitCode;
    private final String output;

    public ExecException(Command command, int exitCode, String output) {
        super(command.program() + " failed (exit " + exitCode + "): " + tail(output) + "\n  command: " + command);
        this.command = command;
        this.exitCode = exitCode;
        this.output = output;
    }

    public ExecException(Command command, String message, Throwable cause) {
        super(command.program() + ": " + message + "\n  command: " + command, cause);
        this.command = command;
        this.exitCode = -1;
        this.output = "";
    }

    public Command command() {
        return command;
    }

    /** The exit status, or -1 when the process did not run to completion. */
    public int exitCode() {
        return exitCode;
    }

    public String output() {
        return output;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }
}
