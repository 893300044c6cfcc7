package io.jenkins.plugins.debianbuildd.wannabuild;

/** A refused or failed wanna-build operation; the message names the package, suite and architecture. */
public class WannaBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WannaBuildException(String message) {
        super(message);
    }

    public WannaBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
