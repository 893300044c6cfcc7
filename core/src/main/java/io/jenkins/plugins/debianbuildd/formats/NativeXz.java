package io.jenkins.plugins.debianbuildd.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code xz -dc FILE} as an InputStream whose end reports xz's failure (a corrupt or truncated file). */
final class NativeXz {
    private static final Path[] CANDIDATES = {Path.of("/usr/bin/xz"), Path.of("/bin/xz")};
    private static volatile Boolean available;

    private NativeXz() {
    }

    static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = Boolean.FALSE;
            for (Path p : CANDIDATES) {
                if (Files.isExecutable(p)) {
                    a = Boolean.TRUE;
                    break;
                }
            }
            if (Boolean.getBoolean("debianbuildd.xz.java")) {
                a = Boolean.FALSE;
            }
            available = a;
        }
        return a;
    }

    static InputStream open(Path file) throws IOException {
        Process p = new ProcessBuilder("xz", "--decompress", "--stdout", "--", file.toAbsolutePath().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new FilterInputStream(p.getInputStream()) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int r = super.read();
                if (r < 0) {
                    check();
                }
                return r;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int r = super.read(b, off, len);
                if (r < 0) {
                    check();
                }
                return r;
            }

            private void check() throws IOException {
                if (checked) {
                    return;
                }
                checked = true;
                try {
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IOException(file + ": xz did not finish");
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IOException(file + ": interrupted", e);
                }
                if (p.exitValue() != 0) {
                    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    throw new IOException(file + ": " + (err.isEmpty() ? "xz failed with exit " + p.exitValue() : err));
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!checked) {
                        p.destroyForcibly();
                    }
                    p.getErrorStream().close();
                }
            }
        };
    }
}
