package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.log.LineKind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Writes a build log with a size cap, as buildds must (a runaway build can print gigabytes): the first
 * {@code capBytes} are kept, then only the last {@code tailBytes} (where the failure and sbuild's
 * summary are), with a line saying how much was left out between them. The listener sees what the file
 * holds: the head as it comes, one notice at the cut, and the tail when the log is closed.
 */
final class CappedLog implements AutoCloseable {
    private final OutputStream out;
    private final long capBytes;
    private final long tailBytes;
    private final BuildListener listener;
    private long written;
    private boolean cut;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final ArrayDeque<LineKind> tailKinds = new ArrayDeque<>();
    private long tailSize;
    private long omittedLines;
    private long omittedBytes;

    CappedLog(Path file, long capBytes, long tailBytes, BuildListener listener) {
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + file + ": " + e.getMessage(), e);
        }
        this.capBytes = capBytes;
        this.tailBytes = tailBytes;
        this.listener = listener;
    }

    void line(String line, LineKind kind) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        long size = b.length + 1L;
        if (!cut && written + size <= capBytes) {
            write(b);
            deliver(line, kind);
            return;
        }
        if (!cut) {
            cut = true;
            deliver("[debian-buildd: the log reached its limit of " + capBytes + " bytes; only its last "
                    + tailBytes + " bytes will follow]", LineKind.WARNING);
        }
        tail.addLast(line);
        tailKinds.addLast(kind);
        tailSize += size;
        while (tailSize > tailBytes && tail.size() > 1) {
            String dropped = tail.removeFirst();
            tailKinds.removeFirst();
            long d = dropped.getBytes(StandardCharsets.UTF_8).length + 1L;
            tailSize -= d;
            omittedLines++;
            omittedBytes += d;
        }
    }

    boolean truncated() {
        return cut;
    }

    @Override
    public void close() {
        try {
            if (cut) {
                String marker = "[debian-buildd: " + omittedLines + " lines (" + omittedBytes
                        + " bytes) left out here: the log exceeded its limit of " + capBytes + " bytes]";
                write(marker.getBytes(StandardCharsets.UTF_8));
                deliver(marker, LineKind.WARNING);
                while (!tail.isEmpty()) {
                    String l = tail.removeFirst();
                    write(l.getBytes(StandardCharsets.UTF_8));
                    deliver(l, tailKinds.removeFirst());
                }
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log: " + e.getMessage(), e);
        }
    }

    private void write(byte[] b) {
        try {
            out.write(b);
            out.write('\n');
            written += b.length + 1L;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log: " + e.getMessage(), e);
        }
    }

    private void deliver(String line, LineKind kind) {
        try {
            listener.line(line, kind);
        } catch (RuntimeException e) {
            // A listener's failure (a closed console) must not stop the build or its log.
        }
    }
}
