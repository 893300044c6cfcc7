package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole real trixie archive, amd64 and arm64, into an empty embedded store, then merged again. */
class TrixieMergeTest {
    @TempDir
    Path dir;

    @Test
    void theRealArchiveMergesAndTheInvariantsHold() throws Exception {
        Map<String, SourcePackage> sources = new HashMap<>();
        Deb822.forEach(TrixieSnapshot.index("main/source/Sources"), p -> {
            SourcePackage s = SourcePackage.of(p);
            sources.merge(s.name(), s, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        });
        try (WannaBuildStore store = WannaBuildStore.open(StoreConfig.embedded(dir.resolve("db")))) {
            store.configureSuite(SuiteConfig.of("trixie", "amd64", "arm64"));
            ArchiveMerge merge = new ArchiveMerge(store, dir.resolve("work"), "merge");
            for (String arch : List.of("amd64", "arm64")) {
                ArchiveMerge.Input in = ArchiveMerge.Input.of("trixie", arch, "amd64",
                        List.of(TrixieSnapshot.index("main/source/Sources")),
                        List.of(TrixieSnapshot.index("main/binary-" + arch + "/Packages")));
                ArchiveMerge.Report first = merge.merge(in);
                System.out.printf("trixie %s: first merge %d changes, classification %s, %d candidates, dose %d ms (%d checked), read %d ms%n",
                        arch, first.changes(), first.classification(), first.candidates(), first.doseTime().toMillis(),
                        first.checkedByDose(), first.readTime().toMillis());
                assertThat(first.changes()).isGreaterThan(30_000);
                assertThat(first.refused()).isZero();

                List<PackageRecord> rows = store.list(ListQuery.of("trixie", arch, null));
                Map<State, Integer> perState = new EnumMap<>(State.class);
                for (PackageRecord r : rows) {
                    perState.merge(r.state(), 1, Integer::sum);
                    SourcePackage src = sources.get(r.packageName());
                    assertThat(src).as(r.packageName()).isNotNull();
                    assertThat(r.version()).as(r.packageName()).isEqualTo(src.version());
                    if (r.state() == State.INSTALLED) {
                        // No Installed package whose binaries are older than its source.
                        assertThat(r.installedVersion()).as(r.packageName()).isNotNull();
                        assertThat(r.installedVersion().compareTo(r.version())).as(r.packageName()).isGreaterThanOrEqualTo(0);
                    }
                    if (r.state() == State.NEEDS_BUILD || r.state() == State.BD_UNINSTALLABLE || r.state() == State.DEP_WAIT) {
                        // Every package waiting to be built is for this architecture.
                        assertThat(BuildScope.of(src.effectiveArchitectures(), arch, "amd64").builds()).as(r.packageName()).isTrue();
                    }
                    if (r.state() == State.BD_UNINSTALLABLE) {
                        assertThat(r.bdProblem()).as(r.packageName()).isNotBlank();
                    }
                }
                System.out.printf("trixie %s: %d rows, per state %s%n", arch, rows.size(), new TreeMap<>(perState));
                // Stable archive: nearly everything is built (arm64 leaves arch:all to amd64).
                assertThat(perState.get(State.INSTALLED) + perState.getOrDefault(State.AUTO_NOT_FOR_US, 0)).isGreaterThan(35_000);

                ArchiveMerge.Report again = merge.merge(in);
                System.out.printf("trixie %s: no-op re-merge %d changes in %d ms%n", arch, again.changes(), again.summary().elapsed().toMillis());
                assertThat(again.changes()).isZero();
                assertThat(again.checkedByDose()).isZero();
            }
        }
    }
}
