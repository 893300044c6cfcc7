package io.jenkins.plugins.debianbuildd.formats;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A streaming deb822 reader: one {@link Paragraph} at a time, however large the file.
 *
 * <p>Follows Policy 5.1 and dpkg's parser: a field starts in column 0 with {@code Name:}; lines starting
 * with a space or a tab continue it; paragraphs are separated by lines that are empty or hold only
 * whitespace; lines starting with {@code #} are comments and are skipped; a field may appear once per
 * paragraph (names compared case-insensitively). Anything else is a {@link FormatException} naming the
 * source and line.
 *
 * <p>Speed, since whole archives go through here: it works on bytes, looks for line ends eight bytes at a
 * time, keeps each paragraph's bytes and decodes a value only when it is asked for, and predicts each
 * field name from the name that followed the previous field last time (index files repeat the same
 * layouts), so a known name costs a few byte comparisons and no allocation.
 */
public final class Deb822Parser implements Iterator<Paragraph>, Iterable<Paragraph>, Closeable {
    private static final int MIN_BUFFER = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final String source;
    private final NameTable nameTable = new NameTable();

    private byte[] buf = new byte[MIN_BUFFER];
    private int pos;
    private int lim;
    private boolean eof;
    /** Line number of the line starting at {@link #pos}. */
    private int lineNo = 1;
    /** Start of the paragraph being read, which a refill must keep, or -1. */
    private int paraStart = -1;
    /** Bytes of the paragraph being read that its values span, from paraStart. */
    private int dataLen;
    /** The end of the line at cachedEolPos: the line after a field is looked at twice. */
    private int cachedEolPos = -1;
    private int cachedEol = -1;

    /** Numbers paragraphs, to recognise a name seen twice in one paragraph. */
    private int paragraphId;
    /** The name of the previous field of this paragraph; its successor is the next name predicted. */
    private Name lastField;
    /** The first name of the previous paragraph: the prediction for a paragraph's first field. */
    private Name firstName;
    /** Whether the paragraph being read has a value decoded already (rebuilt multi-line values). */
    private boolean anyDecoded;
    /** The names array handed to the last paragraph, shared by the next when the names are the same. */
    private String[] lastNames;

    private Paragraph next;
    private boolean done;

    // Per-paragraph scratch space, reused.
    private String[] names = new String[32];
    private String[] values = new String[32];
    private int[] meta = new int[96];

    public Deb822Parser(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Parses text already in memory (a control file, a test fixture). */
    public static Deb822Parser of(String text, String source) {
        return new Deb822Parser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source);
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
        if (cachedEolPos == pos && cachedEol >= 0) {
            return cachedEol;
        }
        int scanned = 0;
        while (true) {
            int e = findNewline(pos + scanned);
            if (e >= 0) {
                cachedEolPos = pos;
                cachedEol = e;
                return e;
            }
            scanned = lim - pos;
            if (eof) {
                return pos < lim ? lim : -1;
            }
            fill();
        }
    }

    /** The first '\n' at or after {@code from} and before lim, or -1; eight bytes at a time. */
    private int findNewline(int from) {
        byte[] b = buf;
        int i = from;
        int end = lim;
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the current paragraph (or line) to the front, grows the buffer if it is full, and reads more. */
    private void fill() throws IOException {
        cachedEol = -1;
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
        paragraphId++;
        lastField = null;
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
            Paragraph p = new Paragraph(namesFor(n), data, Arrays.copyOf(meta, 3 * n),
                    anyDecoded ? Arrays.copyOf(values, n) : null, n, source, startLine);
            if (anyDecoded) {
                Arrays.fill(values, 0, n, null);
                anyDecoded = false;
            }
            return p;
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
        Name expected = lastField == null ? firstName : lastField.next;
        Name name;
        if (expected != null && sameBytes(expected.bytes, buf, pos, nameLen)) {
            name = expected;
        } else {
            checkName(eol, colon);
            name = nameTable.intern(buf, pos, nameLen);
            if (lastField == null) {
                firstName = name;
            } else {
                lastField.next = name;
            }
        }
        Name key = name.caseless;
        if (key.registered) {
            if (key.seenIn == paragraphId) {
                throw new FormatException(source, lineNo, "duplicate field '" + name.text + "' (first at line " + key.seenAt + ")");
            }
            key.seenIn = paragraphId;
            key.seenAt = fieldLine;
        } else {
            // Beyond the name table's bound (a hostile file): compare with this paragraph's names.
            for (int i = 0; i < n; i++) {
                if (names[i].equalsIgnoreCase(name.text)) {
                    throw new FormatException(source, lineNo, "duplicate field '" + name.text + "' (first at line " + meta[3 * i + 2] + ")");
                }
            }
        }
        lastField = name;

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
        if (n == names.length) {
            names = Arrays.copyOf(names, n * 2);
            values = Arrays.copyOf(values, n * 2);
            meta = Arrays.copyOf(meta, n * 6);
        }
        names[n] = name.text;
        meta[3 * n] = valueOff;
        meta[3 * n + 1] = valueEnd - valueOff;
        meta[3 * n + 2] = fieldLine;
        if (multi && !clean) {
            values[n] = joinLines(paraStart + valueOff, paraStart + valueEnd);
            anyDecoded = true;
        }
        if (valueEnd > dataLen) {
            dataLen = valueEnd;
        }
        return n + 1;
    }

    /** Policy 5.1's rules for a field name, for a name not seen before. */
    private void checkName(int eol, int colon) {
        if (colon == pos) {
            throw new FormatException(source, lineNo, "field with an empty name: '" + lineText(eol) + "'");
        }
        if (buf[pos] == '-') {
            throw new FormatException(source, lineNo, "field name must not start with '-': '" + lineText(eol) + "'");
        }
        for (int i = pos; i < colon; i++) {
            byte b = buf[i];
            if (b <= ' ' || b == 0x7f) {
                throw new FormatException(source, lineNo, (b == ' ' || b == '\t'
                        ? "field name contains whitespace"
                        : "field name contains a control or non-ASCII character") + ": '" + lineText(eol) + "'");
            }
        }
    }

    /** The names array for a paragraph of n fields: the previous paragraph's when it holds the same names. */
    private String[] namesFor(int n) {
        String[] last = lastNames;
        if (last != null && n <= last.length) {
            boolean same = true;
            for (int i = 0; i < n; i++) {
                if (last[i] != names[i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return last;
            }
        }
        lastNames = Arrays.copyOf(names, n);
        return lastNames;
    }

    /** Short arrays compare faster in a plain loop than through Arrays.equals' vectorized mismatch. */
    private static boolean sameBytes(byte[] a, byte[] b, int off, int len) {
        if (a.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (a[i] != b[off + i]) {
                return false;
            }
        }
        return true;
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

    /** A field name as spelled in the file, with what the parser learns about it. */
    private static final class Name {
        final String text;
        final byte[] bytes;
        /** The entry shared by all spellings of this name (Package, package): the key for duplicates. */
        Name caseless;
        /** The name that followed this one in the last paragraph: the next prediction. */
        Name next;
        /** On the caseless entry: whether it is the table's entry for its name (else duplicates are looked for by scanning). */
        boolean registered;
        /** On the caseless entry: the paragraph in which the name was last seen, and on which line. */
        int seenIn;
        int seenAt;

        Name(String text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
        }
    }

    /** Interns field names straight from bytes, so that a known name costs no allocation. */
    private static final class NameTable {
        private static final int MAX_NAMES = 1 << 13;
        private Name[] slots = new Name[256];
        private int count;
        private final Map<String, Name> caseless = new HashMap<>();

        Name intern(byte[] b, int off, int len) {
            int h = hash(b, off, len);
            int mask = slots.length - 1;
            int slot = h & mask;
            while (true) {
                Name n = slots[slot];
                if (n == null) {
                    break;
                }
                if (sameBytes(n.bytes, b, off, len)) {
                    return n;
                }
                slot = (slot + 1) & mask;
            }
            Name n = new Name(new String(b, off, len, StandardCharsets.US_ASCII).intern(), Arrays.copyOfRange(b, off, off + len));
            Name key = caseless.get(n.text.toLowerCase(Locale.ROOT));
            if (key == null) {
                key = n;
                // A hostile file with endless distinct names must not grow the table forever; beyond the
                // bound names are still checked for duplicates, just not remembered across paragraphs.
                if (caseless.size() < MAX_NAMES) {
                    caseless.put(n.text.toLowerCase(Locale.ROOT), n);
                    n.registered = true;
                }
            }
            n.caseless = key;
            if (count < MAX_NAMES) {
                if ((count + 1) * 2 > slots.length) {
                    rehash();
                }
                insert(n);
                count++;
            }
            return n;
        }

        private void insert(Name n) {
            int mask = slots.length - 1;
            int slot = hash(n.bytes, 0, n.bytes.length) & mask;
            while (slots[slot] != null) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = n;
        }

        private void rehash() {
            Name[] old = slots;
            slots = new Name[old.length * 2];
            for (Name n : old) {
                if (n != null) {
                    insert(n);
                }
            }
        }

        private static int hash(byte[] b, int off, int len) {
            int h = 0;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[off + i];
            }
            return h ^ (h >>> 16);
        }
    }
}
