package io.jenkins.plugins.debianbuildd.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A large, realistic sbuild log for the log-analysis benchmark, made from the logs captured from the
 * project's real builds (core/src/test/resources/.../log/fixtures): the start of the failed
 * dbt-broken build, then the build output of the successful builds (hello, libfoo, usesfoo) repeated
 * until the log passes {@link #TARGET_BYTES}, then the real end of dbt-broken's build (its compiler
 * error, make, dh and dpkg-buildpackage failures) and sbuild's cleanup and summary. Like a big real
 * log: a long build section of unremarkable output and the failure at the end.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.jenkins.plugins.debianbuildd.bench.LogCorpus [FILE]}
 * writes it (default bench/target/logs/sbuild-big.build) and prints its path.
 */
public final class LogCorpus {
    public static final long TARGET_BYTES = 110L << 20;
    static final String FIXTURES = "core/src/test/resources/io/jenkins/plugins/debianbuildd/log/fixtures";

    private LogCorpus() {
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : defaultPath();
        System.out.println(ensure(out));
    }

    public static Path defaultPath() {
        return Path.of(System.getProperty("debianbuildd.bench.log", "bench/target/logs/sbuild-big.build"));
    }

    /** Writes the corpus to {@code out} unless it is there already; returns its absolute path. */
    public static Path ensure(Path out) throws IOException {
        if (Files.isRegularFile(out) && Files.size(out) >= TARGET_BYTES) {
            return out.toAbsolutePath();
        }
        Path fixtures = Path.of(System.getProperty("debianbuildd.bench.fixtures", FIXTURES));
        List<String> broken = lines(fixtures.resolve("sbuild-broken.build"));
        int headEnd = indexOf(broken, "Command: dpkg-buildpackage") + 1;
        int tailStart = indexOf(broken, "dpkg-buildpackage: info: source package");
        List<String> body = new ArrayList<>();
        for (String ok : List.of("sbuild-hello", "sbuild-libfoo", "sbuild-usesfoo")) {
            List<String> l = lines(fixtures.resolve(ok + ".build"));
            // From dpkg-buildpackage's first line to the rule of dashes before "Build finished at".
            body.addAll(l.subList(indexOf(l, "dpkg-buildpackage: info: source package"), indexOf(l, "Build finished at") - 1));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (String l : broken.subList(0, headEnd)) {
                w.write(l);
                w.write('\n');
            }
            String block = String.join("\n", body) + "\n";
            long blockBytes = block.getBytes(StandardCharsets.UTF_8).length;
            while (written < TARGET_BYTES) {
                w.write(block);
                written += blockBytes;
            }
            w.write(String.join("\n", broken.subList(tailStart, broken.size())));
            w.write('\n');
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out.toAbsolutePath();
    }

    private static List<String> lines(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException("no log fixture " + p + " (run from the repository root, or set -Ddebianbuildd.bench.fixtures)");
        }
        List<String> out = new ArrayList<>(List.of(Files.readString(p, StandardCharsets.UTF_8).split("\n", -1)));
        if (out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalStateException("no line starting with '" + prefix + "' in a log fixture");
    }
}
