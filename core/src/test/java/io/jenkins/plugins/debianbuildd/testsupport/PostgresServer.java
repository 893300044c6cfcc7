package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's packages ({@code /usr/lib/postgresql/N/bin}, installed by
 * scripts/setup-host), started once per test JVM in a private directory on a free port with a private
 * socket directory, and stopped when the JVM exits. Each {@link #newStoreConfig()} gets its own schema.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root the server runs as the {@code postgres}
 * user ({@code runuser}), with a data directory it owns. Files live under {@code target/postgres} when the
 * postgres user can reach it, else in a temporary directory; servers left behind by a killed test JVM are
 * stopped on the next start.
 */
public final class PostgresServer {
    private static final String USER = "buildd";
    private static final String DATABASE = "wannabuild";
    /** System property: {@code true} starts the server with PostgreSQL's durable defaults (fsync, synchronous commit), as benchmarks want. */
    public static final String DURABLE = "debianbuildd.postgres.durable";
    private static PostgresServer instance;

    private final Path runDir;
    private final Path dataDir;
    private final Path socketDir;
    private final int port;
    private final boolean asPostgresUser;
    private final Process process;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresServer(Path binDir) throws IOException, InterruptedException {
        asPostgresUser = "root".equals(System.getProperty("user.name"));
        Path base = baseDir();
        stopLeftovers(base);
        runDir = Files.createDirectories(base.resolve("run-" + ProcessHandle.current().pid()));
        dataDir = runDir.resolve("data");
        socketDir = Files.createTempDirectory(Paths.get("/tmp"), "dbpg");
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres:postgres", runDir.toString(), socketDir.toString()));
        }
        run(asPostgres(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "-N"));
        port = freePort();
        List<String> cmd = asPostgres(binDir.resolve("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-k", socketDir.toString(), "-h", "127.0.0.1",
                "-c", "max_connections=300", "-c", "shared_buffers=256MB");
        if (!Boolean.getBoolean(DURABLE)) {
            // A test server: durability of the server itself is not under test (the kill test kills the client).
            cmd.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("postgres.log").toFile());
        process = pb.start();
        waitUntilReady();
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "postgres-test-server-stop"));
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            Path bin = findBinDir();
            try {
                instance = new PostgresServer(bin);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL from " + bin + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A store configuration on a new, empty schema of the test database. */
    public StoreConfig newStoreConfig() {
        String schema = "t" + schemas.incrementAndGet();
        try (Connection c = connect(DATABASE); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return StoreConfig.jdbc(url(DATABASE) + "?currentSchema=" + schema, USER, "");
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, "");
    }

    private static Path findBinDir() {
        Path root = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(p -> {
                            try {
                                return Integer.parseInt(p.getFileName().toString());
                            } catch (NumberFormatException e) {
                                return 0;
                            }
                        })).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
                + "run scripts/setup-host (it installs Debian's postgresql package)");
    }

    /** target/postgres when the postgres user can reach it; a temporary directory otherwise. */
    private Path baseDir() throws IOException {
        Path target = Paths.get("target", "postgres").toAbsolutePath();
        if (!asPostgresUser || traversableByOthers(target.getParent())) {
            Files.createDirectories(target);
            if (asPostgresUser) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return target;
        }
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"), "debian-buildd-postgres");
        Files.createDirectories(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp;
    }

    private static boolean traversableByOthers(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /** Stops servers of test JVMs that died without stopping theirs, and removes their files. */
    private static void stopLeftovers(Path base) throws IOException {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> runs = Files.list(base)) {
            for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                long owner;
                try {
                    owner = Long.parseLong(run.getFileName().toString().substring(4));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(owner).isPresent()) {
                    continue;
                }
                Path pidFile = run.resolve("data/postmaster.pid");
                if (Files.exists(pidFile)) {
                    try {
                        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                        ProcessHandle.of(pid).ifPresent(h -> {
                            h.destroy();
                            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
                        });
                    } catch (RuntimeException e) {
                        // unreadable pid file: nothing to stop
                    }
                }
                deleteTree(run);
            }
        }
    }

    private List<String> asPostgres(String... argv) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(argv));
        return cmd;
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void waitUntilReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("postgres exited with " + process.exitValue() + ":\n"
                        + Files.readString(runDir.resolve("postgres.log")));
            }
            try (Connection c = connect("postgres")) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("postgres did not accept connections within 60 s: " + (last == null ? "" : last.getMessage()));
    }

    private void stop() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                // SIGINT: fast shutdown (disconnect clients, no waiting for them).
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> null).join());
            }
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
            deleteTree(runDir);
            deleteTree(socketDir);
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the test PostgreSQL server: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For diagnostics. */
    @Override
    public String toString() {
        return "PostgresServer[port=" + port + ", dir=" + runDir + "]";
    }
}
