package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Duration;
import java.time.Instant;

/**
 * A state change waited for the suite's maintenance lock (held while the archive merge runs) longer than
 * the configured bound, or a merge could not get the lock. Nothing was changed.
 */
public class MaintenanceLockedException extends WannaBuildException {
    private static final long serialVersionUID = 1L;

    public MaintenanceLockedException(String suite, String holder, Instant since, Duration waited) {
        super("suite " + suite + " is locked for maintenance by " + holder + " since " + since
                + "; gave up after waiting " + waited.toMillis() + " ms");
    }
}
