package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.incoming.IncomingQueue;
import io.jenkins.plugins.debianbuildd.incoming.ProcessReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code buildd incoming process}: the upload queue. */
@Command(name = "incoming", mixinStandardHelpOptions = true,
        description = "The upload queue (incoming/): dput uploads into incoming/incoming/.",
        subcommands = {IncomingCommand.Process.class})
public final class IncomingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "process", mixinStandardHelpOptions = true,
            description = {"Process the queue once: check each complete upload (signature by a key of the uploaders keyring,"
                    + " files, checksums, distribution, version), publish the accepted ones into the repository and enter"
                    + " them into wanna-build as Needs-Build on each architecture that builds them; rejected uploads go to"
                    + " incoming/rejected/ with the reason. Prints each upload's outcome."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every complete upload was accepted (or there was none)", "1:error (no uploaders keyring,"
                    + " the queue is held by another processor...)", "2:invalid usage",
                    "3:an upload was rejected or deferred (published but not yet entered, retried next run)"})
    static final class Process extends StandaloneCommand {
        @Override
        int run(Instance instance) throws Exception {
            PrintWriter out = out();
            long t0 = System.nanoTime();
            NeedsBuildRegistrar registrar = instance.needsBuildHandler();
            IncomingQueue queue = instance.incoming(registrar);
            ProcessReport report = queue.processOnce();
            if (report.busy()) {
                throw new IllegalStateException("another processor holds the queue " + queue.config().root()
                        + " (waited " + Console.elapsed(queue.config().lockWait()) + ")");
            }
            Map<ProcessReport.Status, Integer> counts = new EnumMap<>(ProcessReport.Status.class);
            for (ProcessReport.Outcome o : report.outcomes()) {
                counts.merge(o.status(), 1, Integer::sum);
                String line = String.format("%-8s %s", o.status(), o.changesName());
                switch (o.status()) {
                    case ACCEPTED -> {
                        var reg = registrar.registration(o.uploadId());
                        line += reg.map(r -> " -> " + r.suite() + ": " + String.join("; ", r.archs().stream().map(Object::toString).toList()))
                                .orElse("");
                    }
                    case REJECTED -> line += ": " + o.reason() + ": " + o.message() + " (kept in " + o.location() + ")";
                    case WAITING, DEFERRED -> line += ": " + o.message();
                }
                out.println(line);
            }
            if (report.outcomes().isEmpty()) {
                out.println("Nothing to process in " + queue.config().incoming());
            } else {
                out.printf("%d accepted, %d rejected, %d waiting, %d deferred in %s%n",
                        counts.getOrDefault(ProcessReport.Status.ACCEPTED, 0), counts.getOrDefault(ProcessReport.Status.REJECTED, 0),
                        counts.getOrDefault(ProcessReport.Status.WAITING, 0), counts.getOrDefault(ProcessReport.Status.DEFERRED, 0),
                        Console.elapsed(Duration.ofNanos(System.nanoTime() - t0)));
            }
            return counts.containsKey(ProcessReport.Status.REJECTED) || counts.containsKey(ProcessReport.Status.DEFERRED)
                    ? ExitCodes.UNSUCCESSFUL : ExitCodes.OK;
        }
    }
}
