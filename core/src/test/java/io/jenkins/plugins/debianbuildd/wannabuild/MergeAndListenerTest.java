package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The merge API (one transaction, batched, validated, summarised), the maintenance lock, and the listeners. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class MergeAndListenerTest {
    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    WannaBuildStore store;
    final List<List<StateChange>> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(backend.newConfig(tmp).withMaintenanceWait(Duration.ofMillis(400)));
        store.configureSuite(SuiteConfig.of("sid", "amd64"));
        store.addListener(heard::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String name(int i) {
        return String.format("pkg%05d", i);
    }

    @Test
    void tensOfThousandsOfChangesInOneMerge() {
        int n = 20_000;
        MergeSummary first = store.merge("sid", "amd64", "merge", s -> {
            assertThat(s.current()).isEmpty();
            for (int i = 0; i < n; i++) {
                s.apply(name(i), Action.MERGE_NEW_VERSION, Fields.version("1.0-1").section("misc").notes("uncompiled"));
            }
            assertThat(s.pending()).isEqualTo(n);
        });
        assertThat(first.count(null, State.NEEDS_BUILD)).isEqualTo(n);
        assertThat(first.changed()).isEqualTo(n);
        MergeSummary second = store.merge("sid", "amd64", "merge", s -> {
            Map<String, PackageRecord> current = s.current();
            assertThat(current).hasSize(n);
            for (int i = 0; i < n; i++) {
                PackageRecord r = current.get(name(i));
                switch (i % 4) {
                    case 0 -> s.apply(r.packageName(), Action.MERGE_INSTALLED, Fields.version("1.0-1"));
                    case 1 -> s.apply(r.packageName(), Action.MERGE_BD_UNINSTALLABLE, Fields.none().bdProblem("libx missing"));
                    case 2 -> s.apply(r.packageName(), Action.MERGE_DELETE, Fields.none());
                    default -> s.apply(r.packageName(), Action.MERGE_INSTALLABLE, Fields.none()); // already Needs-Build
                }
            }
        });
        assertThat(second.count(State.NEEDS_BUILD, State.INSTALLED)).isEqualTo(n / 4);
        assertThat(second.count(State.NEEDS_BUILD, State.BD_UNINSTALLABLE)).isEqualTo(n / 4);
        assertThat(second.count(State.NEEDS_BUILD, null)).isEqualTo(n / 4);
        assertThat(second.unchanged()).isEqualTo(n / 4);
        assertThat(second.changed()).isEqualTo(3 * n / 4);
        assertThat(second.toString()).contains("Needs-Build -> Installed: 5000", "Needs-Build -> (deleted): 5000");
        assertThat(store.list(ListQuery.of("sid", "amd64", null))).hasSize(3 * n / 4);
        assertThat(store.transactionCount()).isEqualTo(n + 3L * n / 4);
        // Listeners heard each merge once, with all its changes.
        assertThat(heard).hasSize(2);
        assertThat(heard.get(1)).hasSize(3 * n / 4);
    }

    @Test
    void aRefusedChangeIsSkippedAndTheRestOfTheMergeKept() {
        MergeSummary s = store.merge("sid", "amd64", "merge", m -> {
            m.apply("aa", Action.MERGE_NEW_VERSION, Fields.version("1.0-1"));
            assertThat(m.check("aa", Action.MERGE_RELEASE_DEP_WAIT).verdict()).isEqualTo(Transitions.Verdict.REFUSED);
            assertThatThrownBy(() -> m.apply("aa", Action.MERGE_RELEASE_DEP_WAIT, Fields.none()))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("aa (sid/amd64)");
            assertThatThrownBy(() -> m.apply("Bad_Name", Action.MERGE_NEW_VERSION, Fields.version("1")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> m.apply("aa", Action.PROPAGATE_RELEASE, Fields.none()))
                    .isInstanceOf(IllegalArgumentException.class);
            m.apply("bb", Action.MERGE_NEW_VERSION, Fields.version("2.0-1"));
            // Deleted and registered again in the same merge: one row, two log entries.
            m.apply("bb", Action.MERGE_DELETE, Fields.none());
            assertThat(m.get("bb")).isEmpty();
            m.apply("bb", Action.MERGE_NEW_VERSION, Fields.version("2.0-2"));
            assertThat(m.get("bb").orElseThrow().version().toString()).isEqualTo("2.0-2");
        });
        assertThat(s.changed()).isEqualTo(4);
        assertThat(store.get("sid", "amd64", "aa").orElseThrow().state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(store.get("sid", "amd64", "bb").orElseThrow().version().toString()).isEqualTo("2.0-2");
        assertThat(store.transactions("sid", "amd64", "bb")).extracting(TransactionEntry::newState)
                .containsExactly(State.NEEDS_BUILD, null, State.NEEDS_BUILD);
    }

    @Test
    void aMergeThatFailsWritesNothingAndTellsNoOne() {
        store.merge("sid", "amd64", "merge", m -> m.apply("aa", Action.MERGE_NEW_VERSION, Fields.version("1.0-1")));
        heard.clear();
        long before = store.transactionCount();
        assertThatThrownBy(() -> store.merge("sid", "amd64", "merge", m -> {
            m.apply("aa", Action.MERGE_INSTALLED, Fields.version("1.0-1"));
            m.apply("cc", Action.MERGE_NEW_VERSION, Fields.version("1.0-1"));
            throw new IOException("Sources.xz is truncated");
        })).isInstanceOf(StoreException.class).hasMessageContaining("Sources.xz is truncated");
        assertThat(store.get("sid", "amd64", "aa").orElseThrow().state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(store.get("sid", "amd64", "cc")).isEmpty();
        assertThat(store.transactionCount()).isEqualTo(before);
        assertThat(heard).isEmpty();
        // The lock was released: the suite works.
        assertThat(store.take("sid", "amd64", "aa", "buildd-b").newState()).isEqualTo(State.BUILDING);
    }

    @Test
    void listenersHearCommittedChangesOnlyAfterTheCommit() {
        store.merge("sid", "amd64", "merge", m -> m.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("1.0-1")));
        heard.clear();
        AtomicReference<State> seenFromOutside = new AtomicReference<>();
        StateChangeListener checker = changes -> seenFromOutside.set(store.get("sid", "amd64", "hello").orElseThrow().state());
        store.addListener(checker);
        store.take("sid", "amd64", "hello", "buildd-a");
        // Inside the listener another connection already sees the new state: it ran after the commit.
        assertThat(seenFromOutside.get()).isEqualTo(State.BUILDING);
        assertThat(heard).singleElement().satisfies(changes -> assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.TAKE);
            assertThat(c.previousState()).isEqualTo(State.NEEDS_BUILD);
            assertThat(c.newState()).isEqualTo(State.BUILDING);
            assertThat(c.user()).isEqualTo("buildd-a");
            assertThat(c.packageName()).isEqualTo("hello");
            assertThat(c.tookOver()).isFalse();
        }));
        store.removeListener(checker);
        heard.clear();
        // Refused: nothing to hear.
        assertThatThrownBy(() -> store.built("sid", "amd64", "hello", "buildd-b")).isInstanceOf(IllegalTransitionException.class);
        assertThat(store.take("sid", "amd64", "hello", "buildd-a").changed()).isFalse();
        assertThat(heard).isEmpty();
        // A failing listener does not undo the commit, nor keep the others from hearing it.
        store.addListener(changes -> {
            throw new IllegalStateException("mail server down");
        });
        OperationResult over = store.override("sid", "amd64", "hello", "buildd-b");
        assertThat(store.get("sid", "amd64", "hello").orElseThrow().builder()).isEqualTo("buildd-b");
        assertThat(heard).singleElement().satisfies(changes -> {
            assertThat(changes.get(0).tookOver()).isTrue();
            assertThat(changes.get(0).before().builder()).isEqualTo("buildd-a");
            assertThat(changes.get(0).logAction()).isEqualTo("--take --override");
        });
        assertThat(over.messages()).isNotEmpty();
    }

    @Test
    void stateChangesWaitForTheMaintenanceLockThenFailClearly() throws Exception {
        store.merge("sid", "amd64", "merge", m -> m.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("1.0-1")));
        CountDownLatch inMerge = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MergeSummary> merge = CompletableFuture.supplyAsync(() -> store.merge("sid", "amd64", "archive-sync", m -> {
            m.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("1.0-2"));
            inMerge.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        }));
        assertThat(inMerge.await(30, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> store.take("sid", "amd64", "hello", "buildd-a"))
                .isInstanceOf(MaintenanceLockedException.class)
                .hasMessageContaining("suite sid is locked for maintenance by archive-sync (merge sid/amd64)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThatThrownBy(() -> store.takeNext("sid", "amd64", "buildd-a")).isInstanceOf(MaintenanceLockedException.class);
        // A change that waits less than the bound goes through after the merge, on the merged row.
        CompletableFuture<OperationResult> waiting = CompletableFuture.supplyAsync(() -> store.take("sid", "amd64", "hello", "buildd-a"));
        Thread.sleep(100);
        release.countDown();
        merge.get(30, TimeUnit.SECONDS);
        OperationResult r = waiting.get(30, TimeUnit.SECONDS);
        assertThat(r.after().version().toString()).isEqualTo("1.0-2");
        assertThat(r.newState()).isEqualTo(State.BUILDING);
    }

    @Test
    void readsDoNotWaitForAMerge() throws Exception {
        store.merge("sid", "amd64", "merge", m -> m.apply("hello", Action.MERGE_NEW_VERSION, Fields.version("1.0-1")));
        CountDownLatch inMerge = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MergeSummary> merge = CompletableFuture.supplyAsync(() -> store.merge("sid", "amd64", "m", m -> {
            inMerge.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        }));
        assertThat(inMerge.await(30, TimeUnit.SECONDS)).isTrue();
        List<PackageRecord> rows = new ArrayList<>(store.list(ListQuery.of("sid", "amd64", null)));
        assertThat(rows).hasSize(1);
        release.countDown();
        merge.get(30, TimeUnit.SECONDS);
    }
}
