package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.archive.Changes;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A source-only upload made from an unpacked source tree, as a maintainer makes one: {@code dpkg-source -b},
 * the .dsc signed, {@code dpkg-genchanges -S}, the .changes signed (debsign's order), then put into an
 * incoming directory the way dput does (the .changes last, so that a queue never sees it before its files).
 *
 * @param changes the signed .changes
 * @param files   the files it lists, next to it
 */
public record SourceUpload(Path changes, List<Path> files) {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /**
     * Builds the upload of the source tree {@code tree} (a directory holding {@code debian/}) in its parent
     * directory, signed with {@code key} of {@code gnupg}.
     */
    public static SourceUpload build(Path tree, GnupgHome gnupg, String key) throws IOException {
        Path dir = tree.toAbsolutePath().getParent();
        LocalExec.run(Command.of("dpkg-source", "--build", tree.getFileName().toString()).in(dir), TIMEOUT).orThrow();
        Paragraph control = Deb822.parse(LocalExec.run(Command.of("dpkg-parsechangelog", "--file",
                tree.resolve("debian/changelog").toString()), TIMEOUT).orThrow().stdout(), "debian/changelog").get(0);
        String source = control.require("Source");
        String version = control.require("Version");
        String noEpoch = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        Path dsc = dir.resolve(source + "_" + noEpoch + ".dsc");
        sign(gnupg, key, dsc);
        String changesText = LocalExec.run(Command.of("dpkg-genchanges", "--build=source", "-sa").in(tree.toAbsolutePath()), TIMEOUT)
                .orThrow().stdout();
        Path changes = dir.resolve(source + "_" + noEpoch + "_source.changes");
        Files.writeString(changes, changesText, StandardCharsets.UTF_8);
        sign(gnupg, key, changes);
        List<Path> files = new ArrayList<>();
        for (FileEntry f : FileEntry.of(Deb822.parseSingle(changesText, changes.toString()))) {
            files.add(dir.resolve(f.name()));
        }
        return new SourceUpload(changes, List.copyOf(files));
    }

    /** Copies the upload into {@code incoming} as dput does: the files first, the .changes last. */
    public void put(Path incoming) throws IOException {
        Files.createDirectories(incoming);
        for (Path f : files) {
            Files.copy(f, incoming.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = incoming.resolve("." + changes.getFileName() + ".part");
        Files.copy(changes, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, incoming.resolve(changes.getFileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The source name and version, as the .changes says. */
    public Changes read() throws IOException {
        return Changes.read(changes);
    }

    private static void sign(GnupgHome gnupg, String key, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".signed");
        gnupg.clearSign(key, file, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
