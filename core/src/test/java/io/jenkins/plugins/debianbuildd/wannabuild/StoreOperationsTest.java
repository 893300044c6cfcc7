package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** wanna-build's operations with their messages, on both databases. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class StoreOperationsTest {
    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    WannaBuildStore store;

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(backend.newConfig(tmp));
        store.configureSuite(SuiteConfig.of("sid", "amd64", "arm64"));
        store.merge("sid", "amd64", "merge", s -> {
            s.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("2.10-3").section("devel").priority("optional").notes("uncompiled"));
            s.apply("zlib", Action.MERGE_NEW_VERSION, Fields.version("1:1.3-1").section("libs").priority("optional").notes("out-of-date"));
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aBuildGoesFromNeedsBuildToInstalled() {
        OperationResult take = store.take("sid", "amd64", "hello_2.10-3", "buildd-a");
        assertThat(take.newState()).isEqualTo(State.BUILDING);
        assertThat(take.after().builder()).isEqualTo("buildd-a");
        assertThat(store.built("sid", "amd64", "hello_2.10-3.dsc", "buildd-a").newState()).isEqualTo(State.BUILT);
        assertThat(store.uploaded("sid", "amd64", "/srv/incoming/hello_2.10-3_amd64.changes", "buildd-a").newState())
                .isEqualTo(State.UPLOADED);
        store.merge("sid", "amd64", "merge", s -> s.apply("hello", Action.MERGE_INSTALLED, Fields.version("2.10-3")));
        PackageRecord r = store.get("sid", "amd64", "hello").orElseThrow();
        assertThat(r.state()).isEqualTo(State.INSTALLED);
        assertThat(r.installedVersion()).isEqualTo(DebianVersion.parse("2.10-3"));
        assertThat(r.previousState()).isEqualTo(State.UPLOADED);
        List<TransactionEntry> log = store.transactions("sid", "amd64", "hello");
        assertThat(log).extracting(TransactionEntry::action)
                .containsExactly("--merge: needs-build", "--take", "--built", "--uploaded", "--merge: installed");
        assertThat(log).extracting(TransactionEntry::newState)
                .containsExactly(State.NEEDS_BUILD, State.BUILDING, State.BUILT, State.UPLOADED, State.INSTALLED);
        assertThat(log.get(1).user()).isEqualTo("buildd-a");
    }

    @Test
    void takeRefusesWhatAnotherBuilderHolds() {
        store.take("sid", "amd64", "hello", "buildd-a");
        assertThatThrownBy(() -> store.take("sid", "amd64", "hello", "buildd-b"))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.state()).isEqualTo(State.BUILDING);
                    assertThat(e.action()).isEqualTo(Action.TAKE);
                    assertThat(e.wannaBuildMessage()).isEqualTo("hello: NOT OK!\n  already taken by buildd-a");
                    assertThat(e.getMessage()).contains("hello", "sid/amd64", "Building", "already taken by buildd-a");
                });
        OperationResult again = store.take("sid", "amd64", "hello", "buildd-a");
        assertThat(again.changed()).isFalse();
        assertThat(again.messages()).containsExactly("hello: Note: already taken by you.");
        OperationResult over = store.override("sid", "amd64", "hello", "buildd-b");
        assertThat(over.after().builder()).isEqualTo("buildd-b");
        assertThat(over.messages()).contains("User buildd-a had already taken the following package,");
    }

    @Test
    void uploadIntakeRegistersAVersionIdempotently() {
        OperationResult first = store.applyArchiveChange("sid", "arm64", "incoming", "hello", Action.MERGE_NEW_VERSION,
                Fields.version("2.10-4").section("devel").priority("optional").notes("uncompiled"));
        assertThat(first.newState()).isEqualTo(State.NEEDS_BUILD);
        assertThat(first.previousState()).isNull();
        // Delivered again after a crash: nothing changes, nothing is logged twice.
        OperationResult again = store.applyArchiveChange("sid", "arm64", "incoming", "hello", Action.MERGE_NEW_VERSION,
                Fields.version("2.10-4"));
        assertThat(again.changed()).isFalse();
        assertThat(store.transactions("sid", "arm64", "hello")).hasSize(1);
        assertThatThrownBy(() -> store.applyArchiveChange("sid", "arm64", "incoming", "hello", Action.PROPAGATE_RELEASE,
                Fields.none())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownPackagesAndSuitesAreClearErrors() {
        assertThatThrownBy(() -> store.take("sid", "amd64", "nosuch", "buildd-a"))
                .isInstanceOf(UnknownPackageException.class).hasMessageContaining("nosuch (sid/amd64): not registered yet");
        assertThatThrownBy(() -> store.take("trixie", "amd64", "hello", "buildd-a"))
                .isInstanceOf(UnknownSuiteException.class).hasMessageContaining("Bad distribution 'trixie'");
        assertThatThrownBy(() -> store.take("sid", "riscv64", "hello", "buildd-a"))
                .isInstanceOf(UnknownSuiteException.class).hasMessageContaining("riscv64");
    }
}
