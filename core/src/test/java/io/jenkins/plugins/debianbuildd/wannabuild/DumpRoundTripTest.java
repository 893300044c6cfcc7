package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export the whole database to deb822 text and import it back, losslessly: the rows, the build history and
 * the transactions log read back equal, and exporting the imported database gives the same text, also from
 * one database kind to the other.
 */
class DumpRoundTripTest {
    private static final Instant T0 = Instant.parse("2024-05-05T05:05:05.123Z");

    @TempDir
    Path tmp;

    /** A store with every kind of row and awkward texts, built through the operations. */
    static void populate(WannaBuildStore store, List<String> messages) {
        store.configureSuite(SuiteConfig.of("sid", "amd64", "arm64").withSharesBuilds(true));
        store.configureSuite(SuiteConfig.of("experimental", "amd64").withSharesBuilds(true).withBuildDepCheck(false));
        store.merge("sid", "amd64", "merge", s -> {
            for (int i = 0; i < 12; i++) {
                s.apply("pkg" + i, Action.MERGE_NEW_VERSION, Fields.version((i % 3) + ":1.0-" + i).section(i % 2 == 0 ? "libs" : "contrib/net")
                        .priority("optional").notes("uncompiled"));
            }
            s.apply("inst", Action.MERGE_INSTALLED, Fields.version("2.0-1").binNmuVersion(2).section("utils"));
            s.apply("anfu", Action.MERGE_AUTO_NOT_FOR_US, Fields.version("1.0").notes("arch-not-in-arch-list"));
            s.apply("bdun", Action.MERGE_NEW_VERSION, Fields.version("1.0-1"));
            s.apply("bdun", Action.MERGE_BD_UNINSTALLABLE, Fields.none().bdProblem("bdun build-depends on missing:\n- libfoo-dev (>= 2)\n"));
        });
        store.merge("experimental", "amd64", "merge", s -> s.apply("pkg1", Action.MERGE_NEW_VERSION, Fields.version("1:1.0-1")));
        for (int i = 0; i < messages.size() && i < 6; i++) {
            store.take("sid", "amd64", "pkg" + i, "buildd_amd64-host" + i);
            store.failed("sid", "amd64", "pkg" + i, "buildd_amd64-host" + i, messages.get(i));
            store.failed("sid", "amd64", "pkg" + i, "buildd_amd64-host" + i, "[m] second\n." + messages.get(i));
        }
        store.take("sid", "amd64", "pkg6", "buildd-x");
        store.depWait("sid", "amd64", "pkg6", "buildd-x", "libfoo-dev (>= 1.2~rc1), libbar-dev");
        store.take("sid", "amd64", "pkg7", "buildd-x");
        store.built("sid", "amd64", "pkg7", "buildd-x");
        store.buildPriority("sid", "amd64", "pkg8", "admin", 7, true);
        store.buildPriority("sid", "amd64", "pkg8", "admin", -3, false);
        store.binNmu("sid", "amd64", "inst_2.0-1", "release-team", 3, "Rebuild for the libfoo2 transition; see #123456");
        store.noBuild("sid", "amd64", "pkg9", "admin");
        store.giveBack("sid", "amd64", "pkg7", "buildd-x");
        store.forget("sid", "amd64", "pkg10", "admin");
        store.recordBuild(new BuildRecord("sid", "amd64", "pkg7", DebianVersion.parse("1:1.0-7"), T0, BuildResult.SUCCESSFUL,
                Duration.ofMillis(3_723_456), 123_456_789L, "buildd-x"));
        store.recordBuild(new BuildRecord("sid", "amd64", "pkg0", DebianVersion.parse("0:1.0-0"), T0.plusSeconds(1),
                BuildResult.FAILED, null, -1, null));
    }

