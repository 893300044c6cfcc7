package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The archive merge's view of one (suite, architecture) inside {@link WannaBuildStore#merge}: the rows as
 * they were when the merge started, and {@link #apply} for each change. All changes of one merge are one
 * transaction, written with batched statements when the work returns; each is validated by
 * {@link Transitions} when applied and logged in the transactions table.
 *
 * <p>Typical use, after reading Sources and Packages of the suite:
 * <pre>{@code
 * MergeSummary s = store.merge("sid", "amd64", "merge", session -> {
 *     Map<String, PackageRecord> current = session.current();
 *     for (SourcePackage src : sources) {
 *         PackageRecord row = current.get(src.name());
 *         if (row == null || src.version().isNewerThan(row.version())) {
 *             session.apply(src.name(), Action.MERGE_NEW_VERSION,
 *                     Fields.version(src.version()).section(src.section()).priority(src.priority()).notes("uncompiled"));
 *         }
 *     }
 *     for (String gone : packagesNotInSources) {
 *         session.apply(gone, current.get(gone).state() == State.FAILED ? Action.MERGE_FAILED_REMOVED : Action.MERGE_DELETE,
 *                 Fields.none());
 *     }
 * });
 * }</pre>
 *
 * <p>{@link #apply} throws {@link IllegalTransitionException} for a change the table refuses (the merge may
 * catch it and go on: nothing of that change is kept); {@link #check} asks first without throwing. If the
 * work throws anything else, nothing of the merge is written.
 */
public interface MergeSession {
    String suite();

    String arch();

    /** The time every change of this merge is stamped with. */
    Instant now();

    /** The rows when the merge started, by package name (unmodifiable; not updated by {@link #apply}). */
    Map<String, PackageRecord> current();

    /** The row as it is now in this merge: with the changes applied so far; empty when absent or deleted. */
    Optional<PackageRecord> get(String packageName);

    /** What the table says about {@code action} on the package's current row in this merge (no exception). */
    Transitions.Rule check(String packageName, Action action);

    /**
     * Applies one change. {@code action} is usually a {@code MERGE_*} action; the operations of
     * {@link Action.Kind#OPERATION} (such as {@link Action#NO_BUILD}) are accepted as well and are logged
     * under the merge's user.
     *
     * @return the decision: the new row, whether it changed, wanna-build's messages
     * @throws IllegalTransitionException when the table refuses it; the session goes on without that change
     * @throws IllegalArgumentException   when the fields do not fit the action
     */
    Outcome apply(String packageName, Action action, Fields fields);

    /** Changes applied so far and not yet written. */
    int pending();
}
