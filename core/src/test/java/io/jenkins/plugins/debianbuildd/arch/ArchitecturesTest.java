package io.jenkins.plugins.debianbuildd.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchitecturesTest {

    @ParameterizedTest(name = "{0} is {1}: {2}")
    @CsvSource({
        "amd64, any, true", "amd64, amd64, true", "amd64, all, false", "all, all, true", "all, amd64, false",
        "amd64, linux-any, true", "hurd-amd64, linux-any, false", "kfreebsd-amd64, kfreebsd-any, true",
        "amd64, any-amd64, true", "kfreebsd-amd64, any-amd64, true", "x32, any-amd64, true", "i386, any-amd64, false",
        "armhf, any-arm, true", "armel, any-arm, true", "arm64, any-arm, false", "arm64, any-arm64, true",
        "amd64, gnu-any-any, true", "musl-linux-amd64, gnu-any-any, false", "musl-linux-amd64, musl-linux-any, true",
        "armhf, eabihf-any-any-arm, true", "armel, eabihf-any-any-arm, false",
        "amd64, linux-amd64, true", "mips64el, any-mips64el, true", "ppc64el, any-ppc64el, true",
        "notanarch, any-amd64, false", "notanarch, any, true",
    })
    void matchesWildcardsAsDpkg(String real, String pattern, boolean expected) {
        assertThat(Architectures.matches(real, pattern)).isEqualTo(expected);
        assertThat(Architectures.matches(real, pattern, ArchTable.bundled())).isEqualTo(expected);
    }

    @Test
    void knowsTuplesAndCpus() {
        ArchTable t = ArchTable.system();
        assertThat(t.tuple("armhf")).hasToString("eabihf-gnu-linux-arm");
        assertThat(t.tuple("amd64")).hasToString("base-gnu-linux-amd64");
        assertThat(t.tuple("hurd-i386")).hasToString("base-gnu-hurd-i386");
        assertThat(t.cpu("arm64").bits()).isEqualTo(64);
        assertThat(t.cpu("s390x").littleEndian()).isFalse();
        assertThat(t.isKnown("all")).isTrue();
        assertThat(t.isKnown("nope")).isFalse();
        assertThat(Architectures.isWildcard("linux-any")).isTrue();
        assertThat(Architectures.isWildcard("amd64")).isFalse();
    }

    /** Every architecture dpkg knows against every kind of wildcard, answered by dpkg's own Dpkg::Arch. */
    @Test
    void agreesWithDpkgArchOnEveryKnownArchitecture() throws Exception {
        ArchTable table = ArchTable.system();
        List<String> patterns = new ArrayList<>(List.of("any", "all", "linux-any", "kfreebsd-any", "hurd-any", "any-amd64",
                "any-arm", "any-arm64", "any-i386", "any-mips64el", "gnu-any-any", "musl-any-any", "eabihf-any-any-arm",
                "any-any", "any-linux-any", "base-any-any-amd64", "armhf", "amd64", "linux-amd64"));
        for (String cpu : table.cpuNames()) {
            patterns.add("any-" + cpu);
        }
        List<String[]> pairs = new ArrayList<>();
        for (String arch : table.architectures()) {
            for (String p : patterns) {
                pairs.add(new String[] {arch, p});
            }
        }
        Process perl = new ProcessBuilder("perl", "-MDpkg::Arch=debarch_is", "-ne",
                "chomp; my ($a, $p) = split / /; print debarch_is($a, $p) ? \"1\\n\" : \"0\\n\";").start();
        Thread writer = new Thread(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(perl.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String[] pair : pairs) {
                    w.write(pair[0] + " " + pair[1] + "\n");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        List<String> answers = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(perl.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                answers.add(line);
            }
        }
        writer.join();
        assertThat(perl.waitFor()).isZero();
        assertThat(answers).hasSize(pairs.size());
        assertThat(pairs.size()).isGreaterThan(5000);
        for (int i = 0; i < pairs.size(); i++) {
            String[] p = pairs.get(i);
            assertThat(Architectures.matches(p[0], p[1], table)).as("debarch_is(%s, %s)", p[0], p[1]).isEqualTo(answers.get(i).equals("1"));
        }
    }

    @Test
    void bundledTablesAreTheSystemOnes() {
        assertThat(ArchTable.bundled().architectures()).containsExactlyInAnyOrderElementsOf(ArchTable.system().architectures());
    }
}
