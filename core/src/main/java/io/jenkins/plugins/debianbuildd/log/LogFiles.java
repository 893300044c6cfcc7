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
    private static final String[] NEEDLES = {"rror:", "arning:", "undefined reference to", "No space left on device",
        "Segmentation fault", "ld: cannot find ", "\u001b"};
    /** First characters of the analyzer's anchored patterns and structure lines. */
    private static final boolean[] FIRST = new boolean[256];
    private static final int CHUNK = 4 << 20;
    private static final int MAX_LINE = 1 << 20;

    static {
        for (char c : "+|-IBEWmgd#nFRDTtCNP[e\r".toCharArray()) {
            FIRST[c] = true;
        }
        for (char c = '1'; c <= '9'; c++) {
            FIRST[c] = true;
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
        int[] hits = hits(latin);
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
                    || FIRST[buf[pos] & 0xff]
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

    private static int lastChar(byte[] buf, int start, int end) {
        int i = end - 1;
        if (i >= start && buf[i] == '\r') {
            i--;
        }
        return i >= start ? buf[i] : -1;
    }

    /** Positions of every needle in the chunk, sorted. */
    private static int[] hits(String latin) {
        int[] out = new int[64];
        int count = 0;
        for (String needle : NEEDLES) {
            int from = 0;
            int at;
            while ((at = latin.indexOf(needle, from)) >= 0) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = at;
                from = at + 1;
            }
        }
        int[] sorted = Arrays.copyOf(out, count);
        Arrays.sort(sorted);
        return sorted;
    }
}