    private static byte[] export(WannaBuildStore store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.exportTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static StoreConfig fixedClock(StoreConfig c) {
        return c.withClock(Clock.fixed(T0.plus(Duration.ofDays(3)), ZoneOffset.UTC));
    }

    /** Everything the store holds, read through the API, equal in both stores. */
    private static void assertSameContents(WannaBuildStore a, WannaBuildStore b) {
        assertThat(b.suites()).isEqualTo(a.suites());
        for (SuiteConfig s : a.suites()) {
            for (String arch : s.architectures()) {
                List<PackageRecord> rowsA = a.list(ListQuery.of(s.name(), arch, null).order("n"));
                List<PackageRecord> rowsB = b.list(ListQuery.of(s.name(), arch, null).order("n"));
                assertThat(rowsB).isEqualTo(rowsA);
                for (PackageRecord r : rowsA) {
                    assertThat(b.transactions(s.name(), arch, r.packageName())).isEqualTo(a.transactions(s.name(), arch, r.packageName()));
                    assertThat(b.history(s.name(), arch, r.packageName())).isEqualTo(a.history(s.name(), arch, r.packageName()));
                }
            }
        }
        assertThat(b.transactions("sid", "amd64", "pkg10")).isEqualTo(a.transactions("sid", "amd64", "pkg10"));
        assertThat(b.transactionCount()).isEqualTo(a.transactionCount());
    }

    private static final List<String> AWKWARD = List.of(
            "compilation failed:\n  foo.c:12: error: 'x' undeclared\n\n.\n..\n  .indented dot\n\tTab: value\n#not a comment",
            "   leading spaces on the first line",
            "Field: looks like a field\nOther: too",
            "ünïcödé ✓ and an emoji 🙂 and ESC \u001b[31mred\u001b[0m",
            "trailing spaces   \nand a NUL \u0000 and a lone surrogate \ud800 here",
            ".");

    @Test
    void roundTripAcrossDatabaseKinds() throws IOException {
        for (StoreBackend from : StoreBackend.values()) {
            StoreBackend to = from == StoreBackend.SQLITE ? StoreBackend.POSTGRESQL : StoreBackend.SQLITE;
            try (WannaBuildStore a = WannaBuildStore.open(fixedClock(from.newConfig(tmp)));
                    WannaBuildStore b = WannaBuildStore.open(fixedClock(to.newConfig(tmp)))) {
                populate(a, AWKWARD);
                byte[] dump = export(a);
                String text = new String(dump, StandardCharsets.UTF_8);
                assertThat(text).startsWith("Format: " + DumpFormat.FORMAT + "\n\nSuite: experimental\n");
                assertThat(text).contains("\nPackage: pkg3\nDistribution: sid\nArchitecture: amd64\nVersion: 0:1.0-3\nState: Failed\n");
                b.configureSuite(SuiteConfig.of("old", "i386")); // replaced by the import
                b.importFrom(new ByteArrayInputStream(dump));
                assertThat(new String(export(b), StandardCharsets.UTF_8)).isEqualTo(text);
                assertSameContents(a, b);
                // The imported store goes on working: ids continue after the imported ones.
                long before = b.transactionCount();
                b.take("sid", "amd64", "pkg11", "buildd-y");
                List<TransactionEntry> log = b.transactions("sid", "amd64", "pkg11");
                assertThat(log.get(log.size() - 1).id()).isGreaterThan(before);
                Files.write(tmp.resolve(from + ".dump"), dump);
            }
        }
    }

    @Test
    void aMalformedDumpIsRefusedWithItsLineAndChangesNothing() throws IOException {
        try (WannaBuildStore store = WannaBuildStore.open(StoreBackend.SQLITE.newConfig(tmp))) {
            populate(store, List.of("boom"));
            byte[] good = export(store);
            String bad = new String(good, StandardCharsets.UTF_8).replaceFirst("State: Failed", "State: Exploded");
            assertThatThrownBy(() -> store.importFrom(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(FormatException.class).hasMessageContaining("wanna-build dump:").hasMessageContaining("Exploded");
            assertThatThrownBy(() -> store.importFrom(new ByteArrayInputStream("Package: x\n".getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(FormatException.class).hasMessageContaining("not a wanna-build dump");
            assertThat(export(store)).isEqualTo(good);
        }
    }

    // ---- property: any failure message survives the round trip ----

    private Path tryDir;

    @BeforeTry
    void newDir() throws IOException {
        tryDir = Files.createTempDirectory("dump-roundtrip");
    }

    @AfterTry
    void removeDir() throws IOException {
        try (var s = Files.walk(tryDir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Provide
    Arbitrary<List<String>> messages() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars(" \t.#:-\n\r\u000b\u00a0xé").ofMaxLength(30),
                Arbitraries.of(".", "..", " .", "", " ", "Key: value", "#x", "\n\n"));
        return line.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("\n", parts))
                .filter(m -> !m.isBlank() && !m.stripLeading().startsWith("["))
                .list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 12)
    void anyMessagesSurviveTheRoundTrip(@ForAll("messages") List<String> messages) throws IOException {
        try (WannaBuildStore a = WannaBuildStore.open(fixedClock(StoreConfig.embedded(tryDir.resolve("a"))));
                WannaBuildStore b = WannaBuildStore.open(fixedClock(StoreConfig.embedded(tryDir.resolve("b"))))) {
            populate(a, messages);
            byte[] dump = export(a);
            b.importFrom(new ByteArrayInputStream(dump));
            assertThat(export(b)).isEqualTo(dump);
            assertSameContents(a, b);
            // What was stored is the message as normalised, not something else.
            PackageRecord r = a.get("sid", "amd64", "pkg0").orElseThrow();
            assertThat(r.failed()).startsWith(Texts.multiline(messages.get(0)));
        }
    }
}
