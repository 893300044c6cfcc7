package io.jenkins.plugins.debianbuildd.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs short {@link Command}s on this machine and captures their output (gpgv, reprepro, dose, dpkg).
 * Long-running builds use the streaming runner of the build package instead.
 */
public final class LocalExec {
    private LocalExec() {
    }

    public static ExecResult run(Command command, Duration timeout) {
        return run(command, timeout, null);
    }

    /** Runs the command, feeding {@code stdin} (may be null), killing its process tree after {@code timeout}. */
    public static ExecResult run(Command command, Duration timeout, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
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
        // Tools' messages are matched in English.
        env.putIfAbsent("LC_ALL", "C.UTF-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ExecException(command, "cannot start: " + e.getMessage(), e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try {
            try (var os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin);
                }
            } catch (IOException ignored) {
                // The process may exit without reading its input; its exit status tells what happened.
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p);
                throw new ExecException(command, "timed out after " + timeout.toSeconds() + " s", null);
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new ExecException(command, "interrupted", e);
        }
        return new ExecResult(command, p.exitValue(), out.text(), err.text());
    }

    /** Kills a process and every descendant, children first, so that nothing is left running. */
    public static void killTree(Process p) {
        killTree(p.toHandle());
    }

    public static void killTree(ProcessHandle h) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
        h.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // Stream closed because the process was killed.
            }
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

}
