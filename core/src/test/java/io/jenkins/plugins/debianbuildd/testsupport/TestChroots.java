package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootManager;
import io.jenkins.plugins.debianbuildd.chroot.ChrootProgress;
import io.jenkins.plugins.debianbuildd.chroot.ChrootSpec;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The real build chroots the builder tests use: this machine's Debian suite and architecture from
 * deb.debian.org, with debhelper included so that builds stay short. Made once (one to two minutes
 * each) and kept outside the clone in ~/.cache/debian-buildd/chroots/tests (or $DEBIAN_BUILDD_CHROOTS),
 * apart from the command line's own chroots, where later runs find and reuse them.
 */
public final class TestChroots {
    private static final Map<BuilderKind, Chroot> MADE = new EnumMap<>(BuilderKind.class);
    private static String suite;
    private static String architecture;

    private TestChroots() {
    }

    public static ChrootManager manager() {
        String env = System.getenv("DEBIAN_BUILDD_CHROOTS");
        return new ChrootManager(env != null ? Path.of(env) : ChrootManager.defaultCacheRoot().resolve("tests"));
    }

    /** The host's Debian codename (VERSION_CODENAME of /etc/os-release), bookworm on the project's machines. */
    public static synchronized String suite() {
        if (suite == null) {
            try {
                for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                    if (line.startsWith("VERSION_CODENAME=")) {
                        suite = line.substring("VERSION_CODENAME=".length()).replace("\"", "").strip();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /etc/os-release", e);
            }
            if (suite == null || suite.isEmpty()) {
                suite = "bookworm";
            }
        }
        return suite;
    }

    public static synchronized String architecture() {
        if (architecture == null) {
            architecture = LocalExec.run(Command.of("dpkg", "--print-architecture"), Duration.ofSeconds(10))
                    .orThrow().stdout().strip();
        }
        return architecture;
    }

    public static ChrootSpec spec(BuilderKind kind) {
        return ChrootSpec.of(suite(), architecture(), kind).withInclude("debhelper");
    }

    /** The cached chroot for {@code kind}, made now if absent. */
    public static Chroot get(BuilderKind kind) {
        synchronized (MADE) {
            Chroot c = MADE.get(kind);
            if (c != null) {
                return c;
            }
        }
        long t0 = System.nanoTime();
        Chroot c = manager().ensure(spec(kind), new ChrootProgress() {
            @Override
            public void line(String line) {
                if (line.startsWith("I: ") || line.startsWith("E: ") || line.startsWith("W: ")) {
                    System.out.println("[chroot " + kind.id() + "] " + line);
                }
            }

            @Override
            public void step(String description, Duration elapsed) {
                System.out.printf("[chroot %s] %5.1f s %s%n", kind.id(), elapsed.toMillis() / 1000.0, description);
            }
        }, Cancellation.none());
        System.out.printf("[chroot %s] ready after %.1f s: %s%n", kind.id(), (System.nanoTime() - t0) / 1e9, c.path());
        synchronized (MADE) {
            MADE.put(kind, c);
        }
        return c;
    }
}
