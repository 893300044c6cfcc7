package io.jenkins.plugins.debianbuildd.chroot;

/** A chroot is being upgraded (or used, for an upgrade) and did not become free in the time allowed. */
public class ChrootBusyException extends ChrootException {
    public ChrootBusyException(String message) {
        super(message);
    }
}
