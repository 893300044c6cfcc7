package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database, as the store configures it, killed in the middle of a commit while other connections
 * commit: the next process sees the transaction whole or not at all, and can lock its rows.
 *
 * <p>Kept from the H2 days: H2 2.5.250 and 2.5.252 failed it (a transaction whose commit marker reached the
 * file but whose rows were not all converted came back half-applied, its rows locked for ever), which is why
 * each check runs in its own JVM, killed after a bounded time, and why the embedded store is SQLite (WAL) now.
 */
class EmbeddedCrashRecoveryTest {
    private static final int ROWS = 20_000;
    private static final int KILLS = Integer.getInteger("crashtest.kills", 4);
    /** A normal check takes a second or two; a database that cannot recover never finishes. */
    private static final long CHECK_SECONDS = 60;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killedInTheMiddleOfACommit() throws Exception {
        String url = StoreConfig.embedded(tmp).url();
        int killedDuringCommit = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // The last round the child was told was committed, and the round it was committing when killed.
            int[] rounds = runAndKillDuringCommit(url);
            if (rounds[1] > rounds[0]) {
                killedDuringCommit++;
            }
            List<String> check = run(url, "check");
            String roundsLine = check.stream().filter(l -> l.startsWith("ROUNDS ")).findFirst()
                    .orElseThrow(() -> new AssertionError("check failed: " + check));
            String[] f = roundsLine.split(" ");
            int min = Integer.parseInt(f[1]);
            int max = Integer.parseInt(f[2]);
            assertThat(min).as("all rows from the same transaction (kill %d): %s", kill, check).isEqualTo(max);
            assertThat(min).as("committed round %d, committing %d (kill %d)", rounds[0], rounds[1], kill)
                    .isBetween(rounds[0], Math.max(rounds[0], rounds[1]));
            assertThat(check).as("the rows can be written after the kill %d", kill)
                    .contains("LOCKED");
        }
        assertThat(killedDuringCommit).as("kills that hit a commit").isPositive();
    }

    /** Starts a worker, kills it (SIGKILL) shortly after it announced a commit; returns {last committed, committing}. */
    private static int[] runAndKillDuringCommit(String url) throws IOException, InterruptedException {
        Process p = start(url, "work");
        int committed = -1;
        int committing = -1;
        int target = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("COMMITTED ")) {
                    committed = Integer.parseInt(line.substring(10));
                } else if (line.startsWith("COMMIT ")) {
                    committing = Integer.parseInt(line.substring(7));
                    if (target < 0) {
                        // Not the first commit after the start: let the small transactions get going.
                        target = committing + 1 + ThreadLocalRandom.current().nextInt(2);
                    }
                    if (committing >= target) {
                        // A commit of 20,000 rows takes some tens of milliseconds; kill somewhere inside it.
                        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 15));
                        p.toHandle().destroyForcibly();
                        break;
                    }
                }
            }
            while ((line = r.readLine()) != null) {
                if (line.startsWith("COMMITTED ")) {
                    committed = Integer.parseInt(line.substring(10));
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(committing).as("the worker got to a commit").isPositive();
        return new int[] {committed, committing};
    }

    private static List<String> run(String url, String mode) throws IOException, InterruptedException {
        Process p = start(url, mode);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        reader.start();
        boolean done = p.waitFor(CHECK_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        synchronized (lines) {
            List<String> result = new ArrayList<>(lines);
            if (!done) {
                result.add("TIMEOUT after " + CHECK_SECONDS + " s");
            }
            return result;
        }
    }

    private static Process start(String url, String mode) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CommitKillChild.class.getName(), url, mode, Integer.toString(ROWS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
