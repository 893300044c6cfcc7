package io.jenkins.plugins.debianbuildd.chroot;

import java.time.Duration;

/**
 * Follows a chroot being made or upgraded (minutes for mmdebstrap): the tool's output lines, and the
 * steps with the time elapsed since the operation began, for the command line to show.
 */
public interface ChrootProgress {
    /** One line of mmdebstrap's output. */
    void line(String line);

    /** A step began ({@code waiting for the lock}, {@code running mmdebstrap}, {@code installing}), at {@code elapsed}. */
    default void step(String description, Duration elapsed) {
    }

    ChrootProgress SILENT = line -> { };
}
