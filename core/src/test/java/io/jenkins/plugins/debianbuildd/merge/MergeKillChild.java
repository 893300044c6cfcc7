package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.util.List;

/** The child JVM of {@link MergeKillTest}: merges trixie amd64, announcing each phase, until it is killed. */
public final class MergeKillChild {
    private MergeKillChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (WannaBuildStore store = WannaBuildStore.open(StoreConfig.embedded(dir.resolve("db")))) {
            store.configureSuite(SuiteConfig.of("trixie", "amd64").withBuildDepCheck(false));
            ArchiveMerge merge = new ArchiveMerge(store, dir.resolve("work"), "merge");
            merge.merge(ArchiveMerge.Input.of("trixie", "amd64", "amd64", List.of(TrixieSnapshot.index("main/source/Sources")),
                    List.of(TrixieSnapshot.index("main/binary-amd64/Packages"))), phase -> {
                        System.out.println("PHASE " + phase);
                        System.out.flush();
                    });
            System.out.println("DONE");
        }
    }
}
