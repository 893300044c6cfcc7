package io.jenkins.plugins.debianbuildd.log;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/**
 * The logs captured from the real builds of {@code RealBuilds} (sbuild and pbuilder, every test
 * package), stored under src/test/resources/.../log/fixtures; captured again with
 * {@code -Ddebianbuildd.captureFixtures=<that directory>}.
 */
final class LogFixtures {
    static final List<String> SBUILD = List.of("sbuild-hello", "sbuild-libfoo", "sbuild-usesfoo", "sbuild-broken",
            "sbuild-failtest", "sbuild-uninst", "sbuild-timeout", "sbuild-cancel");
    static final List<String> PBUILDER = List.of("pbuilder-hello", "pbuilder-libfoo", "pbuilder-usesfoo", "pbuilder-broken",
            "pbuilder-failtest", "pbuilder-uninst", "pbuilder-timeout", "pbuilder-cancel");

    private LogFixtures() {
    }

    static Path path(String name) {
        URL url = LogFixtures.class.getResource("fixtures/" + name + ".build");
        if (url == null) {
            throw new IllegalArgumentException("no log fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
