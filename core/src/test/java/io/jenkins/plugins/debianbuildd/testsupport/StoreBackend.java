package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two databases the store runs on; store tests run against both with the same code. */
public enum StoreBackend {
    /** The embedded default: an SQLite file in a fresh directory. */
    SQLITE,
    /** A real PostgreSQL server ({@link PostgresServer}), a fresh schema. */
    POSTGRESQL;

    /** A configuration for a new, empty database; {@code dir} holds the SQLite file. */
    public StoreConfig newConfig(Path dir) {
        return switch (this) {
            case SQLITE -> {
                try {
                    yield StoreConfig.embedded(Files.createTempDirectory(dir, "sqlite-"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> PostgresServer.get().newStoreConfig();
        };
    }
}
