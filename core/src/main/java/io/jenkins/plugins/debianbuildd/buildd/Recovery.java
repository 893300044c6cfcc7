package io.jenkins.plugins.debianbuildd.buildd;

import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a buildd does when it starts after a crash (or a kill -9): stop whatever its earlier builds left
 * running, give back the packages it was building (they will be built once more, by whoever takes
 * them), and publish the packages it had built but not uploaded. Nothing stays in Building for a
 * builder that is no longer building it.
 */
public final class Recovery {
    private Recovery() {
    }

    /** One recovered package and what was done with it. */
    public record Recovered(PackageRecord row, String action) {
    }

    /**
     * @param workRoot the directory builds of this buildd run in; processes still working there are leftovers
     */
    public static List<Recovered> recover(WannaBuildStore store, String builder, OutcomeRecorder recorder, JobJournal journal,
                                          Path workRoot) throws IOException {
        int killed = killLeftovers(workRoot);
        List<Recovered> out = new ArrayList<>();
        for (PackageRecord row : store.heldBy(builder)) {
            BuildJob job = BuildJob.of(row);
            if (row.state() == State.BUILDING) {
                store.perform(row.suite(), row.arch(), job.packageArg(), Request.of(Action.GIVE_BACK, builder)
                        .withMessage("given back by " + builder + " after a restart: its build was interrupted"
                                + (killed > 0 ? " (" + killed + " leftover process(es) stopped)" : "")));
                out.add(new Recovered(row, "given back"));
            } else if (row.state() == State.BUILT) {
                Optional<Path> changes = journal.changes(job);
                List<String> messages = new ArrayList<>();
                if (changes.isPresent() && recorder.publish(job, changes.get(), messages)) {
                    journal.done(job);
                    out.add(new Recovered(row, "published " + changes.get().getFileName()));
                } else {
                    store.perform(row.suite(), row.arch(), job.packageArg(), Request.of(Action.GIVE_BACK, builder)
                            .withMessage("given back by " + builder + " after a restart: built, but the result is gone"));
                    out.add(new Recovered(row, "given back (result gone)"));
                }
            }
        }
        return out;
    }

    /** Stops the sessions of processes whose working directory is under {@code workRoot}; returns how many. */
    static int killLeftovers(Path workRoot) throws IOException {
        if (!Files.isDirectory(Path.of("/proc/self")) || !Files.isDirectory(workRoot)) {
            return 0;
        }
        Path root = workRoot.toRealPath();
        List<ProcessHandle> leftovers = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == ProcessHandle.current().pid()) {
                    continue;
                }
                try {
                    Path cwd = Files.readSymbolicLink(p.resolve("cwd"));
                    if (cwd.startsWith(root)) {
                        ProcessHandle.of(pid).ifPresent(leftovers::add);
                    }
                } catch (IOException | SecurityException e) {
                    // Gone, or not ours to look at.
                }
            }
        }
        for (ProcessHandle h : leftovers) {
            LocalExec.killTree(h);
        }
        return leftovers.size();
    }
}
