package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        WannaBuildStore store = instance.store();
        Instant now = Instant.now();
        Map<String, Map<State, Integer>> counts = new LinkedHashMap<>();
        List<PackageRecord> building = new ArrayList<>();
        Set<State> shown = EnumSet.copyOf(MAIN);
        for (BuilddConfig.Suite s : config.suites()) {
            for (String arch : s.architectures()) {
                Map<State, Integer> c = new EnumMap<>(State.class);
                for (PackageRecord r : store.list(ListQuery.of(s.name(), arch, null))) {
                    c.merge(r.state(), 1, Integer::sum);
                    shown.add(r.state());
                    if (r.state() == State.BUILDING) {
                        building.add(r);
                    }
                }
                counts.put(s.name() + "\t" + arch, c);
            }
        }
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
        counts.forEach((key, c) -> {
            List<Object> row = new ArrayList<>(List.of(key.split("\t")));
            int total = 0;
            for (State st : columns) {
                int n = c.getOrDefault(st, 0);
                row.add(n);
                total += n;
            }
            row.add(total);
            t.row(row.toArray());
        });
        out.println("wanna-build (" + (config.instance().embeddedDatabase() ? "embedded database in " + config.dataDir().resolve("db")
                : config.instance().database()) + "):");
        t.print(out, "  ");
        out.println();
        if (building.isEmpty()) {
            out.println("Building: nothing");
        } else {
            out.println("Building:");
            Console.Table b = new Console.Table("PACKAGE", "SUITE/ARCH", "BUILDER", "SINCE");
            building.sort((x, y) -> x.stateChange().compareTo(y.stateChange()));
            for (PackageRecord r : building) {
                b.row(r.packageName() + "_" + r.buildVersion(), r.suite() + "/" + r.arch(), r.builder(),
                        Console.elapsed(Duration.between(r.stateChange(), now)));
            }
            b.print(out, "  ");
        }
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
