package io.jenkins.plugins.debianbuildd.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uncompressed copies the merge reads instead of decompressing the same index again. */
class PlainCopiesTest {
    @TempDir
    Path tmp;

    private Path xz(String name, String content) throws IOException {
        Path plain = Files.writeString(tmp.resolve(name), content);
        LocalExec.run(Command.of("xz", "-f", plain.toString()), Duration.ofSeconds(30)).orThrow();
        return tmp.resolve(name + ".xz");
    }

    private static String read(PlainCopies copies, Path file) throws IOException {
        try (InputStream in = copies.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<Path> copiesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void oneCopyPerContentReusedAndReplacedWhenTheContentChanges() throws IOException {
        Path dir = tmp.resolve("plain");
        PlainCopies copies = new PlainCopies(dir);
        Path packages = xz("Packages", "Package: a\nVersion: 1\n");
        assertThat(read(copies, packages)).isEqualTo("Package: a\nVersion: 1\n");
        List<Path> first = copiesIn(dir);
        assertThat(first).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".plain"));
        // The copy is what is read the second time: changing it shows.
        Files.writeString(first.get(0), "Package: from-the-copy\n");
        assertThat(read(copies, packages)).isEqualTo("Package: from-the-copy\n");

        Path newer = xz("Packages", "Package: a\nVersion: 2\n");
        assertThat(read(copies, newer)).isEqualTo("Package: a\nVersion: 2\n");
        assertThat(copiesIn(dir)).hasSize(2);

        // Unused for longer than KEEP: deleted; used: kept.
        Files.setLastModifiedTime(first.get(0), FileTime.from(Instant.now().minus(PlainCopies.KEEP).minusSeconds(60)));
        copies.prune();
        assertThat(copiesIn(dir)).hasSize(1).doesNotContain(first.get(0));
    }

    @Test
    void aPlainFileIsReadAsItIsAndACorruptOneLeavesNoCopy() throws IOException {
        Path dir = tmp.resolve("plain");
        PlainCopies copies = new PlainCopies(dir);
        Path plain = Files.writeString(tmp.resolve("Sources"), "Package: s\n");
        assertThat(read(copies, plain)).isEqualTo("Package: s\n");
        assertThat(dir).doesNotExist();

        Path good = xz("Big", "Package: b\n".repeat(10_000));
        byte[] bytes = Files.readAllBytes(good);
        Path corrupt = Files.write(tmp.resolve("Corrupt.xz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> read(copies, corrupt)).isInstanceOf(IOException.class);
        assertThat(dir).isEmptyDirectory();
    }
}
