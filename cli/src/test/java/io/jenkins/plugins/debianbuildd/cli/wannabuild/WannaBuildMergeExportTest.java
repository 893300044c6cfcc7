package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildOperationsTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * --merge-v3 with Sources and Packages files written by the test (the real archive merge, with the real
 * dose-builddebcheck), and the database dump: --export and --import, to files and through '-'.
 */
class WannaBuildMergeExportTest extends WannaBuildFixture {

    static final String SOURCES = """
            Package: hello
            Version: 1.0-1
            Architecture: any
            Section: devel
            Priority: optional
            Build-Depends: debhelper (>= 13)

            Package: world
            Version: 2.0-1
            Architecture: any
            Section: utils
            Priority: optional

            Package: same
            Version: 3.0-1
            Architecture: any
            Section: libs
            Priority: optional

            Package: needy
            Version: 1.0-1
            Architecture: any
            Section: misc
            Priority: optional
            Build-Depends: libnothere-dev
            """;

    static final String PACKAGES = """
            Package: world
            Version: 1.9-1
            Architecture: %s

            Package: libsame3
            Source: same
            Version: 3.0-1
            Architecture: %s
            """;

    /** What the packages build against: build-essential and debhelper. */
    static final String BASE = """
            Package: build-essential
            Version: 12.9
            Architecture: amd64

            Package: build-essential
            Version: 12.9
            Architecture: arm64

            Package: debhelper
            Version: 13.11
            Architecture: all
            """;

    Path writeArchive() throws Exception {
        Path archive = Files.createDirectories(dataDir.resolve("archive"));
        Files.writeString(archive.resolve("Sources"), SOURCES);
        for (String arch : new String[] {"amd64", "arm64"}) {
            Files.writeString(archive.resolve("Packages-" + arch), PACKAGES.formatted(arch, arch));
        }
        Files.writeString(archive.resolve("base-Packages"), BASE);
        return archive;
    }

    @Test
    void mergeV3FromFilesWithArchAndSuitePlaceholders() throws Exception {
        Path a = writeArchive();
        Run r = run("wanna-build", "--merge-v3", "-d", "unstable", "-A", "arm64", "-U", "merge",
                a + "/Packages-%ARCH%", ".", a + "/Sources", ".", a + "/base-Packages");
        assertThat(r.succeeds().out()).isEqualTo("""
                merge-v3 unstable/arm64: 5 changed, 0 unchanged
                  (new) -> Installed: 1
                  (new) -> Needs-Build: 3
                  Needs-Build -> BD-Uninstallable: 1
                """);
        assertThat(run("list-all", "-d", "unstable", "-A", "arm64", "-O", "n").succeeds().out()).isEqualTo("""
                devel/hello_1.0-1: Needs-Build [optional:uncompiled:calprio{25}:days{0}]
                misc/needy_1.0-1: BD-Uninstallable [optional:uncompiled:calprio{23}:days{0}]
                  Reasons for BD-Uninstallable:
                    missing build-dependency: libnothere-dev:arm64
                libs/same_3.0-1: Installed [optional::calprio{7}:days{0}]
                utils/world_2.0-1: Needs-Build [optional:out-of-date:calprio{43}:days{0}]
                Total 2 package(s) in state Needs-Build.
                Total 1 package(s) in state Installed.
                Total 1 package(s) in state BD-Uninstallable.
                Total 4 package(s)
                """);
        // The same merge again changes nothing; --json says so.
        JsonNode j = new ObjectMapper().readTree(run("wanna-build", "--merge-v3", "--json", "-d", "unstable", "-A", "arm64",
                a + "/Packages-%ARCH%", ".", a + "/Sources", ".", a + "/base-Packages").succeeds().out());
        assertThat(fieldNames(j)).containsExactly("operation", "suite", "arch", "changed", "unchanged", "refused", "moves",
                "classification", "installabilityChecked");
        assertThat(j.get("changed").asInt()).isZero();
        assertThat(j.get("classification").get("uncompiled").asInt()).isEqualTo(2);
        assertThat(j.get("classification").get("out-of-date").asInt()).isEqualTo(1);
        assertThat(j.get("classification").get("installed").asInt()).isEqualTo(1);
        // Packages take the new rows at once.
        run("wanna-build", "-d", "unstable", "-A", "arm64", "-U", "b1", "hello_1.0-1").succeeds();
    }

