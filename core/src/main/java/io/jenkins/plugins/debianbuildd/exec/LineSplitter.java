package io.jenkins.plugins.debianbuildd.exec;

import java.nio.charset.StandardCharsets;

/**
 * Turns a byte stream into lines for a {@link LineSink}: split at {@code '\n'} only (as build-log tools
 * count lines; a {@code '\r'} stays in the line), decoded as UTF-8 with malformed bytes replaced, and a
 * line longer than {@code maxLineLength} bytes delivered in pieces so that one endless line cannot
 * exhaust memory. Not thread-safe.
 */
public final class LineSplitter {
    private final LineSink sink;
    private final int maxLineLength;
    private byte[] line = new byte[8192];
    private int len;

    public LineSplitter(LineSink sink, int maxLineLength) {
        this.sink = sink;
        this.maxLineLength = maxLineLength;
    }

    public void feed(byte[] buf, int off, int n) {
        int start = off;
        int end = off + n;
        for (int i = off; i < end; i++) {
            if (buf[i] == '\n') {
                append(buf, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(buf, start, end - start);
    }

    /** Delivers a last line that had no line end. */
    public void finish() {
        if (len > 0) {
            emit();
        }
    }

    private void append(byte[] src, int off, int count) {
        while (count > 0) {
            if (len == maxLineLength) {
                emit();
            }
            int c = Math.min(maxLineLength - len, count);
            if (len + c > line.length) {
                byte[] bigger = new byte[Math.min(maxLineLength, Math.max(line.length * 2, len + c))];
                System.arraycopy(line, 0, bigger, 0, len);
                line = bigger;
            }
            System.arraycopy(src, off, line, len, c);
            len += c;
            off += c;
            count -= c;
        }
    }

    private void emit() {
        sink.line(new String(line, 0, len, StandardCharsets.UTF_8));
        len = 0;
    }
}
