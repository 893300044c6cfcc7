package io.jenkins.plugins.debianbuildd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The whole real archive parses: every stanza of trixie's Sources and of both Packages files, every
 * version and every relation field in them. A failure lists each offending package.
 */
class TrixieSnapshotParseTest {
    private static final String[] SOURCE_RELATIONS = {"Build-Depends", "Build-Depends-Arch", "Build-Depends-Indep",
        "Build-Conflicts", "Build-Conflicts-Arch", "Build-Conflicts-Indep"};
    private static final String[] BINARY_RELATIONS = {"Depends", "Pre-Depends", "Recommends", "Suggests", "Enhances",
        "Breaks", "Conflicts", "Replaces", "Provides", "Built-Using", "Static-Built-Using"};

    @Test
    void everySourceStanzaVersionRelationAndFileParses() throws Exception {
        List<String> failures = new ArrayList<>();
        AtomicLong relations = new AtomicLong();
        long n = Deb822.forEach(TrixieSnapshot.index("main/source/Sources"), p -> {
            try {
                SourcePackage s = SourcePackage.of(p);
                assertThat(s.architectures()).as(s.name()).isNotEmpty();
                for (String f : SOURCE_RELATIONS) {
                    relations.addAndGet(s.relation(f).size());
                }
                assertThat(FileEntry.of(p)).as(s.name()).isNotEmpty();
            } catch (RuntimeException e) {
                failures.add(p.get("Package") + ": " + e.getMessage());
            }
        });
        assertThat(failures).as("source stanzas that do not parse").isEmpty();
        assertThat(relations.get()).isGreaterThan(100_000);
        if (TrixieSnapshot.isSharedSnapshot()) {
            assertThat(n).isEqualTo(37_643);
        } else {
            assertThat(n).isGreaterThan(30_000);
        }
    }

    @Test
    void everyAmd64BinaryStanzaParses() throws Exception {
        checkPackages("main/binary-amd64/Packages", 68_825);
    }

    @Test
    void everyArm64BinaryStanzaParses() throws Exception {
        checkPackages("main/binary-arm64/Packages", 68_196);
    }

    private static void checkPackages(String index, long expected) throws Exception {
        List<String> failures = new ArrayList<>();
        AtomicLong binNmus = new AtomicLong();
        long n = Deb822.forEach(TrixieSnapshot.index(index), p -> {
            try {
                BinaryPackage b = BinaryPackage.of(p);
                if (b.version().isBinNmu()) {
                    binNmus.incrementAndGet();
                    // A binNMU'd binary always names the source version it was rebuilt from.
                    assertThat(p.get("Source")).as(b.name()).contains("(");
                    assertThat(b.sourceVersion()).as(b.name()).isNotEqualTo(b.version());
                }
                for (String f : BINARY_RELATIONS) {
                    RelationList.parse(p, f);
                }
            } catch (RuntimeException e) {
                failures.add(p.get("Package") + ": " + e.getMessage());
            }
        });
        assertThat(failures).as("binary stanzas of %s that do not parse", index).isEmpty();
        assertThat(binNmus.get()).as("binNMUs recognised").isPositive();
        if (TrixieSnapshot.isSharedSnapshot()) {
            assertThat(n).isEqualTo(expected);
        } else {
            assertThat(n).isGreaterThan(50_000);
        }
    }

    @Test
    void writerRoundTripsTheRealSourcesExactly() throws Exception {
        List<Paragraph> sample = new ArrayList<>();
        Deb822.forEach(TrixieSnapshot.index("main/source/Sources"), p -> {
            if (sample.size() < 2000) {
                sample.add(p);
            }
        });
        String text = io.jenkins.plugins.debianbuildd.formats.Deb822Writer.toString(sample);
        assertThat(Deb822.parse(text, "rewritten")).isEqualTo(sample);
    }
}
