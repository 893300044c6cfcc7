package io.jenkins.plugins.debianbuildd.testsupport;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real libdpkg as an oracle: a small C program linked against libdpkg (libdpkg-dev) that compares
 * version pairs with {@code dpkg_version_compare}, the function behind {@code dpkg --compare-versions}.
 * It answers thousands of pairs per process, where {@code dpkg --compare-versions} costs a process each.
 */
public final class DpkgOracle {
    private static final String SOURCE = """
            #define LIBDPKG_VOLATILE_API 1
            #include <stdio.h>
            #include <string.h>
            #include <dpkg/dpkg.h>
            #include <dpkg/dpkg-db.h>
            #include <dpkg/version.h>
            /* Reads "a b" lines; prints -1/0/1, or E when dpkg cannot parse a version. */
            int main(void) {
              static char line[8192];
              while (fgets(line, sizeof line, stdin)) {
                char *a = strtok(line, " \\n"), *b = strtok(NULL, " \\n");
                struct dpkg_version va, vb; struct dpkg_error err;
                if (!a || !b || parseversion(&va, a, &err) < 0 || parseversion(&vb, b, &err) < 0) {
                  puts("E"); continue;
                }
                int r = dpkg_version_compare(&va, &vb);
                printf("%d\\n", r < 0 ? -1 : r > 0 ? 1 : 0);
              }
              return 0;
            }
            """;

    private static Path binary;

    private DpkgOracle() {
    }

    /** Builds the oracle once per JVM (in target/), with the flags pkg-config gives for libdpkg. */
    public static synchronized Path binary() throws IOException, InterruptedException {
        if (binary == null) {
            Path dir = Path.of("target", "dpkg-oracle").toAbsolutePath();
            Files.createDirectories(dir);
            Path src = dir.resolve("vercmp.c");
            Files.writeString(src, SOURCE);
            Path out = dir.resolve("vercmp");
            String libs = run("pkg-config", "--static", "--libs", "libdpkg").strip();
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-o", out.toString(), src.toString()));
            cmd.addAll(List.of(libs.split("\\s+")));
            String[] argv = cmd.toArray(new String[0]);
            run(argv);
            binary = out;
        }
        return binary;
    }

    /** dpkg's comparison of each pair: -1, 0, 1, or null when dpkg rejects one of the versions. */
    public static List<Integer> compare(List<String[]> pairs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toString()).redirectErrorStream(true).start();
        Thread writer = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String[] pair : pairs) {
                    w.write(pair[0]);
                    w.write(' ');
                    w.write(pair[1]);
                    w.write('\n');
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        List<Integer> out = new ArrayList<>(pairs.size());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line.equals("E") ? null : Integer.parseInt(line.strip()));
            }
        }
        writer.join();
        if (p.waitFor() != 0 || out.size() != pairs.size()) {
            throw new IOException("dpkg oracle failed: " + out.size() + " answers for " + pairs.size() + " pairs");
        }
        return out;
    }

    /** The real {@code dpkg --compare-versions a op b}: true when the relation holds. */
    public static boolean dpkgCompareVersions(String a, String op, String b) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg", "--compare-versions", a, op, b).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc > 1) {
            throw new IOException("dpkg --compare-versions " + a + " " + op + " " + b + " exited " + rc);
        }
        return rc == 0;
    }

    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
