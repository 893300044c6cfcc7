package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The small source packages written for the builder tests (core/src/test/resources/.../build/sources),
 * turned into real source packages (.dsc + .tar.xz) by {@code dpkg-source -b}, once per test run:
 * <ul>
 *   <li>dbt-hello: builds (an arch:any and an arch:all package)</li>
 *   <li>dbt-broken: one compile error</li>
 *   <li>dbt-uninst: build-depends on a package that exists nowhere and on debhelper (>= 99)</li>
 *   <li>dbt-libfoo: builds libdbt-foo-dev, which dbt-usesfoo build-depends on</li>
 *   <li>dbt-failtest: its TAP test suite (prove) fails</li>
 *   <li>dbt-slow: sleeps an hour in its build step</li>
 * </ul>
 */
public final class TestSources {
    private static final String ROOT = "/io/jenkins/plugins/debianbuildd/build/sources/";
    private static final Map<String, Path> DSCS = new HashMap<>();
    private static Path dir;

    private TestSources() {
    }

    /** The .dsc of test package {@code name} (version 1.0). */
    public static synchronized Path dsc(String name) {
        Path d = DSCS.get(name);
        if (d != null) {
            return d;
        }
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("debian-buildd-sources-");
                // Builders' unprivileged users read the sources.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path created = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> io.jenkins.plugins.debianbuildd.exec.Mounts.deleteTree(created)));
            }
            Path tree = dir.resolve(name);
            copyTree(resourceDir(name), tree);
            Files.setPosixFilePermissions(tree.resolve("debian/rules"), PosixFilePermissions.fromString("rwxr-xr-x"));
            LocalExec.run(Command.of("dpkg-source", "-b", name).in(dir), Duration.ofMinutes(1)).orThrow();
            d = dir.resolve(name + "_1.0.dsc");
            if (!Files.isRegularFile(d)) {
                throw new IllegalStateException("dpkg-source made no " + d);
            }
            DSCS.put(name, d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourceDir(String name) {
        URL url = TestSources.class.getResource(ROOT + name);
        if (url == null) {
            throw new IllegalArgumentException("no test source package " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
