package io.jenkins.plugins.debianbuildd.wannabuild;

/** A suite or architecture that is not configured in the store (wanna-build's "Bad distribution"). */
public class UnknownSuiteException extends WannaBuildException {
    private static final long serialVersionUID = 1L;

    public UnknownSuiteException(String message) {
        super(message);
    }
}
