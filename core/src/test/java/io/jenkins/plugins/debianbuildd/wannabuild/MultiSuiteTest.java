package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The man page's multi-suite states through the store: the same version needed in two suites that share
 * builds is built once; the other suite waits (Install-Wait), then gets the binaries uploaded again
 * (Reupload-Wait), or gets the failure or dep-wait copied.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class MultiSuiteTest {
    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    WannaBuildStore store;
    final List<StateChange> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(backend.newConfig(tmp));
        store.configureSuite(SuiteConfig.of("sid", "amd64").withSharesBuilds(true).withBuildDepCheck(false));
        store.configureSuite(SuiteConfig.of("trixie", "amd64").withSharesBuilds(true).withBuildDepCheck(false));
        for (String suite : List.of("sid", "trixie")) {
            store.merge(suite, "amd64", "merge", s -> {
                for (String p : List.of("hello", "broken", "given")) {
                    s.apply(p, Action.MERGE_NEW_VERSION, Fields.version("1.0-1").section("misc").priority("optional"));
                }
            });
        }
        store.addListener(heard::addAll);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private State state(String suite, String pkg) {
        return store.get(suite, "amd64", pkg).orElseThrow().state();
    }

    @Test
    void builtOnceThenUploadedAgainForTheOtherSuite() {
        store.take("sid", "amd64", "hello", "buildd-a");
        assertThat(state("trixie", "hello")).isEqualTo(State.INSTALL_WAIT);
        assertThat(store.get("trixie", "amd64", "hello").orElseThrow().builder()).isEqualTo("buildd-a");
        assertThat(heard).extracting(StateChange::action).containsExactly(Action.TAKE, Action.PROPAGATE_INSTALL_WAIT);
        assertThatThrownBy(() -> store.take("trixie", "amd64", "hello", "buildd-b"))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.reason())
                        .isEqualTo("waiting for the build of 1.0-1 in another suite by buildd-a"));
        // takeNext does not hand out a package that waits for another suite.
        assertThat(store.list(ListQuery.of("trixie", "amd64", State.NEEDS_BUILD))).extracting(PackageRecord::packageName)
                .containsExactlyInAnyOrder("broken", "given");

        store.built("sid", "amd64", "hello", "buildd-a");
        store.uploaded("sid", "amd64", "hello", "buildd-a");
        assertThat(state("trixie", "hello")).isEqualTo(State.INSTALL_WAIT);
        heard.clear();
        store.merge("sid", "amd64", "merge", s -> s.apply("hello", Action.MERGE_INSTALLED, Fields.version("1.0-1")));
        assertThat(state("trixie", "hello")).isEqualTo(State.REUPLOAD_WAIT);
        // The listeners hear it: time to mail buildd-a to upload the binaries again.
        assertThat(heard).filteredOn(c -> c.newState() == State.REUPLOAD_WAIT).singleElement().satisfies(c -> {
            assertThat(c.suite()).isEqualTo("trixie");
            assertThat(c.after().builder()).isEqualTo("buildd-a");
            assertThat(c.action()).isEqualTo(Action.PROPAGATE_REUPLOAD_WAIT);
        });
        store.uploaded("trixie", "amd64", "hello_1.0-1", "buildd-a");
        store.merge("trixie", "amd64", "merge", s -> s.apply("hello", Action.MERGE_INSTALLED, Fields.version("1.0-1")));
        assertThat(state("trixie", "hello")).isEqualTo(State.INSTALLED);
        assertThat(store.transactions("trixie", "amd64", "hello")).extracting(TransactionEntry::newState).containsExactly(
                State.NEEDS_BUILD, State.INSTALL_WAIT, State.REUPLOAD_WAIT, State.UPLOADED, State.INSTALLED);

        // A suite that registers a version already installed elsewhere waits for a re-upload at once.
        store.configureSuite(SuiteConfig.of("bookworm-backports", "amd64").withSharesBuilds(true));
        store.merge("bookworm-backports", "amd64", "merge", s -> s.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("1.0-1")));
        assertThat(state("bookworm-backports", "hello")).isEqualTo(State.REUPLOAD_WAIT);
    }

    @Test
    void failuresAreCopiedAndGiveBacksReleaseTheWaitingSuite() {
        store.take("sid", "amd64", "broken", "buildd-a");
        store.failed("sid", "amd64", "broken", "buildd-a", "[h] test suite fails");
        PackageRecord copied = store.get("trixie", "amd64", "broken").orElseThrow();
        assertThat(copied.state()).isEqualTo(State.FAILED);
        assertThat(copied.failed()).isEqualTo("test suite fails");
        assertThat(copied.failedCategory()).isEqualTo(FailedCategory.HARD);

        store.take("sid", "amd64", "given", "buildd-a");
        assertThat(state("trixie", "given")).isEqualTo(State.INSTALL_WAIT);
        store.giveBack("sid", "amd64", "given", "buildd-a");
        assertThat(state("sid", "given")).isEqualTo(State.NEEDS_BUILD);
        assertThat(state("trixie", "given")).isEqualTo(State.NEEDS_BUILD);
        // Now trixie may build it itself, and sid waits for it.
        store.take("trixie", "amd64", "given", "buildd-b");
        assertThat(state("sid", "given")).isEqualTo(State.INSTALL_WAIT);
    }

    @Test
    void takersInBothSuitesAtOnceBuildEachPackageOnce() throws Exception {
        List<String> pkgs = new ArrayList<>();
        for (String suite : List.of("sid", "trixie")) {
            store.merge(suite, "amd64", "merge", s -> {
                for (int i = 0; i < 60; i++) {
                    s.apply("race" + i, Action.MERGE_NEW_VERSION, Fields.version("1.0-1"));
                }
            });
        }
        for (int i = 0; i < 60; i++) {
            pkgs.add("race" + i);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> takers = new ArrayList<>();
        for (String suite : List.of("sid", "trixie", "sid", "trixie")) {
            takers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                int n = 0;
                for (String p : pkgs) {
                    try {
                        if (store.take(suite, "amd64", p, "buildd-" + suite).changed()) {
                            n++; // not "already taken by you" (the other taker of the same suite)
                        }
                    } catch (IllegalTransitionException e) {
                        // taken in the same or the other suite
                    }
                }
                return n;
            }));
        }
        go.countDown();
        int total = 0;
        for (CompletableFuture<Integer> f : takers) {
            total += f.get();
        }
        assertThat(total).isEqualTo(pkgs.size());
        for (String p : pkgs) {
            assertThat(List.of(state("sid", p), state("trixie", p)))
                    .containsExactlyInAnyOrder(State.BUILDING, State.INSTALL_WAIT);
        }
    }
}
