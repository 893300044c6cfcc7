package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** No double work: many concurrent takers never get the same package twice and never lose one. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ConcurrentTakeTest {
    private static final int TAKERS = 32;
    private static final int PACKAGES = 3000;

    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    WannaBuildStore store;

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(backend.newConfig(tmp).withPoolSize(TAKERS));
        store.configureSuite(SuiteConfig.of("sid", "amd64"));
        store.merge("sid", "amd64", "merge", s -> {
            for (int i = 0; i < PACKAGES; i++) {
                s.apply(name(i), Action.MERGE_NEW_VERSION, Fields.version("1." + i + "-1").section(i % 3 == 0 ? "libs" : "misc")
                        .priority(i % 5 == 0 ? "required" : "optional").notes(i % 2 == 0 ? "out-of-date" : "uncompiled"));
            }
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String name(int i) {
        return String.format("pkg%05d", i);
    }

    @Test
    void takeNextHandsOutEveryPackageExactlyOnce() throws Exception {
        Map<String, String> takenBy = new ConcurrentHashMap<>();
        List<String> doubles = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger total = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(TAKERS);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < TAKERS; t++) {
            String builder = "buildd-" + t;
            futures.add(pool.submit(() -> {
                start.await();
                int n = 0;
                Optional<OperationResult> r;
                while ((r = store.takeNext("sid", "amd64", builder)).isPresent()) {
                    String pkg = r.get().after().packageName();
                    String prev = takenBy.putIfAbsent(pkg, builder);
                    if (prev != null) {
                        doubles.add(pkg + " taken by " + prev + " and " + builder);
                    }
                    assertThat(r.get().previousState()).isEqualTo(State.NEEDS_BUILD);
                    n++;
                    total.incrementAndGet();
                }
                return n;
            }));
        }
        start.countDown();
        int sum = 0;
        for (Future<Integer> f : futures) {
            sum += f.get();
        }
        pool.shutdown();

        assertThat(doubles).isEmpty();
        assertThat(sum).isEqualTo(PACKAGES);
        assertThat(takenBy).hasSize(PACKAGES);
        // The database agrees with what each taker was told, and logged every take once.
        List<PackageRecord> rows = store.list(ListQuery.of("sid", "amd64", null));
        assertThat(rows).hasSize(PACKAGES).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(State.BUILDING);
            assertThat(r.builder()).isEqualTo(takenBy.get(r.packageName()));
        });
        assertThat(store.transactionCount()).isEqualTo(2L * PACKAGES);
        assertThat(store.takeNext("sid", "amd64", "late")).isEmpty();
        // More than one taker got work: they really ran concurrently.
        assertThat(futures.stream().filter(f -> {
            try {
                return f.get() > 0;
            } catch (Exception e) {
                return false;
            }
        }).count()).isGreaterThan(1);
    }

    @Test
    void takersRacingForTheSamePackagesGetEachOnce() throws Exception {
        int contested = 300;
        Map<String, Set<String>> winners = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(TAKERS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < TAKERS; t++) {
            String builder = "buildd-" + t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < contested; i++) {
                    // Every taker goes through the same packages in the same order: maximal contention.
                    try {
                        OperationResult r = store.take("sid", "amd64", name(i), builder);
                        winners.computeIfAbsent(name(i), k -> ConcurrentHashMap.newKeySet()).add(builder);
                        assertThat(r.newState()).isEqualTo(State.BUILDING);
                    } catch (IllegalTransitionException e) {
                        assertThat(e.reason()).startsWith("already taken by ");
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(winners).hasSize(contested);
        assertThat(winners.values()).allSatisfy(w -> assertThat(w).hasSize(1));
        assertThat(refused.get()).isEqualTo(contested * (TAKERS - 1));
        Map<String, String> builders = new HashMap<>();
        for (PackageRecord r : store.list(ListQuery.of("sid", "amd64", State.BUILDING))) {
            builders.put(r.packageName(), r.builder());
        }
        assertThat(builders).hasSize(contested);
        Set<String> logged = new HashSet<>();
        for (int i = 0; i < contested; i++) {
            List<TransactionEntry> log = store.transactions("sid", "amd64", name(i));
            assertThat(log).hasSize(2);
            assertThat(log.get(1).user()).isEqualTo(builders.get(name(i)));
            logged.add(name(i));
        }
        assertThat(logged).hasSize(contested);
    }
}
