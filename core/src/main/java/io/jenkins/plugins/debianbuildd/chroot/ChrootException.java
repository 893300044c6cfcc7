package io.jenkins.plugins.debianbuildd.chroot;

/** A chroot could not be made, upgraded, found or removed; the message names it and says why. */
public class ChrootException extends RuntimeException {
    public ChrootException(String message) {
        super(message);
    }

    public ChrootException(String message, Throwable cause) {
        super(message, cause);
    }
}
