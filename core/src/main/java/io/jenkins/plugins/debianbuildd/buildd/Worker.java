package io.jenkins.plugins.debianbuildd.buildd;

import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.Disposition;
import io.jenkins.plugins.debianbuildd.build.Dispositions;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A buildd worker for one architecture: take the next package (highest priority first, suites in
 * order), build it, record the outcome, again; until stopped. Stopping cancels the build in progress,
 * which is then given back, so that nothing is left in Building.
 */
public final class Worker implements Runnable {
    private final WannaBuildStore store;
    private final BuildBackend backend;
    private final OutcomeRecorder recorder;
    private final JobJournal journal;
    private final String builder;
    private final String arch;
    private final List<String> suites;
    private final Events events;
    private volatile boolean stopping;
    private volatile Cancellation current = Cancellation.none();

    /** What a worker tells its surroundings (the daemon's console, Jenkins). */
    public interface Events {
        default void taken(BuildJob job, List<String> messages) {
        }

        default BuildListener listener(BuildJob job) {
            return BuildListener.SILENT;
        }

        default void recorded(OutcomeRecorder.Recorded recorded, BuildResult result) {
        }

        default void failedToStart(BuildJob job, Exception e) {
        }

        /** Nothing to take for this worker; returns how long to wait before looking again, or null to stop. */
        default Duration idle(String arch) {
            return Duration.ofSeconds(30);
        }
    }

    public Worker(WannaBuildStore store, BuildBackend backend, OutcomeRecorder recorder, JobJournal journal, String builder,
                  String arch, List<String> suites, Events events) {
        this.store = store;
        this.backend = backend;
        this.recorder = recorder;
        this.journal = journal;
        this.builder = builder;
        this.arch = arch;
        this.suites = List.copyOf(suites);
        this.events = events;
    }

    public String arch() {
        return arch;
    }

    /** Asks the worker to stop: no new take, and the build in progress is cancelled (then given back). */
    public void stop(String why) {
        stopping = true;
        current.cancel(why);
    }

    public boolean stopping() {
        return stopping;
    }

    @Override
    public void run() {
        while (!stopping) {
            Optional<BuildJob> job = takeNext();
            if (job.isEmpty()) {
                Duration wait = events.idle(arch);
                if (wait == null || stopping) {
                    return;
                }
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            buildOne(job.get());
        }
    }

    /** Takes the next package of the first suite that has one. */
    public Optional<BuildJob> takeNext() {
        for (String suite : suites) {
            Optional<OperationResult> taken = store.takeNext(suite, arch, builder);
            if (taken.isPresent()) {
                BuildJob job = BuildJob.of(taken.get().after());
                events.taken(job, taken.get().messages());
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    /** Builds a taken job and records its outcome. */
    public OutcomeRecorder.Recorded buildOne(BuildJob job) {
        Cancellation cancellation = new Cancellation();
        current = cancellation;
        if (stopping) {
            cancellation.cancel("buildd is stopping");
        }
        BuildResult result;
        try {
            result = backend.build(job, events.listener(job), cancellation);
        } catch (Exception e) {
            events.failedToStart(job, e);
            store.perform(job.suite(), job.arch(), job.packageArg(), Request.of(Action.GIVE_BACK, builder)
                    .withMessage("build could not start on " + builder + ": " + e.getMessage()));
            return new OutcomeRecorder.Recorded(job, new Disposition.GiveBack("build could not start: " + e.getMessage()),
                    "Needs-Build", List.of(), false);
        } finally {
            current = Cancellation.none();
        }
        Disposition d = Dispositions.of(result);
        if (d instanceof Disposition.Built built) {
            try {
                journal.built(job, built.changes());
            } catch (java.io.IOException e) {
                // Without the journal a crash before the upload means one more build, nothing worse.
            }
        }
        OutcomeRecorder.Recorded recorded = recorder.record(job, result, d);
        if (recorded.published()) {
            try {
                journal.done(job);
            } catch (java.io.IOException e) {
                // A stale journal entry for an Uploaded package is ignored at recovery.
            }
        }
        events.recorded(recorded, result);
        return recorded;
    }
}
