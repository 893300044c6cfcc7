package io.jenkins.plugins.debianbuildd.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Deb822ParserTest {

    private static final String SOURCES = """
            Package: hello
            Binary: hello
            Version: 2.10-3
            Maintainer: Santiago Vila <sanvila@debian.org>
            Build-Depends: debhelper-compat (= 13), help2man, texinfo
            Architecture: any
            Files:
             0f1e6a0dff5f6f1b9ad4c6e8e5b5a8d2 1980 hello_2.10-3.dsc
             6cd0ffea3884a4e79330338dcc2987d6 725946 hello_2.10.orig.tar.gz
            Checksums-Sha256:
             a8a2b8a4ab3b0e1d0e9c0d0b4a3e8d6a2f1a0e9e2b6f3c9d8e7a6b5c4d3e2f1a 1980 hello_2.10-3.dsc
            Section: devel

            Package: zlib
            Version: 1:1.3.dfsg+really1.3.1-1
            Architecture: any
            """;

    @Test
    void readsParagraphsAndFieldsInOrder() {
        List<Paragraph> ps = Deb822.parse(SOURCES, "Sources");
        assertThat(ps).hasSize(2);
        Paragraph hello = ps.get(0);
        assertThat(hello.names()).containsExactly("Package", "Binary", "Version", "Maintainer", "Build-Depends",
                "Architecture", "Files", "Checksums-Sha256", "Section");
        assertThat(hello.get("Version")).isEqualTo("2.10-3");
        assertThat(hello.get("Files")).startsWith("\n 0f1e6a0d");
        assertThat(hello.lines("Files")).containsExactly(
                "0f1e6a0dff5f6f1b9ad4c6e8e5b5a8d2 1980 hello_2.10-3.dsc",
                "6cd0ffea3884a4e79330338dcc2987d6 725946 hello_2.10.orig.tar.gz");
        assertThat(hello.startLine()).isEqualTo(1);
        assertThat(hello.lineOf("Section")).isEqualTo(12);
        assertThat(ps.get(1).startLine()).isEqualTo(14);
        assertThat(ps.get(1).get("Version")).isEqualTo("1:1.3.dfsg+really1.3.1-1");
    }

    @Test
    void fieldNamesAreCaseInsensitiveAsInPolicy() {
        Paragraph p = Deb822.parseSingle("package: hello\nVERSION: 1.0\n", "x");
        assertThat(p.get("Package")).isEqualTo("hello");
        assertThat(p.get("version")).isEqualTo("1.0");
        assertThat(p.has("pAcKaGe")).isTrue();
        assertThatThrownBy(() -> Deb822.parse("Package: a\npackage: b\n", "control"))
                .isInstanceOf(FormatException.class)
                .hasMessage("control:2: duplicate field 'package' (first at line 1)");
    }

    @Test
    void continuationLinesDotLinesAndDescriptions() {
        Paragraph p = Deb822.parseSingle("""
                Package: hello
                Description: example package
                 The GNU hello program produces a familiar, friendly greeting.
                 .
                   indented line
                Tag: a, b,
                \tc
                """, "control");
        assertThat(p.get("Description")).isEqualTo("example package\n The GNU hello program produces a familiar, friendly greeting.\n .\n   indented line");
        assertThat(p.text("Description")).isEqualTo("example package\nThe GNU hello program produces a familiar, friendly greeting.\n\n  indented line");
        assertThat(p.get("Tag")).isEqualTo("a, b,\n\tc");
    }

    @Test
    void commentsAreSkippedEvenBetweenContinuationLines() {
        List<Paragraph> ps = Deb822.parse("""
                # leading comment
                Source: hello
                # comment between fields
                Build-Depends: a,
                # comment inside a field
                 b
                
                # between paragraphs
                
                Package: hello
                """, "debian/control");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).get("Build-Depends")).isEqualTo("a,\n b");
        assertThat(ps.get(0).names()).containsExactly("Source", "Build-Depends");
    }

    @Test
    void whitespaceOnlyLinesSeparateParagraphsAndValuesAreTrimmed() {
        List<Paragraph> ps = Deb822.parse("A:   x  \r\nB:\ty\n \t \nC: z\n\n\n\nD: w", "f");
        assertThat(ps).hasSize(3);
        assertThat(ps.get(0).get("A")).isEqualTo("x");
        assertThat(ps.get(0).get("B")).isEqualTo("y");
        assertThat(ps.get(1).get("C")).isEqualTo("z");
        assertThat(ps.get(2).get("D")).isEqualTo("w");
        assertThat(ps.get(2).startLine()).isEqualTo(8);
    }

    @Test
    void trailingWhitespaceOnContinuationLinesIsDropped() {
        Paragraph p = Deb822.parseSingle("Files:   \n a 1 x  \n b 2 y\t\r\n", "f");
        assertThat(p.get("Files")).isEqualTo("\n a 1 x\n b 2 y");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " continuation: at start\n",
        "Package: a\nnot a field\n",
        ": empty name\n",
        "-Name: x\n",
        "Bad Name: x\n",
    })
    void malformedLinesAreErrorsNamingFileAndLine(String text) {
        assertThatThrownBy(() -> Deb822.parse(text, "debian/control"))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("debian/control:")
                .satisfies(e -> assertThat(((FormatException) e).line()).isPositive());
    }

    @Test
    void errorMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> Deb822.parse("Package: a\n\n continued\n", "Packages"))
                .hasMessage("Packages:3: continuation line outside a field: ' continued'");
        assertThatThrownBy(() -> Deb822.parse("Package: a\nVersion 1.0\n", "Packages"))
                .hasMessage("Packages:2: line is not a field ('Name: value') and not a continuation line: 'Version 1.0'");
    }

    @Test
    void roundTripsThroughTheWriter() {
        String text = SOURCES + "\nPackage: x\nDescription: short\n long\n .\n more\nFiles:\n a 1 f\n";
        List<Paragraph> ps = Deb822.parse(text, "in");
        String written = Deb822Writer.toString(ps);
        assertThat(written).isEqualTo(text);
        assertThat(Deb822.parse(written, "out")).isEqualTo(ps);
    }

    @Test
    void builderRefusesValuesThatWouldNotReadBack() {
        assertThatThrownBy(() -> Paragraph.builder().set("Description", "a\n\nb"))
                .hasMessageContaining("not a continuation line");
        assertThatThrownBy(() -> Paragraph.builder().set("Bad:Name", "x")).hasMessageContaining("invalid character");
        Paragraph p = Paragraph.builder().set("Package", "hello").setText("Description", "short\nlong\n\nmore")
                .setLines("Files", List.of("abc 1 f")).build();
        assertThat(p.toString()).isEqualTo("Package: hello\nDescription: short\n long\n .\n more\nFiles:\n abc 1 f\n");
        assertThat(Deb822.parseSingle(p.toString(), "x")).isEqualTo(p);
        assertThat(p.text("Description")).isEqualTo("short\nlong\n\nmore");
    }

    @Test
    void readsFromTinyReadsAcrossBufferBoundaries() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            big.append("Package: p").append(i).append("\nFiles:\n");
            for (int j = 0; j < 20; j++) {
                big.append(" ").append("0".repeat(32)).append(' ').append(j).append(" f").append(i).append('_').append(j).append('\n');
            }
            big.append("Version: 1.").append(i).append("\n\n");
        }
        byte[] bytes = big.toString().getBytes(StandardCharsets.UTF_8);
        // A stream that returns at most 7 bytes per read forces every refill path.
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        List<Paragraph> ps = new ArrayList<>();
        try (Deb822Parser parser = new Deb822Parser(trickle, "big")) {
            parser.forEachRemaining(ps::add);
        }
        assertThat(ps).hasSize(3000);
        assertThat(ps.get(2999).get("Version")).isEqualTo("1.2999");
        assertThat(ps.get(1234).lines("Files")).hasSize(20).last().asString().endsWith("f1234_19");
        assertThat(ps.get(1234).startLine()).isEqualTo(1234 * 24 + 1);
        assertThat(Deb822Writer.toString(ps)).isEqualTo(big.toString().stripTrailing() + "\n");
    }

    @Test
    void namePredictionNeverHidesADuplicateOrAWrongName() {
        // The same layout many times teaches the parser to predict; then a paragraph breaks the pattern.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sb.append("Package: p").append(i).append("\nVersion: 1\nArchitecture: all\n\n");
        }
        assertThat(Deb822.parse(sb + "Package: q\nVersion: 2\nVersions: 3\n", "f").get(50).get("Versions")).isEqualTo("3");
        assertThatThrownBy(() -> Deb822.parse(sb + "Package: q\nVersion: 2\nPackage: r\n", "f"))
                .hasMessageContaining("duplicate field 'Package' (first at line 201)");
        assertThatThrownBy(() -> Deb822.parse(sb + "Package: q\nVersion: 2\nversion: 3\n", "f"))
                .hasMessageContaining("duplicate field 'version'");
    }

    @Test
    void manyDistinctNamesStillFindDuplicates() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9000; i++) {
            sb.append("X-Field-").append(i).append(": v\n");
        }
        assertThat(Deb822.parseSingle(sb.toString(), "f").size()).isEqualTo(9000);
        assertThatThrownBy(() -> Deb822.parse(sb + "X-Field-8999: again\n", "f")).hasMessageContaining("duplicate field 'X-Field-8999'");
        assertThatThrownBy(() -> Deb822.parse(sb + "x-field-10: again\n", "f")).hasMessageContaining("duplicate field 'x-field-10'");
    }

    @Test
    void decodesUtf8() {
        Paragraph p = Deb822.parseSingle("Maintainer: Jérémy Bobbio <lunar@debian.org>\n", "x");
        assertThat(p.get("Maintainer")).isEqualTo("Jérémy Bobbio <lunar@debian.org>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "bzip2", "xz", "zstd", "lz4", "none"})
    void readsEveryCompressionAptReads(String tool, @TempDir Path dir) throws Exception {
        Path plain = dir.resolve("Packages");
        Files.writeString(plain, SOURCES);
        Path file = plain;
        if (!tool.equals("none")) {
            // The real compressors from Debian's packages, not our own writer.
            List<String> argv = new ArrayList<>(List.of(tool, "-k", "-q", plain.toString()));
            if (tool.equals("lz4")) {
                argv.add(plain + ".lz4");
            }
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            assertThat(p.waitFor()).as(tool).isZero();
            String ext = switch (tool) {
                case "gzip" -> ".gz";
                case "bzip2" -> ".bz2";
                case "xz" -> ".xz";
                case "zstd" -> ".zst";
                default -> ".lz4";
            };
            file = dir.resolve("Packages" + ext);
            // Named without its extension: the format is recognised from the content.
            Path renamed = dir.resolve("renamed-" + tool);
            Files.move(file, renamed);
            file = renamed;
        }
        List<Paragraph> ps = new ArrayList<>();
        long n = Deb822.forEach(file, ps::add);
        assertThat(n).isEqualTo(2);
        assertThat(ps.get(1).get("Package")).isEqualTo("zlib");
    }

    @Test
    void corruptCompressedInputIsAnErrorNotAShortRead(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("Packages");
        Files.writeString(plain, SOURCES.repeat(1));
        new ProcessBuilder("xz", "-k", plain.toString()).start().waitFor();
        byte[] xz = Files.readAllBytes(dir.resolve("Packages.xz"));
        Path truncated = dir.resolve("truncated.xz");
        Files.write(truncated, java.util.Arrays.copyOf(xz, xz.length - 20));
        assertThatThrownBy(() -> Deb822.forEach(truncated, p -> { })).isInstanceOf(java.io.IOException.class);
    }
}
