package io.jenkins.plugins.debianbuildd.archive;

import java.io.IOException;

/** An index file whose size or checksum differs from its Release entry, or that the Release does not cover. */
public final class IndexVerificationException extends IOException {
    public IndexVerificationException(String message) {
        super(message);
    }
}
