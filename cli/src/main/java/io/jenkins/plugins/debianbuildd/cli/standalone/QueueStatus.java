package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code buildd status} says about wanna-build: per suite and architecture how many packages are in
 * each state, and what is being built since when. Read from the store, also while a daemon runs on it.
 */
public record QueueStatus(List<Row> rows, List<Building> building) {

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
    public static QueueStatus read(WannaBuildStore store, BuilddConfig config) {
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
        return new QueueStatus(rows, building);
    }
}
