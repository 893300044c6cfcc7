package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.wannabuild.jdbc.JdbcWannaBuildStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wanna-build database: per (suite, architecture, source package), which version needs building and in
 * what state it is, with wanna-build's operations, messages and orderings.
 *
 * <p>Every operation is one transaction that changes the row through {@link Transitions}, writes a
 * transactions-log row for each changed row, and after the commit tells the {@link StateChangeListener}s.
 * Package arguments are wanna-build's free format ({@code hello}, {@code hello_1.0-1},
 * {@code ../hello_1.0-1.dsc}; see {@link PackageArg}); a version, when given, must be the registered one.
 * Operations wait (up to {@link StoreConfig#maintenanceWait()}) while an archive merge holds the suite's
 * maintenance lock, then fail with {@link MaintenanceLockedException}.
 *
 * <p>Refusals are exceptions that change nothing: {@link IllegalTransitionException} (state, holder or
 * version do not allow it; {@link IllegalTransitionException#wannaBuildMessage()} is wanna-build's output),
 * {@link UnknownPackageException}, {@link UnknownSuiteException}, {@link IllegalArgumentException} (bad
 * input such as a malformed dependency list). {@link StoreException} reports a database failure.
 *
 * <p>Thread-safe; meant to be opened once per process and shared.
 */
public interface WannaBuildStore extends AutoCloseable {

    /** Opens (creating or migrating the schema as needed) the store described by {@code config}. */
    static WannaBuildStore open(StoreConfig config) {
        return JdbcWannaBuildStore.open(config);
    }

    // ---------------------------------------------------------------- configuration

    /** Adds a suite or changes its settings and architectures (architectures with packages cannot be removed). */
    void configureSuite(SuiteConfig suite);

    /** Removes a suite and everything about its packages (rows, transactions log, history). */
    void removeSuite(String suite);

    /** The configured suites, by name. */
    List<SuiteConfig> suites();

    Optional<SuiteConfig> suite(String name);

    /** The calprio weights in use. */
    Priorities priorities();

    // ---------------------------------------------------------------- reading

    /** The row of one package, if registered. */
    Optional<PackageRecord> get(String suite, String arch, String packageName);

    /** wanna-build's {@code --list}: filtered and ordered rows. */
    List<PackageRecord> list(ListQuery query);

    /** What a builder holds (Building, Built, Build-Attempted, Uploaded) in any suite: for crash recovery. */
    List<PackageRecord> heldBy(String builder);

    /** The transactions log of one package, oldest first. */
    List<TransactionEntry> transactions(String suite, String arch, String packageName);

    /** The number of transactions-log rows (all packages). */
    long transactionCount();

    /** How many packages of one suite and architecture are in each state (states with none are absent). */
    Map<State, Integer> counts(String suite, String arch);

    /** wanna-build's {@code --info} output for one package (name, or name_version) in one suite. */
    String info(String suite, String arch, String packageArg);

    // ---------------------------------------------------------------- operations

    /** wanna-build's {@code --take} (its default operation): Needs-Build to Building for {@code user}. */
    default OperationResult take(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.TAKE, user));
    }

    /** {@code --take --override}: take a package another builder holds (or that failed, or waits for another suite). */
    default OperationResult override(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.TAKE, user).withOverride(true));
    }

    /**
     * For a build daemon: takes the highest-priority Needs-Build package of (suite, arch) for {@code builder}
     * (calprio, then longest waiting, then name), atomically: concurrent callers never get the same package.
     *
     * @return the take, or empty when nothing needs building
     */
    Optional<OperationResult> takeNext(String suite, String arch, String builder);

    /** {@code --built}: the build succeeded. */
    default OperationResult built(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.BUILT, user));
    }

    /** {@code --attempted}: the build failed; the builder decides later. */
    default OperationResult attempted(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.ATTEMPTED, user));
    }

    /** {@code --uploaded}: binaries uploaded (give the {@code +bN} version for a binNMU). */
    default OperationResult uploaded(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.UPLOADED, user));
    }

    /** {@code --failed -m message}: appended to earlier failures; a leading {@code [category]} sets the category. */
    default OperationResult failed(String suite, String arch, String packageArg, String user, String message) {
        return perform(suite, arch, packageArg, Request.of(Action.FAILED, user).withMessage(message));
    }

    /** {@code --dep-wait -m deps}: wait for the packages in {@code dependencies} (Depends syntax), merged with earlier ones. */
    default OperationResult depWait(String suite, String arch, String packageArg, String user, String dependencies) {
        return perform(suite, arch, packageArg, Request.of(Action.DEP_WAIT, user).withMessage(dependencies));
    }

    /** {@code --give-back}: back to Needs-Build (through BD-Uninstallable in suites with an installability check). */
    default OperationResult giveBack(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.GIVE_BACK, user));
    }

    /** {@code --no-build}: Not-For-Us (or, from Not-For-Us, back out of it to Failed as wanna-build does). */
    default OperationResult noBuild(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.NO_BUILD, user));
    }

    /** {@code --forget}: deletes the row (the transactions log keeps its history). */
    default OperationResult forget(String suite, String arch, String packageArg, String user) {
        return perform(suite, arch, packageArg, Request.of(Action.FORGET, user));
    }

    /** {@code --binNMU N -m changelog}: schedules {@code +bN}; {@code number == 0} cancels a scheduled binNMU. */
    default OperationResult binNmu(String suite, String arch, String packageArg, String user, int number, String changelog) {
        if (number < 0) {
            throw new IllegalArgumentException("binNMU number must not be negative: " + number);
        }
        Action a = number == 0 ? Action.BIN_NMU_CANCEL : Action.BIN_NMU;
        return perform(suite, arch, packageArg, Request.of(a, user).withNumber(number).withMessage(changelog));
    }

    /** {@code --build-priority} / {@code --perm-build-priority}; 0 clears. */
    default OperationResult buildPriority(String suite, String arch, String packageArg, String user, int priority,
            boolean permanent) {
        Action a = permanent ? Action.PERM_BUILD_PRIORITY : Action.BUILD_PRIORITY;
        return perform(suite, arch, packageArg, Request.of(a, user).withNumber(priority));
    }

    /** Any operation, with wanna-build's options ({@code --override}): what the methods above call. */
    OperationResult perform(String suite, String arch, String packageArg, Request request);

    /**
     * One archive change outside a merge, as its own transaction: what upload intake does when it registers
     * an accepted upload ({@link Action#MERGE_NEW_VERSION}: idempotent, the same version again is a no-op),
     * or an installability check of one package. Same table, log and listeners as {@link #merge}; it waits
     * for a running merge like any state change. For many packages at once use {@link #merge}.
     */
    OperationResult applyArchiveChange(String suite, String arch, String user, String packageName, Action action, Fields fields);

    // ---------------------------------------------------------------- build history

    /** Records a finished build in the history (and as calprio input of the package). */
    void recordBuild(BuildRecord build);

    /** The builds of one package, oldest first. */
    List<BuildRecord> history(String suite, String arch, String packageName);

    // ---------------------------------------------------------------- archive merge

    /**
     * Runs an archive merge of (suite, arch) as ONE transaction under the suite's maintenance lock: waits
     * (bounded) for the lock, reads the rows, runs {@code work} against a {@link MergeSession}, writes all
     * applied changes and their transactions rows with batched statements, commits, releases the lock, then
     * tells the listeners. Operations on the suite wait while it runs. If {@code work} throws, nothing is
     * written and the exception propagates (wrapped in {@link StoreException} when checked).
     *
     * @return how many packages moved between which states
     */
    MergeSummary merge(String suite, String arch, String user, MergeWork work);

    /** Recomputes the stored queue priorities (the waiting-days part of calprio) of (suite, arch). */
    void refreshPriorities(String suite, String arch);

    // ---------------------------------------------------------------- listeners

    void addListener(StateChangeListener listener);

    void removeListener(StateChangeListener listener);

    // ---------------------------------------------------------------- dump

    /** Writes the whole database (suites, packages, history, transactions log) as deb822 text in UTF-8 ({@link DumpFormat}). */
    void exportTo(OutputStream out) throws IOException;

    /**
     * Replaces the whole database with a dump written by {@link #exportTo}, in one transaction; a malformed
     * dump is a {@link io.jenkins.plugins.debianbuildd.formats.FormatException} naming the line, and changes nothing.
     */
    void importFrom(InputStream in) throws IOException;

    @Override
    void close();
}
