package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing lost: a child JVM killed with SIGKILL in the middle of a stream of state changes (or of a merge of
 * thousands of changes) leaves a consistent database: every change is there with its transactions row, or
 * neither is; every change the child saw committed is there.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
// A store that hangs after a kill (as the H2 2.5.25x store once did; see EmbeddedCrashRecoveryTest) fails here instead of holding CI.
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KillTest {
    private static final int OPS_PACKAGES = 200;
    private static final int MERGE_PACKAGES = Integer.getInteger("killtest.packages", 3000);

    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    static String name(int i) {
        return String.format("pkg%04d", i);
    }

    private StoreConfig prepare(int packages) {
        StoreConfig config = backend.newConfig(tmp);
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            // Without the installability check, give-back leads straight back to Needs-Build: an endless cycle.
            store.configureSuite(SuiteConfig.of("sid", "amd64").withBuildDepCheck(false));
            store.merge("sid", "amd64", "merge", s -> {
                for (int i = 0; i < packages; i++) {
                    s.apply(name(i), Action.MERGE_NEW_VERSION, Fields.version("1.0-" + (i + 1)).notes("round-0"));
                }
            });
        }
        return config;
    }

    @Test
    void killedInTheMiddleOfOperations() throws Exception {
        StoreConfig config = prepare(OPS_PACKAGES);
        List<String> lines = runAndKill(config, "ops", OPS_PACKAGES, l -> l.startsWith("OK "), 400);
        Map<String, Integer> committed = new HashMap<>();
        for (String l : lines) {
            if (l.startsWith("OK ")) {
                committed.merge(l.split(" ")[1], 1, Integer::sum);
            }
        }
        assertThat(committed.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(400);
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            for (int i = 0; i < OPS_PACKAGES; i++) {
                String pkg = name(i);
                PackageRecord row = store.get("sid", "amd64", pkg).orElseThrow();
                List<TransactionEntry> log = store.transactions("sid", "amd64", pkg);
                assertChain(row, log);
                // Durable: every change the child was told about is there (the log starts with the merge).
                assertThat(log.size() - 1).as(pkg + " changes committed before the kill")
                        .isGreaterThanOrEqualTo(committed.getOrDefault(pkg, 0));
                // Held rows belong to the builder that took them; the store still works after the kill.
                if (row.state() == State.BUILDING || row.state() == State.BUILT) {
                    assertThat(row.builder()).startsWith("buildd-");
                    assertThat(store.giveBack("sid", "amd64", pkg, row.builder()).newState()).isEqualTo(State.NEEDS_BUILD);
                }
            }
        }
    }

    @Test
    void killedInTheMiddleOfAMerge() throws Exception {
        StoreConfig config = prepare(MERGE_PACKAGES);
        List<String> lines = runAndKill(config, "merge", MERGE_PACKAGES, l -> l.startsWith("MERGED "), 2);
        int reported = lines.stream().filter(l -> l.startsWith("MERGED ")).mapToInt(l -> Integer.parseInt(l.substring(7)))
                .max().orElse(0);
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            List<PackageRecord> rows = store.list(ListQuery.of("sid", "amd64", null));
            assertThat(rows).hasSize(MERGE_PACKAGES);
            // All or nothing: every package carries the notes of the same, last committed merge.
            String notes = rows.get(0).notes();
            assertThat(rows).allSatisfy(r -> assertThat(r.notes()).isEqualTo(notes));
            int round = Integer.parseInt(notes.substring("round-".length()));
            assertThat(round).isGreaterThanOrEqualTo(reported);
            for (PackageRecord r : rows.subList(0, 50)) {
                List<TransactionEntry> log = store.transactions("sid", "amd64", r.packageName());
                assertChain(r, log);
                assertThat(log).as("round " + round + ", reported " + reported + ": " + log).hasSize(1 + round);
                assertThat(log.get(log.size() - 1).user()).isEqualTo(round == 0 ? "merge" : "merge-" + round);
            }
            assertThat(store.transactionCount()).isEqualTo((long) MERGE_PACKAGES * (1 + round));
        }
    }

    /** The log of a package is a chain of its states that ends in the row's state. */
    private static void assertChain(PackageRecord row, List<TransactionEntry> log) {
        assertThat(log).isNotEmpty();
        State state = null;
        for (TransactionEntry t : log) {
            assertThat(t.previousState()).as(row.packageName() + " log " + log).isEqualTo(state);
            state = t.newState();
        }
        assertThat(state).as(row.packageName() + " row vs log").isEqualTo(row.state());
        assertThat(log.get(log.size() - 1).version()).isEqualTo(row.version().toString());
    }

    /** Runs the child until {@code enough} lines match, then kills it with SIGKILL at a random moment. */
    private static List<String> runAndKill(StoreConfig config, String mode, int packages, Predicate<String> counted,
            int enough) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                KillChild.class.getName(), config.url(), config.user(), mode, Integer.toString(packages))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        int seen = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (counted.test(line) && ++seen >= enough) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("child too slow; output: " + lines);
                }
            }
            // Somewhere in the next changes (or in the middle of the next merge).
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 150));
            // SIGKILL (through the handle, which leaves our end of the pipe open to read what was printed).
            p.toHandle().destroyForcibly();
            String rest;
            while ((rest = r.readLine()) != null) {
                lines.add(rest);
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).isEqualTo(137);
        return lines;
    }
}
