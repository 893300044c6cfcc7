package io.jenkins.plugins.debianbuildd.cli.config;

/** The embedded database of a data directory is held by another process (H2 admits one at a time). */
public final class DatabaseInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
