package io.jenkins.plugins.debianbuildd.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Analyses whole logs (a finished build's, an archived one) with the same analyzer as live consoles,
 * fast enough for sbuild logs of hundreds of megabytes.
 *
 * <p>Most lines of a big log (compiler command lines, test output) match nothing. Each chunk of the file
 * is searched at once for the few byte strings the analyzer's patterns contain (String.indexOf on a
 * Latin-1 view, which the JVM vectorises); a line without any of them, and without a significant first
 * character, is only counted, never decoded. Every other line goes through
 * {@link BuildLogAnalyzer#accept}, so the result is exactly that of feeding every line.
 */
public final class LogFiles {
    /** Byte strings (ASCII, so the same in UTF-8) that any unanchored pattern of the analyzer contains. */
    /**
     * The rarest byte of each byte string (ASCII, so the same in UTF-8) that an unanchored pattern of the
     * analyzer contains: "rror:", "arning:", ": *** ", "ld: cannot find " (':'), "undefined reference to"
     * ('f'), "No space left on device" ('N'), "Segmentation fault" ('S'), and ESC of colour codes.
     */
    private static final boolean[] TRIGGER = new boolean[256];
    /** First characters of the analyzer's anchored patterns and structure lines (refined in {@link #anchored}). */
    private static final boolean[] FIRST = new boolean[256];
    private static final int CHUNK = 4 << 20;
    private static final int MAX_LINE = 1 << 20;

    static {
        for (char c : "+|-IBEW#nFRDTtCNP[e\r".toCharArray()) {
            FIRST[c] = true;
        }
        for (char c = '1'; c <= '9'; c++) {
            FIRST[c] = true;
        }
        for (char c : ":fNS\u001b".toCharArray()) {
            TRIGGER[c] = true;
        }
    }

    private LogFiles() {
    }

    public static LogAnalysis analyze(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            return analyze(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build log " + log + ": " + e.getMessage(), e);
        }
    }

    public static LogAnalysis analyze(InputStream in) throws IOException {
        BuildLogAnalyzer analyzer = new BuildLogAnalyzer();
        byte[] buf = new byte[CHUNK];
        int len = 0;
        while (true) {
            int n = in.readNBytes(buf, len, buf.length - len);
            len += n;
            boolean eof = len < buf.length;
            if (eof && len == 0) {
                break;
            }
            int end = eof ? len : lastNewline(buf, len) + 1;
            if (end == 0) {
                // A line longer than the whole buffer: delivered in pieces, as LineSplitter does.
                end = Math.min(len, MAX_LINE);
                analyzer.accept(new String(buf, 0, end, StandardCharsets.UTF_8));
            } else {
                scan(analyzer, buf, end, eof);
            }
            if (eof) {
                break;
            }
            System.arraycopy(buf, end, buf, 0, len - end);
            len -= end;
        }
        return analyzer.finish();
    }

    private static int lastNewline(byte[] b, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Lines of {@code buf[0, end)}; the last one may lack its '\n' only at the end of the file. */
    private static void scan(BuildLogAnalyzer analyzer, byte[] buf, int end, boolean eof) {
        String latin = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        int[] hits = hits(buf, end);
        int h = 0;
        int pos = 0;
        while (pos < end) {
            int nl = latin.indexOf('\n', pos);
            int lineEnd = nl < 0 ? end : nl;
            int next = nl < 0 ? end : nl + 1;
            while (h < hits.length && hits[h] < pos) {
                h++;
            }
            int length = lineEnd - pos;
            boolean full = length == 0
                    || analyzer.wantsEveryLine()
                    || (FIRST[buf[pos] & 0xff] && anchored(buf, pos, lineEnd))
                    || (h < hits.length && hits[h] < lineEnd)
                    || next >= end // the last line of a chunk: the next one is not in view
                    || buf[next] == '-' // may be underlined: the title must be known
                    || lastChar(buf, pos, lineEnd) == 'd' // "... not found", "Killed"
                    || (buf[pos] == 's' && analyzer.lines() < 3);
            if (full) {
                if (length > MAX_LINE) {
                    for (int p = pos; p < lineEnd; p += MAX_LINE) {
                        analyzer.accept(new String(buf, p, Math.min(MAX_LINE, lineEnd - p), StandardCharsets.UTF_8));
                    }
                } else {
                    analyzer.accept(new String(buf, pos, length, StandardCharsets.UTF_8));
                }
            } else {
                analyzer.skip();
            }
            pos = next;
        }
    }

    /**
     * Whether a line whose first character is in {@link #FIRST} may match an anchored pattern: a finer
     * look at its first bytes, so that common lines ("In file included from", "test_x ... ok",
     * "[INFO]", "1/5 Test #1") are not decoded. Must accept every line the analyzer could act on.
     */
    private static boolean anchored(byte[] b, int pos, int end) {
        int n = end - pos;
        switch (b[pos]) {
            case 'I':
            case 'E':
            case 'W':
                return n > 1 && b[pos + 1] == ':';
            case 't':
                return startsWith(b, pos, end, "test result:");
            case '[':
                return startsWith(b, pos, end, "[ERROR]");
            case 'e':
                return startsWith(b, pos, end, "error[");
            case 'n':
                return startsWith(b, pos, end, "not ok") || startsWith(b, pos, end, "ninja:");
            default:
                if (b[pos] >= '1' && b[pos] <= '9') {
                    // ctest's "NN% tests passed, N tests failed"
                    for (int i = pos + 1; i < end && i < pos + 5; i++) {
                        if (b[i] == '%') {
                            return true;
                        }
                        if (b[i] < '0' || b[i] > '9') {
                            return false;
                        }
                    }
                    return false;
                }
                return true;
        }
    }

    private static boolean startsWith(byte[] b, int pos, int end, String prefix) {
        int n = prefix.length();
        if (end - pos < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int lastChar(byte[] buf, int start, int end) {
        int i = end - 1;
        if (i >= start && buf[i] == '\r') {
            i--;
        }
        return i >= start ? buf[i] : -1;
    }

    /**
     * Positions of every needle in {@code buf[0, end)}, in order, found in one pass: each needle is
     * looked for only where its rarest byte is (':' for the tool messages, 'N', 'S', 'f', ESC), so the
     * loop does one table lookup per byte. (String.indexOf per needle is vectorised only once its
     * caller is compiled by C2, which a few calls per file never are.)
     */
    private static int[] hits(byte[] buf, int end) {
        int[] out = new int[64];
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (!TRIGGER[buf[i] & 0xff]) {
                continue;
            }
            int at = match(buf, i, end);
            if (at >= 0) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = at;
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** The start of a needle found around trigger byte {@code buf[i]}, or -1. */
    private static int match(byte[] buf, int i, int end) {
        switch (buf[i]) {
            case ':':
                if (endsAt(buf, i, "rror") || endsAt(buf, i, "arning")) {
                    return i;
                }
                if (startsWith(buf, i + 1, end, " *** ")) {
                    return i;
                }
                if (endsAt(buf, i, "ld") && startsWith(buf, i + 1, end, " cannot find ")) {
                    return i - 2;
                }
                return -1;
            case 'f':
                return i >= 4 && startsWith(buf, i - 4, end, "undefined reference to") ? i - 4 : -1;
            case 'N':
                return startsWith(buf, i, end, "No space left on device") ? i : -1;
            case 'S':
                return startsWith(buf, i, end, "Segmentation fault") ? i : -1;
            default:
                return i; // ESC
        }
    }

    private static boolean endsAt(byte[] b, int i, String s) {
        int n = s.length();
        return i >= n && startsWith(b, i - n, i, s);
    }
}
