package io.jenkins.plugins.debianbuildd.formats;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A streaming deb822 reader: one {@link Paragraph} at a time, however large the file.
 *
 * <p>Follows Policy 5.1 and dpkg's parser: a field starts in column 0 with {@code Name:}; lines starting
 * with a space or a tab continue it; paragraphs are separated by lines that are empty or hold only
 * whitespace; lines starting with {@code #} are comments and are skipped; a field may appear once per
 * paragraph. Anything else is a {@link FormatException} naming the source and line.
 *
 * <p>It works on bytes rather than characters and interns field names, which is what lets it read a
 * Packages file faster than apt's C++ parser; values are decoded as UTF-8.
 */
public final class Deb822Parser implements Iterator<Paragraph>, Iterable<Paragraph>, Closeable {
    private static final int MIN_BUFFER = 1 << 16;

    private final InputStream in;
    private final String source;
    private final NameTable nameTable = new NameTable();

    private byte[] buf = new byte[MIN_BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    /** Start of the paragraph being read, which a refill must keep, or -1. */
    private int paraStart = -1;
    /** Bytes of the paragraph being read that its values span, from paraStart. */
    private int dataLen;
    /** Whether every field name so far matched the previous paragraph's name at the same position. */
    private boolean predicted;
    /** Line number of the line starting at {@link #pos}. */
    private int lineNo = 1;

    private Paragraph next;
    private boolean done;

    // Per-paragraph scratch space, reused.
    private String[] names = new String[32];
    private String[] values = new String[32];
    private int[] nameHashes = new int[32];
    private int[] lines = new int[32];
    private int[] offsets = new int[32];
    private int[] lengths = new int[32];
    // The previous paragraph's field names by position, to recognise repeated layouts cheaply.
    private String[] prevNames = new String[32];
    private byte[][] prevNameBytes = new byte[32][];
    private int[] prevHashes = new int[32];
    private int prevCount;

    public Deb822Parser(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Parses text already in memory (a control file, a test fixture). */
    public static Deb822Parser of(String text, String source) {
        return new Deb822Parser(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
    }

    public String source() {
        return source;
    }

    @Override
    public Iterator<Paragraph> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = read();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public Paragraph next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Paragraph p = next;
        next = null;
        return p;
    }

    /** The next paragraph, or null at the end of the input. */
    public Paragraph read() {
        try {
            return readParagraph();
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Ensures a whole line starts at pos; returns the index of its '\n', or lim for a last line without one, or -1 at the end. */
    private int lineEnd() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            scanned = lim - pos;
            if (eof) {
                return pos < lim ? lim : -1;
            }
            fill();
        }
    }

    /** Moves the current paragraph (or line) to the front, grows the buffer if it is full, and reads more. */
    private void fill() throws IOException {
        int from = paraStart >= 0 ? paraStart : pos;
        int len = lim - from;
        if (from > 0) {
            System.arraycopy(buf, from, buf, 0, len);
            if (paraStart >= 0) {
                paraStart = 0;
            }
            pos -= from;
            lim = len;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
            eof = true;
        } else {
            lim += r;
        }
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private Paragraph readParagraph() throws IOException {
        // Skip separators and comments before the paragraph.
        int eol;
        while (true) {
            eol = lineEnd();
            if (eol < 0) {
                return null;
            }
            if (buf[pos] == '#' || isBlank(pos, eol)) {
                advance(eol);
                continue;
            }
            break;
        }
        int startLine = lineNo;
        paraStart = pos;
        dataLen = 0;
        predicted = true;
        int n = 0;
        try {
            while (true) {
                byte first = buf[pos];
                if (first == '#') {
                    advance(eol);
                } else if (first == ' ' || first == '\t') {
                    throw new FormatException(source, lineNo, "continuation line outside a field: '" + lineText(eol) + "'");
                } else {
                    n = readField(eol, n);
                }
                eol = lineEnd();
                if (eol < 0) {
                    break;
                }
                if (isBlank(pos, eol)) {
                    advance(eol);
                    break;
                }
            }
            byte[] data = Arrays.copyOfRange(buf, paraStart, paraStart + dataLen);
            Paragraph p = new Paragraph(Arrays.copyOf(names, n), data, Arrays.copyOf(offsets, n), Arrays.copyOf(lengths, n),
                    Arrays.copyOf(values, n), Arrays.copyOf(lines, n), n, source, startLine);
            Arrays.fill(values, 0, n, null);
            prevCount = n;
            return p;
        } catch (RuntimeException e) {
            // A paragraph that failed may have left a duplicate name among the predictions.
            prevCount = 0;
            throw e;
        } finally {
            paraStart = -1;
        }
    }

    /** Reads the field starting at pos (whose first line ends at eol) and its continuation lines. */
    private int readField(int eol, int n) throws IOException {
        int fieldLine = lineNo;
        int colon = -1;
        for (int i = pos; i < eol; i++) {
            if (buf[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new FormatException(source, lineNo, "line is not a field ('Name: value') and not a continuation line: '"
                    + lineText(eol) + "'");
        }
        int nameLen = colon - pos;
        String name;
        int hash;
        // Index files repeat the same fields in the same order: try the name the previous paragraph had here.
        if (n < prevCount && prevNameBytes[n].length == nameLen && Arrays.equals(prevNameBytes[n], 0, nameLen, buf, pos, colon)) {
            name = prevNames[n];
            hash = prevHashes[n];
        } else {
            predicted = false;
            if (nameLen == 0) {
                throw new FormatException(source, lineNo, "field with an empty name: '" + lineText(eol) + "'");
            }
            if (buf[pos] == '-') {
                throw new FormatException(source, lineNo, "field name must not start with '-': '" + lineText(eol) + "'");
            }
            hash = 0;
            for (int i = pos; i < colon; i++) {
                byte b = buf[i];
                if (b <= ' ' || b == 0x7f) {
                    throw new FormatException(source, lineNo, (b == ' ' || b == '\t'
                            ? "field name contains whitespace"
                            : "field name contains a control or non-ASCII character") + ": '" + lineText(eol) + "'");
                }
                hash = 31 * hash + (b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
            name = nameTable.intern(buf, pos, nameLen);
            ensureCapacity(n);
            prevNameBytes[n] = Arrays.copyOfRange(buf, pos, colon);
            prevNames[n] = name;
            prevHashes[n] = hash;
            prevCount = Math.max(prevCount, n + 1);
        }
        if (!predicted) {
            // A paragraph whose names all match the previous one's cannot hold a duplicate.
            for (int i = 0; i < n; i++) {
                if (nameHashes[i] == hash && names[i].equalsIgnoreCase(name)) {
                    throw new FormatException(source, lineNo, "duplicate field '" + name + "' (first at line " + lines[i] + ")");
                }
            }
        }
        int vStart = colon + 1;
        while (vStart < eol && (buf[vStart] == ' ' || buf[vStart] == '\t')) {
            vStart++;
        }
        // Offsets are relative to the paragraph's start, which a refill moves.
        int valueOff = vStart - paraStart;
        int valueEnd = trimEnd(vStart, eol) - paraStart;
        boolean clean = true;
        boolean multi = false;
        advance(eol);
        while (true) {
            int e = lineEnd();
            if (e < 0) {
                break;
            }
            byte b = buf[pos];
            if (b == '#') {
                // A comment inside a field's continuation lines is dropped, as dpkg does.
                clean = false;
                multi = true;
                advance(e);
                continue;
            }
            if ((b != ' ' && b != '\t') || isBlank(pos, e)) {
                break;
            }
            multi = true;
            int lineEndTrimmed = trimEnd(pos, e);
            if (lineEndTrimmed != e || paraStart + valueEnd != pos - 1) {
                clean = false;
            }
            valueEnd = lineEndTrimmed - paraStart;
            advance(e);
        }
        ensureCapacity(n);
        names[n] = name;
        nameHashes[n] = hash;
        lines[n] = fieldLine;
        offsets[n] = valueOff;
        lengths[n] = valueEnd - valueOff;
        values[n] = multi && !clean ? joinLines(paraStart + valueOff, paraStart + valueEnd) : null;
        dataLen = Math.max(dataLen, valueEnd);
        return n + 1;
    }

    private void ensureCapacity(int n) {
        if (n >= names.length) {
            int size = Math.max(n + 1, names.length * 2);
            names = Arrays.copyOf(names, size);
            values = Arrays.copyOf(values, size);
            nameHashes = Arrays.copyOf(nameHashes, size);
            lines = Arrays.copyOf(lines, size);
            offsets = Arrays.copyOf(offsets, size);
            lengths = Arrays.copyOf(lengths, size);
        }
        if (n >= prevNames.length) {
            int size = Math.max(n + 1, prevNames.length * 2);
            prevNames = Arrays.copyOf(prevNames, size);
            prevNameBytes = Arrays.copyOf(prevNameBytes, size);
            prevHashes = Arrays.copyOf(prevHashes, size);
        }
    }

    /**
     * Rebuilds a multi-line value whose bytes are not already in canonical form (trailing whitespace,
     * CR line ends, comment lines): first line, then each continuation line without trailing whitespace.
     */
    private String joinLines(int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        int i = from;
        boolean firstLine = true;
        while (i <= to) {
            int e = i;
            while (e < to && buf[e] != '\n') {
                e++;
            }
            boolean comment = !firstLine && i < to && buf[i] == '#';
            if (!comment) {
                int te = trimEnd(i, e);
                if (!firstLine) {
                    sb.append('\n');
                }
                sb.append(decode(i, te - i));
            }
            firstLine = false;
            if (e >= to) {
                break;
            }
            i = e + 1;
        }
        return sb.toString();
    }

    private int trimEnd(int from, int to) {
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t' || buf[to - 1] == '\r')) {
            to--;
        }
        return to;
    }

    private String decode(int off, int len) {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }

    private String lineText(int eol) {
        String s = decode(pos, trimEnd(pos, eol) - pos);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private void advance(int eol) {
        pos = eol < lim ? eol + 1 : lim;
        lineNo++;
    }

    /** Interns field names straight from bytes, so that a known name costs no allocation. */
    private static final class NameTable {
        private byte[][] keys = new byte[256][];
        private String[] strings = new String[256];
        private int count;

        String intern(byte[] b, int off, int len) {
            int mask = keys.length - 1;
            int h = 0;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[off + i];
            }
            int slot = (h ^ (h >>> 16)) & mask;
            while (true) {
                byte[] k = keys[slot];
                if (k == null) {
                    break;
                }
                if (k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                    return strings[slot];
                }
                slot = (slot + 1) & mask;
            }
            String s = new String(b, off, len, StandardCharsets.US_ASCII).intern();
            if (count * 2 >= keys.length) {
                // A hostile file with endless distinct names must not grow this forever.
                if (keys.length >= 1 << 14) {
                    return s;
                }
                rehash();
                return intern(b, off, len);
            }
            keys[slot] = Arrays.copyOfRange(b, off, off + len);
            strings[slot] = s;
            count++;
            return s;
        }

        private void rehash() {
            byte[][] oldKeys = keys;
            String[] oldStrings = strings;
            keys = new byte[oldKeys.length * 2][];
            strings = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                byte[] k = oldKeys[i];
                if (k == null) {
                    continue;
                }
                int h = 0;
                for (byte x : k) {
                    h = 31 * h + x;
                }
                int slot = (h ^ (h >>> 16)) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                strings[slot] = oldStrings[i];
            }
        }
    }
}
