package io.jenkins.plugins.debianbuildd.buildd;

import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.build.Disposition;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.BuildRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.FailedCategory;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where a finished build becomes wanna-build operations, as Debian's buildd does it:
 * built (then published and uploaded), attempted or failed with the log's diagnosis and category,
 * dep-wait with the missing dependencies, or give-back; and a row in the build history.
 *
 * <p>With auto-fail (the standalone default), a build that fails in the package itself goes straight
 * to Failed with {@code [category] diagnosis}, as an administrator would mark it after reading the log;
 * a time-out stays Build-Attempted ("timed out") for a human to decide.
 */
public final class OutcomeRecorder {
    private final WannaBuildStore store;
    private final String builder;
    private final Publisher publisher;
    private final boolean autoFail;

    /** What was recorded: the resulting state, and wanna-build's messages along the way. */
    public record Recorded(BuildJob job, Disposition disposition, String state, List<String> messages, boolean published) {
    }

    public OutcomeRecorder(WannaBuildStore store, String builder, Publisher publisher, boolean autoFail) {
        this.store = store;
        this.builder = builder;
        this.publisher = publisher;
        this.autoFail = autoFail;
    }

    public Recorded record(BuildJob job, BuildResult result, Disposition d) {
        List<String> messages = new ArrayList<>();
        String arg = job.packageArg();
        boolean published = false;
        io.jenkins.plugins.debianbuildd.wannabuild.BuildResult history;
        if (d instanceof Disposition.Built built) {
                messages.addAll(store.built(job.suite(), job.arch(), arg, builder).messages());
                published = publish(job, built.changes(), messages);
                history = io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.SUCCESSFUL;
        } else if (d instanceof Disposition.BuildAttempted attempted) {
                boolean timedOut = result != null && result.timedOut();
                if (autoFail && !timedOut) {
                    FailedCategory category = FailedCategory.parse(attempted.category().wannaBuildName());
                    String message = (category == FailedCategory.NONE ? "" : "[" + category + "] ") + attempted.message();
                    messages.addAll(store.failed(job.suite(), job.arch(), arg, builder, message).messages());
                    history = io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.FAILED;
                } else {
                    messages.addAll(store.perform(job.suite(), job.arch(), arg,
                            Request.of(Action.ATTEMPTED, builder).withMessage(attempted.message())).messages());
                    history = io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.ATTEMPTED;
                }
        } else if (d instanceof Disposition.DepWait depWait) {
                messages.addAll(store.depWait(job.suite(), job.arch(), arg, builder, depWait.dependencies().toString()).messages());
                history = io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.GIVEN_BACK;
        } else {
                messages.addAll(store.perform(job.suite(), job.arch(), arg,
                        Request.of(Action.GIVE_BACK, builder).withMessage(d.message())).messages());
                history = io.jenkins.plugins.debianbuildd.wannabuild.BuildResult.GIVEN_BACK;
        }
        if (result != null) {
            long space = result.summaryField("Build-Space").map(OutcomeRecorder::bytes).orElse(-1L);
            store.recordBuild(new BuildRecord(job.suite(), job.arch(), job.packageName(), job.builtVersion(), Instant.now(),
                    history, result.elapsed(), space, builder));
        }
        String state = store.get(job.suite(), job.arch(), job.packageName()).map(r -> r.state().toString()).orElse("(gone)");
        return new Recorded(job, d, state, List.copyOf(messages), published);
    }

    /** Publishes a Built package and marks it Uploaded; on failure it stays Built, to be published again. */
    public boolean publish(BuildJob job, Path changes, List<String> messages) {
        try {
            publisher.publish(job, changes);
        } catch (Exception e) {
            messages.add(job.packageName() + ": not published (stays Built): " + e.getMessage());
            return false;
        }
        messages.addAll(store.uploaded(job.suite(), job.arch(), job.packageArg(), builder).messages());
        return true;
    }

    /** sbuild's Build-Space is in kilobytes ("1234" or "1234k"). */
    private static long bytes(String v) {
        try {
            return Long.parseLong(v.replaceAll("[^0-9]", "")) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
