package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge of the whole trixie amd64 archive killed with SIGKILL while it writes the database leaves the
 * database as it was (or, if the commit got through, complete); merging again then completes it, and a
 * further merge changes nothing.
 */
class MergeKillTest {
    @TempDir
    Path dir;

    @Test
    void aMergeKilledWhileWritingLeavesAllOrNothing() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                MergeKillChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean killedWhileWriting = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("PHASE ") && line.endsWith("writing the database")) {
                    // The transaction of ~37,000 rows is under way: kill it somewhere inside.
                    Thread.sleep(300 + (long) (Math.random() * 700));
                    p.toHandle().destroyForcibly();
                    killedWhileWriting = true;
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killedWhileWriting).as("the child reached the write phase").isTrue();

        try (WannaBuildStore store = WannaBuildStore.open(StoreConfig.embedded(dir.resolve("db")))) {
            store.configureSuite(SuiteConfig.of("trixie", "amd64").withBuildDepCheck(false));
            List<PackageRecord> rows = store.list(ListQuery.of("trixie", "amd64", null));
            long log = store.transactionCount();
            // All or nothing, and every row with its transactions-log entry.
            assertThat(rows.size()).as("rows after the kill").satisfiesAnyOf(n -> assertThat(n).isZero(), n -> assertThat(n).isGreaterThan(30_000));
            assertThat(log).isEqualTo(rows.size());

            ArchiveMerge merge = new ArchiveMerge(store, dir.resolve("work"), "merge");
            ArchiveMerge.Input in = ArchiveMerge.Input.of("trixie", "amd64", "amd64", List.of(TrixieSnapshot.index("main/source/Sources")),
                    List.of(TrixieSnapshot.index("main/binary-amd64/Packages")));
            merge.merge(in);
            int complete = store.list(ListQuery.of("trixie", "amd64", null)).size();
            assertThat(complete).isGreaterThan(30_000);
            assertThat(merge.merge(in).changes()).isZero();
        }
    }
}
