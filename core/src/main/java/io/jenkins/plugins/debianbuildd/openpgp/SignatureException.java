package io.jenkins.plugins.debianbuildd.openpgp;

/** A signature that is missing, bad, or by a key outside the keyring; the message says which and for which file. */
public class SignatureException extends RuntimeException {
    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
