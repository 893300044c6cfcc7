package io.jenkins.plugins.debianbuildd.cli.standalone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code buildd status} says about wanna-build: per suite and architecture how many packages are in
 * each state, and what is being built since when. Read from the store; a running daemon also keeps it in
 * {@link #file(BuilddConfig) run/status.json}, because the embedded database admits one process at a time and
 * the daemon is that process while anything is building.
 *
 * @param takenAtMillis when it was read from the store
 * @param pid           the process that wrote the file (0 when read directly)
 */
public record QueueStatus(long takenAtMillis, long pid, List<Row> rows, List<Building> building) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The counts of one suite and architecture. */
    public record Row(String suite, String arch, Map<State, Integer> counts) {
    }

    /** A package in Building. */
    public record Building(String packageName, String version, String suite, String arch, String builder,
                           long sinceMillis) {
    }

    public QueueStatus {
        rows = List.copyOf(rows);
        building = List.copyOf(building);
    }

    /** Reads it from the store: a count per state and the Building rows of each configured suite and architecture. */
    public static QueueStatus read(WannaBuildStore store, BuilddConfig config, long nowMillis) {
        List<Row> rows = new ArrayList<>();
        List<Building> building = new ArrayList<>();
        for (BuilddConfig.Suite s : config.suites()) {
            for (String arch : s.architectures()) {
                rows.add(new Row(s.name(), arch, new EnumMap<>(store.counts(s.name(), arch))));
                for (PackageRecord r : store.list(ListQuery.of(s.name(), arch, State.BUILDING))) {
                    building.add(new Building(r.packageName(), String.valueOf(r.buildVersion()), r.suite(), r.arch(),
                            r.builder(), r.stateChange().toEpochMilli()));
                }
            }
        }
        building.sort(Comparator.comparingLong(Building::sinceMillis));
        return new QueueStatus(nowMillis, 0, rows, building);
    }

    /** Where a running daemon keeps it. */
    public static Path file(BuilddConfig config) {
        return config.dataDir().resolve("run/status.json");
    }

    /** Writes it for other processes: a whole file or none (a reader never sees half of one). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file a daemon wrote, if there is one; a damaged one is an error naming it. */
    public static Optional<QueueStatus> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), QueueStatus.class));
        } catch (IOException e) {
            throw new IOException(file + ": not a status file the daemon wrote: " + e.getMessage(), e);
        }
    }
}
