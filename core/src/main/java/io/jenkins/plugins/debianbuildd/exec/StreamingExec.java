package io.jenkins.plugins.debianbuildd.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a long {@link Command} (a build, a chroot creation) here, streaming its output (stdout and
 * stderr merged, in order) line by line to a {@link LineSink}, with a time limit and cancellation that
 * stop the whole process tree. Lines are split at {@code '\n'} only, as build-log tools count them; a
 * line longer than {@link Options#maxLineLength} is delivered in pieces so one endless line cannot
 * exhaust memory.
 */
public final class StreamingExec {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private StreamingExec() {
    }

    /**
     * @param timeout the time limit, or null for none
     * @param killGrace how long processes get after SIGTERM before SIGKILL
     * @param newSession run the command in a session of its own (through setsid) so that processes
     *     re-parented away from the tree are still found and stopped
     * @param maxLineLength longest line delivered whole, in bytes
     */
    public record Options(Duration timeout, Duration killGrace, boolean newSession, int maxLineLength) {
        public Options {
            Objects.requireNonNull(killGrace, "killGrace");
            if (maxLineLength < 80) {
                throw new IllegalArgumentException("maxLineLength too small: " + maxLineLength);
            }
        }

        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(15), true, 64 * 1024);
        }

        public Options withTimeout(Duration t) {
            return new Options(t, killGrace, newSession, maxLineLength);
        }

        public Options withKillGrace(Duration g) {
            return new Options(timeout, g, newSession, maxLineLength);
        }
    }

    /**
     * Runs {@code command} to its end (or to its time limit, or until {@code cancellation}). If the sink
     * fails (its log cannot be written), the command is stopped and the sink's exception is thrown.
     */
    public static StreamResult run(Command command, Options options, Cancellation cancellation, LineSink sink) {
        List<String> argv = new ArrayList<>(command.argv());
        if (findProgram(command) == null) {
            // Said here because through setsid the failure would only be setsid's exit status 127.
            return new StreamResult(-1, false, false, null, "cannot start " + command.program()
                    + ": no such executable" + (command.program().contains("/") ? "" : " in PATH"), Duration.ZERO, 0, 0);
        }
        if (options.newSession() && Files.isExecutable(SETSID)) {
            // A child of the JVM is never a process group leader, so setsid execs without forking:
            // the pid we hold is the command's, and the session id equals it.
            argv.add(0, SETSID.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (command.workingDirectory() != null) {
            pb.directory(command.workingDirectory().toFile());
        }
        Map<String, String> env = pb.environment();
        command.environment().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        env.putIfAbsent("LC_ALL", "C.UTF-8");
        long t0 = System.nanoTime();
        if (cancellation.isCancelled()) {
            return new StreamResult(-1, false, true, cancellation.reason(), null, Duration.ZERO, 0, 0);
        }
        Process p;
        try {
            p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new StreamResult(-1, false, false, null, "cannot start " + command.program() + ": " + e.getMessage(),
                    Duration.ZERO, 0, 0);
        }
        long pid = p.pid();
        long sid = options.newSession() && argv.get(0).equals(SETSID.toString()) ? pid : 0;
        Object stopLock = new Object();
        boolean[] stopped = new boolean[2]; // [0] timed out, [1] cancelled
        int[] killed = new int[1];
        Runnable stop = () -> {
            synchronized (stopLock) {
                killed[0] += ProcessTree.terminate(p.toHandle(), sid, options.killGrace());
            }
        };
        Runnable onCancel = () -> {
            synchronized (stopLock) {
                if (!stopped[0]) {
                    stopped[1] = true;
                }
            }
            stop.run();
        };
        RuntimeException[] sinkFailure = new RuntimeException[1];
        LineSink guarded = line -> {
            if (sinkFailure[0] != null) {
                return; // keep draining the pipe so the process is not blocked while it is stopped
            }
            try {
                sink.line(line);
            } catch (RuntimeException e) {
                // The output cannot be kept (a full disk under the log): a build must not go on unrecorded.
                sinkFailure[0] = e;
                new Thread(onCancel, "stop " + command.program()).start();
            }
        };
        Thread reader = new Thread(() -> pump(p.getInputStream(), guarded, options.maxLineLength()),
                "output of " + command.program() + " [" + pid + "]");
        reader.setDaemon(true);
        reader.start();
        cancellation.onCancel(onCancel);
        try {
            boolean finished;
            if (options.timeout() != null) {
                finished = p.waitFor(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                p.waitFor();
                finished = true;
            }
            if (!finished) {
                synchronized (stopLock) {
                    if (!stopped[1]) {
                        stopped[0] = true;
                    }
                }
                stop.run();
                p.waitFor();
            }
            // A command that ends normally may still leave daemons behind (a test suite's server):
            // nothing of a build outlives it.
            stop.run();
            reader.join();
        } catch (InterruptedException e) {
            stop.run();
            Thread.currentThread().interrupt();
            synchronized (stopLock) {
                stopped[1] = true;
            }
        } finally {
            cancellation.remove(onCancel);
        }
        if (sinkFailure[0] != null) {
            throw sinkFailure[0];
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        int exit = p.isAlive() ? -1 : p.exitValue();
        synchronized (stopLock) {
            return new StreamResult(exit, stopped[0], stopped[1], stopped[1] ? cancellation.reason() : null, null,
                    elapsed, pid, killed[0]);
        }
    }

    /** The program's file: as given when it names a path, else the first match in PATH; null when none. */
    static Path findProgram(Command command) {
        String program = command.program();
        if (program.contains("/")) {
            Path p = command.workingDirectory() != null ? command.workingDirectory().resolve(program) : Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = command.environment().containsKey("PATH") ? command.environment().get("PATH") : System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program);
            }
        }
        return null;
    }

    /** Splits the stream into lines and hands each to the sink, until the stream ends. */
    static void pump(InputStream in, LineSink sink, int maxLineLength) {
        LineSplitter splitter = new LineSplitter(sink, maxLineLength);
        byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                splitter.feed(buf, 0, n);
            }
        } catch (IOException e) {
            // The process was killed and its pipe closed: what was read has been delivered.
        }
        splitter.finish();
    }
}
