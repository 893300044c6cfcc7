package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.incoming.AcceptedUpload;
import io.jenkins.plugins.debianbuildd.repo.PublishResult;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accepted-upload handler on a real (embedded) store: Needs-Build per plan, idempotent per upload. */
class NeedsBuildRegistrarTest {
    @TempDir
    Path dir;
    WannaBuildStore store;
    NeedsBuildRegistrar registrar;

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(StoreConfig.embedded(dir));
        store.configureSuite(SuiteConfig.of("unstable", "amd64", "arm64"));
        registrar = new NeedsBuildRegistrar(store, "buildd-test");
    }

    @AfterEach
    void close() {
        store.close();
    }

    static AcceptedUpload upload(String id, String source, String version, Map<String, BuildScope> plan) {
        DebianVersion v = DebianVersion.parse(version);
        return new AcceptedUpload(id, source + "_" + version + "_source.changes", "unstable", "unstable", source, v,
                List.of("any"), List.of("source"), "main", "devel", "optional", "M <m@example.org>", null, "ABCDEF",
                plan, new PublishResult("unstable", source, v, List.of("source"), List.of(), false));
    }

    static final Map<String, BuildScope> BOTH = Map.of("amd64", BuildScope.ARCH_DEPENDENT, "arm64", BuildScope.ARCH_DEPENDENT);

    private PackageRecord row(String arch, String name) {
        return store.get("unstable", arch, name).orElseThrow();
    }

    @Test
    void entersTheVersionAsNeedsBuildOnEveryArchitectureOfThePlan() {
        NeedsBuildRegistrar.Registration r = registrar.register(upload("u1", "hello", "1.0-1", BOTH));
        assertThat(r.registered()).containsExactlyInAnyOrder("amd64", "arm64");
        for (String arch : List.of("amd64", "arm64")) {
            PackageRecord row = row(arch, "hello");
            assertThat(row.state()).isEqualTo(State.NEEDS_BUILD);
            assertThat(row.version()).isEqualTo(DebianVersion.parse("1.0-1"));
            assertThat(row.section()).isEqualTo("devel");
            assertThat(row.notes()).isEqualTo("uncompiled");
            assertThat(store.transactions("unstable", arch, "hello")).singleElement()
                    .satisfies(t -> assertThat(t.user()).isEqualTo("buildd-test"));
        }
        assertThat(registrar.registration("u1")).contains(r);
    }

    @Test
    void theSameUploadAgainChangesNothingWhateverStateItReached() throws Exception {
        AcceptedUpload u = upload("u1", "hello", "1.0-1", BOTH);
        registrar.accepted(u);
        store.take("unstable", "amd64", "hello_1.0-1", "buildd-test");
        long transactions = store.transactionCount();

        // The queue calls the handler again after a crash between the handler and its journal.
        NeedsBuildRegistrar.Registration again = registrar.register(u);
        assertThat(again.registered()).isEmpty();
        assertThat(again.archs()).allSatisfy(a -> assertThat(a.changed()).isFalse());
        assertThat(again.archs().get(0).message()).startsWith("already registered");
        assertThat(store.transactionCount()).isEqualTo(transactions);
        assertThat(row("amd64", "hello").state()).isEqualTo(State.BUILDING);
        assertThat(row("amd64", "hello").builder()).isEqualTo("buildd-test");
        assertThat(row("arm64", "hello").state()).isEqualTo(State.NEEDS_BUILD);
    }

    @Test
    void aNewerVersionReplacesAnOlderOneAndAnOlderOneIsIgnored() {
        registrar.register(upload("u1", "hello", "1.0-1", BOTH));
        store.take("unstable", "amd64", "hello", "buildd-test");
        store.uploaded("unstable", "amd64", "hello_1.0-1", "buildd-test");

        NeedsBuildRegistrar.Registration newer = registrar.register(upload("u2", "hello", "1.0-2", BOTH));
        assertThat(newer.registered()).containsExactlyInAnyOrder("amd64", "arm64");
        assertThat(row("amd64", "hello").version()).isEqualTo(DebianVersion.parse("1.0-2"));
        assertThat(row("amd64", "hello").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("amd64", "hello").notes()).isEqualTo("out-of-date");

        long transactions = store.transactionCount();
        NeedsBuildRegistrar.Registration older = registrar.register(upload("u0", "hello", "0.9-1", BOTH));
        assertThat(older.registered()).isEmpty();
        assertThat(older.archs().get(0).message()).startsWith("newer version 1.0-2 registered");
        assertThat(store.transactionCount()).isEqualTo(transactions);
    }

    @Test
    void architecturesThatDoNotBuildItAreNotRegisteredAndLoseAStaleOlderVersion() {
        registrar.register(upload("u1", "data", "1.0-1", BOTH));
        // Version 2 has only arch:all packages, built on amd64.
        Map<String, BuildScope> allOnly = Map.of("amd64", BuildScope.ARCH_ALL_ONLY, "arm64", BuildScope.AUTO_NOT_FOR_US);
        NeedsBuildRegistrar.Registration r = registrar.register(upload("u2", "data", "2.0-1", allOnly));
        assertThat(r.registered()).containsExactly("amd64");
        assertThat(row("amd64", "data").state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(row("arm64", "data").state()).isEqualTo(State.AUTO_NOT_FOR_US);
        assertThat(row("arm64", "data").version()).isEqualTo(DebianVersion.parse("2.0-1"));

        registrar.register(upload("u3", "amdonly", "1.0-1", Map.of("amd64", BuildScope.ARCH_DEPENDENT,
                "arm64", BuildScope.NOT_FOR_THIS_ARCH)));
        assertThat(store.get("unstable", "amd64", "amdonly")).isPresent();
        assertThat(store.get("unstable", "arm64", "amdonly")).isEmpty();
    }
}
