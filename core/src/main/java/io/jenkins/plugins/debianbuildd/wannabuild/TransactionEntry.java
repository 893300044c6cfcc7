package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Instant;

/**
 * One row of the transactions log: a state change of one package.
 *
 * @param id            increasing with time
 * @param suite         the suite
 * @param arch          the architecture
 * @param packageName   the package
 * @param version       the version after the change (before it, for a deletion)
 * @param action        the action as logged ({@code --take})
 * @param previousState the state before (null for a new row)
 * @param newState      the state after (null when the row was deleted)
 * @param user          who did it
 * @param time          when
 * @param message       the message given with it, or null
 */
public record TransactionEntry(long id, String suite, String arch, String packageName, String version, String action,
        State previousState, State newState, String user, Instant time, String message) {
}
