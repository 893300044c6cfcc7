package io.jenkins.plugins.debianbuildd.cli.wannabuild;

/** A bad argument found once the database is open (an unknown suite or architecture): exit code 2. */
final class WannaBuildUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WannaBuildUsageException(String message) {
        super(message);
    }
}
