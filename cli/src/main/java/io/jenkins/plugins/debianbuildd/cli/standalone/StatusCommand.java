package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code buildd status}: the state of the queue at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show, per suite and architecture, how many packages are in each wanna-build state; the packages"
                + " being built, by whom and for how long; missing chroots and uploads waiting in incoming/."})
public final class StatusCommand extends StandaloneCommand {
    /** The states always shown, in the order a buildd admin reads them; others appear when some package is in them. */
    private static final List<State> MAIN = List.of(State.NEEDS_BUILD, State.BUILDING, State.UPLOADED, State.INSTALLED,
            State.DEP_WAIT, State.BD_UNINSTALLABLE, State.FAILED);

    @Override
    int run(Instance instance) throws Exception {
        PrintWriter out = out();
        BuilddConfig config = instance.config();
        long now = System.currentTimeMillis();
        String where = config.instance().embeddedDatabase() ? "embedded database in " + config.dataDir().resolve("db")
                : config.instance().database();
        print(out, where, QueueStatus.read(instance.store(), config), now);
        out.println();
        List<String> missing = new ArrayList<>();
        for (var spec : instance.configuredChroots()) {
            if (instance.chroots().find(spec.id()).isEmpty()) {
                missing.add(spec.id().name());
            }
        }
        out.println("Chroots: " + (missing.isEmpty() ? "all " + instance.configuredChroots().size() + " present in " + config.chrootDir()
                : "missing " + String.join(", ", missing) + " (buildd chroot create)"));
        Path queue = instance.incomingConfig().incoming();
        out.println("Incoming: " + changesIn(queue) + " upload(s) waiting in " + queue);
        return ExitCodes.OK;
    }

    /** The counts table and the packages being built. */
    static void print(PrintWriter out, String where, QueueStatus status, long now) {
        Set<State> shown = EnumSet.copyOf(MAIN);
        status.rows().forEach(r -> shown.addAll(r.counts().keySet()));
        List<State> columns = new ArrayList<>();
        for (State st : State.values()) {
            if (shown.contains(st)) {
                columns.add(st);
            }
        }
        List<String> headers = new ArrayList<>(List.of("SUITE", "ARCH"));
        columns.forEach(st -> headers.add(st.debianName()));
        headers.add("TOTAL");
        Console.Table t = new Console.Table(headers.toArray(new String[0]));
        for (QueueStatus.Row r : status.rows()) {
            List<Object> row = new ArrayList<>(List.of(r.suite(), r.arch()));
            int total = 0;
            for (State st : columns) {
                int n = r.counts().getOrDefault(st, 0);
                row.add(n);
                total += n;
            }
            row.add(total);
            t.row(row.toArray());
        }
        out.println("wanna-build (" + where + "):");
        t.print(out, "  ");
        out.println();
        if (status.building().isEmpty()) {
            out.println("Building: nothing");
        } else {
            out.println("Building:");
            Console.Table b = new Console.Table("PACKAGE", "SUITE/ARCH", "BUILDER", "SINCE");
            for (QueueStatus.Building r : status.building()) {
                b.row(r.packageName() + "_" + r.version(), r.suite() + "/" + r.arch(), r.builder(),
                        Console.elapsed(Duration.ofMillis(Math.max(0, now - r.sinceMillis()))));
            }
            b.print(out, "  ");
        }
    }

    private static int changesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.changes")) {
            for (Path p : ds) {
                n++;
            }
        }
        return n;
    }
}
