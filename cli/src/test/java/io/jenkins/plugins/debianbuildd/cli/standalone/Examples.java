package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.incoming.SourceUpload;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.testsupport.PackageFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        DemoCommand.copyTree(root().resolve(name), tree);
        SourceUpload upload = SourceUpload.build(tree, home, key);
        Path dsc = upload.files().stream().filter(f -> f.toString().endsWith(".dsc")).findFirst().orElseThrow();
        return new PackageFixture.Built(upload.changes(), dsc, upload.files());
    }
}
