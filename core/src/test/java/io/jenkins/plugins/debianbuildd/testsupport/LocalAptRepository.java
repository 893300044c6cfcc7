package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.chroot.AptSource;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A flat apt repository on this host (Packages, Release and a signed InRelease made by the real
 * apt-ftparchive and gpg), where the tests publish what one build produced so that another builds
 * against it. A stand-in for the project's reprepro archive, which is another feature's work; apt reads
 * both the same way.
 */
public final class LocalAptRepository {
    private final Path dir;
    private final Path key;
    private final GnupgHome gpg;
    private final String keyId;

    private LocalAptRepository(Path dir, GnupgHome gpg, String keyId, Path key) {
        this.dir = dir;
        this.gpg = gpg;
        this.keyId = keyId;
        this.key = key;
    }

    /** An empty repository in {@code dir} (world-readable: builders read it as unprivileged users). */
    public static LocalAptRepository create(Path dir) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        GnupgHome gpg = new GnupgHome(dir.resolve("gnupg"));
        String keyId = gpg.generateSigningKey("debian-buildd test archive <archive@example.org>");
        Path key = repo.resolve("archive-key.asc");
        gpg.exportPublicKey(keyId, key, true);
        gpg.stopAgent();
        return new LocalAptRepository(repo, gpg, keyId, key);
    }

    public Path dir() {
        return dir;
    }

    /** Copies the packages in and rebuilds the indexes and the signed InRelease. */
    public void publish(List<Path> debs) throws IOException {
        for (Path deb : debs) {
            Files.copy(deb, dir.resolve(deb.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Duration t = Duration.ofMinutes(1);
        String packages = LocalExec.run(Command.of("apt-ftparchive", "packages", ".").in(dir), t).orThrow().stdout();
        Files.writeString(dir.resolve("Packages"), packages, StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("Release"));
        String release = LocalExec.run(Command.of("apt-ftparchive", "release", ".").in(dir), t).orThrow().stdout();
        Files.writeString(dir.resolve("Release"), release, StandardCharsets.UTF_8);
        gpg.clearSign(keyId, dir.resolve("Release"), dir.resolve("InRelease"));
        gpg.stopAgent();
    }

    /** {@code deb [signed-by=KEY] file:DIR ./}. */
    public AptSource source() {
        return AptSource.localFlat(dir).signedBy(key);
    }
}
