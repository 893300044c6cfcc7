package io.jenkins.plugins.debianbuildd.exec;

/** What a finished process left: its exit status and captured output. */
public record ExecResult(Command command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Throws {@link ExecException} with the command's stderr when the exit status is not 0. */
    public ExecResult orThrow() {
        if (exitCode != 0) {
            throw new ExecException(command, exitCode, stderr.isBlank() ? stdout : stderr);
        }
        return this;
    }
}
