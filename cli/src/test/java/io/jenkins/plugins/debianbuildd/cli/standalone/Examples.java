package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's example source packages (examples/ at the top of the project) as real signed source uploads:
 * {@code dpkg-source -b}, the .dsc signed, {@code dpkg-genchanges --build=source}, the .changes signed (as
 * debsign does).
 */
final class Examples {
    private Examples() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/libgreet/debian"))) {
                return p.resolve("examples");
            }
        }
        throw new IllegalStateException("no examples/ directory above " + Path.of("").toAbsolutePath());
    }

    /** Builds the source upload of example {@code name} (version 1.0) in {@code dir}, signed with {@code key}. */
    static PackageFixture.Built sourceUpload(String name, Path dir, GnupgHome home, String key) throws IOException {
        Path out = Files.createDirectories(dir.resolve("src-" + name + "-" + System.nanoTime()));
        Path tree = out.resolve(name);
        copyTree(root().resolve(name), tree);
        run(Command.of("dpkg-source", "-b", name).in(out));
        Path dsc = out.resolve(name + "_1.0.dsc");
        sign(home, key, dsc);
        var r = LocalExec.run(Command.of("dpkg-genchanges", "--build=source", "-sa").in(tree), Duration.ofMinutes(1)).orThrow();
        Path changes = out.resolve(name + "_1.0_source.changes");
        Files.writeString(changes, r.stdout());
        sign(home, key, changes);
        List<Path> files = new ArrayList<>();
        files.add(dsc);
        files.add(out.resolve(name + "_1.0.tar.xz"));
        return new PackageFixture.Built(changes, dsc, files);
    }

    private static void sign(GnupgHome home, String key, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".signed");
        home.clearSign(key, file, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(Command c) {
        LocalExec.run(c, Duration.ofMinutes(1)).orThrow();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
