package io.jenkins.plugins.debianbuildd.bench;

import io.jenkins.plugins.debianbuildd.testsupport.PostgresServer;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Stores for the wanna-build benchmarks: the embedded SQLite file in a temporary directory, or a real
 * PostgreSQL server from Debian's packages with its durable defaults (fsync, synchronous commit), each
 * seeded with one suite/architecture of {@code rows} packages shaped like Debian's (sections, priorities,
 * notes).
 */
final class StoreBench {
    static final String SUITE = "sid";
    static final String ARCH = "amd64";
    private static final String[] SECTIONS = {"libs", "devel", "utils", "net", "contrib/games", "python", "doc", "misc"};
    private static final String[] PRIORITIES = {"optional", "optional", "optional", "standard", "important", "required"};

    private StoreBench() {
    }

    static String name(int i) {
        return String.format("pkg%06d", i);
    }

    /** A new empty store of {@code backend} ({@code sqlite} or {@code postgresql}); {@code dir} is removed on close. */
    static WannaBuildStore open(String backend, int poolSize, Path[] dir) throws IOException {
        return open(config(backend, poolSize, dir));
    }

    static WannaBuildStore open(StoreConfig config) {
        WannaBuildStore store = WannaBuildStore.open(config);
        store.configureSuite(SuiteConfig.of(SUITE, ARCH).withBuildDepCheck(false));
        return store;
    }

    static StoreConfig config(String backend, int poolSize, Path[] dir) throws IOException {
        StoreConfig config;
        if (backend.equals("sqlite")) {
            dir[0] = Files.createTempDirectory("wb-bench");
            config = StoreConfig.embedded(dir[0]);
        } else if (backend.equals("postgresql")) {
            System.setProperty(PostgresServer.DURABLE, "true");
            config = PostgresServer.get().newStoreConfig();
        } else {
            throw new IllegalArgumentException("backend sqlite or postgresql: " + backend);
        }
        return config.withPoolSize(poolSize);
    }

    /**
     * A store of {@code backend} holding {@code rows} Needs-Build packages (version 1.0-0). Seeding 400,000
     * packages through merges takes a while, so for SQLite the seeded file is kept in
     * ~/.cache/debian-buildd/bench and copied for each trial; PostgreSQL is seeded each time.
     */
    static Seeded seeded(String backend, int poolSize, int rows, Path[] dir) throws IOException {
        if (!backend.equals("sqlite")) {
            StoreConfig config = config(backend, poolSize, dir);
            WannaBuildStore store = open(config);
            seed(store, 0, rows, "1.0-0");
            return new Seeded(store, config);
        }
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "debian-buildd", "bench",
                "wanna-build-sqlite-v1-" + rows);
        Path file = cached.resolve("wanna-build.sqlite");
        if (!Files.exists(file)) {
            Path tmp = Files.createTempDirectory("wb-seed");
            try (WannaBuildStore store = open(StoreConfig.embedded(tmp))) {
                seed(store, 0, rows, "1.0-0");
            }
            Files.createDirectories(cached);
            Files.copy(tmp.resolve("wanna-build.sqlite"), cached.resolve("wanna-build.sqlite.part"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(cached.resolve("wanna-build.sqlite.part"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            delete(tmp);
        }
        dir[0] = Files.createTempDirectory("wb-bench");
        Files.copy(file, dir[0].resolve("wanna-build.sqlite"));
        StoreConfig config = StoreConfig.embedded(dir[0]).withPoolSize(poolSize);
        return new Seeded(open(config), config);
    }

    /** A seeded store and how to reach its database. */
    record Seeded(WannaBuildStore store, StoreConfig config) {
    }

    /** Registers packages [from, to) as Needs-Build, in merges of at most 50,000. */
    static void seed(WannaBuildStore store, int from, int to, String version) {
        for (int chunk = from; chunk < to; chunk += 50_000) {
            int start = chunk;
            int end = Math.min(to, start + 50_000);
            store.merge(SUITE, ARCH, "bench", s -> {
                for (int i = start; i < end; i++) {
                    s.apply(name(i), Action.MERGE_NEW_VERSION, Fields.version(version).section(SECTIONS[i % SECTIONS.length])
                            .priority(PRIORITIES[i % PRIORITIES.length]).notes(i % 3 == 0 ? "out-of-date" : "uncompiled"));
                }
            });
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