    @Test
    void mergeV3Mistakes() throws Exception {
        Path a = writeArchive();
        run("wanna-build", "--merge-v3", "-d", "unstable", "-A", "amd64", a + "/Packages-%ARCH%").isUsageError(
                "wanna-build: --merge-v3 needs PACKAGES... . SOURCES... [. BUILD-AGAINST-PACKAGES...]: no Sources file "
                        + "given (see wanna-build --help)");
        run("wanna-build", "--merge-v3", "-d", "unstable", "-A", "amd64", a + "/Packages-%ARCH%", ".", a + "/Sorces")
                .isUsageError("wanna-build: --merge-v3: no such file: " + a + "/Sorces (see wanna-build --help)");
        run("wanna-build", "--merge-v3", "-d", "unstable", "-A", "amd64", ".", a + "/Sources", ".", ".", a + "/Sources")
                .isUsageError("wanna-build: --merge-v3: a fourth group of files (sources to consider installed) is not "
                        + "supported (see wanna-build --help)");
        // A malformed index is the file's fault: exit 1 naming the file and line, nothing merged.
        Files.writeString(a.resolve("Sources"), "Package: broken\nno colon here\n");
        Run bad = run("wanna-build", "--merge-v3", "-d", "unstable", "-A", "amd64", ".", a + "/Sources");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("error: " + a + "/Sources:2: ").doesNotContain("\tat ").hasLineCount(1);
        assertThat(store.get("unstable", "amd64", "broken")).isEmpty();
    }

    @Test
    void exportAndImportThroughFilesAndStandardStreams() throws Exception {
        needsBuild("unstable", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        run("wanna-build", "-d", "unstable", "-A", "amd64", "-U", "b1", "hello").succeeds();
        Path dump = dataDir.resolve("dump.txt");
        assertThat(run("wanna-build", "--export", dump.toString()).succeeds().out()).isEmpty();
        String text = Files.readString(dump, StandardCharsets.UTF_8);
        assertThat(text).startsWith("Format: debian-buildd-wanna-build-dump 1\n").contains("Package: hello\n");

        // To standard output, the same dump.
        assertThat(run("wanna-build", "--export", "-").succeeds().out()).isEqualTo(text);

        run("forget-build", "-d", "unstable", "-A", "amd64", "-U", "admin", "hello").succeeds();
        assertThat(store.get("unstable", "amd64", "hello")).isEmpty();
        assertThat(run("wanna-build", "--import", dump.toString(), "-v").succeeds().out())
                .isEqualTo("imported from " + dump + " (suites: experimental, unstable)\n");
        assertThat(store.get("unstable", "amd64", "hello").orElseThrow().state()).isEqualTo(State.BUILDING);

        run("forget-build", "-d", "unstable", "-A", "amd64", "-U", "admin", "hello").succeeds();
        runWithInput("wanna-build", text, false, "--import", "-").succeeds();
        assertThat(store.get("unstable", "amd64", "hello").orElseThrow().builder()).isEqualTo("b1");

        JsonNode j = new ObjectMapper().readTree(run("wanna-build", "--export", dump.toString(), "--json").succeeds().out());
        assertThat(fieldNames(j)).containsExactly("operation", "file", "suites");
        assertThat(j.get("file").asText()).isEqualTo(dump.toString());

        // A dump that is not one changes nothing and names the line.
        Files.writeString(dump, "Format: debian-buildd-wanna-build-dump 1\n\nPackage: x\n");
        Run bad = run("wanna-build", "--import", dump.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: ").hasLineCount(1);
        assertThat(store.get("unstable", "amd64", "hello")).isPresent();
        run("wanna-build", "--import", dataDir.resolve("nosuch").toString())
                .isUsageError("wanna-build: --import: no such file: " + dataDir.resolve("nosuch") + " (see wanna-build --help)");
    }
}
