package io.jenkins.plugins.debianbuildd.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Entry points for reading deb822 files, compressed or not, and for the rules on names and values. */
public final class Deb822 {
    private Deb822() {
    }

    /**
     * Opens a (possibly compressed) deb822 file for streaming. The caller closes the parser.
     * Compression is recognised from the content.
     */
    public static Deb822Parser open(Path file) throws IOException {
        return new Deb822Parser(Compression.open(file), file.toString());
    }

    /** Reads every paragraph of a (possibly compressed) file, calling {@code sink} for each. */
    public static long forEach(Path file, Consumer<Paragraph> sink) throws IOException {
        long n = 0;
        try (Deb822Parser p = open(file)) {
            Paragraph para;
            while ((para = p.read()) != null) {
                sink.accept(para);
                n++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return n;
    }

    /** Every paragraph of a small text (control file, .dsc, .changes contents). */
    public static List<Paragraph> parse(String text, String source) {
        List<Paragraph> out = new ArrayList<>();
        Deb822Parser p = Deb822Parser.of(text, source);
        Paragraph para;
        while ((para = p.read()) != null) {
            out.add(para);
        }
        return out;
    }

    /** The single paragraph of a text that must have exactly one (.dsc, .changes, Release). */
    public static Paragraph parseSingle(String text, String source) {
        List<Paragraph> all = parse(text, source);
        if (all.isEmpty()) {
            throw new FormatException(source, 0, "no paragraph found (empty file?)");
        }
        if (all.size() > 1) {
            throw new FormatException(source, all.get(1).startLine(), "expected one paragraph, found a second one");
        }
        return all.get(0);
    }

    /** Policy 5.1: US-ASCII without controls, space and colon; not starting with '#' or '-'. */
    public static void checkFieldName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty field name");
        }
        char c0 = name.charAt(0);
        if (c0 == '#' || c0 == '-') {
            throw new IllegalArgumentException("field name must not start with '" + c0 + "': " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("invalid character in field name '" + name + "'");
            }
        }
    }

    /**
     * A value must read back as written: no leading/trailing whitespace on its first line, and every
     * further line a non-blank continuation line (starting with a space or tab).
     */
    public static void checkFieldValue(String name, String value) {
        String[] lines = value.split("\n", -1);
        if (!lines[0].equals(lines[0].strip())) {
            throw new IllegalArgumentException("field '" + name + "': first line has surrounding whitespace");
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || (line.charAt(0) != ' ' && line.charAt(0) != '\t') || line.isBlank()) {
                throw new IllegalArgumentException("field '" + name + "': line " + (i + 1)
                        + " is not a continuation line (must start with a space and not be blank; use ' .' for an empty line)");
            }
            if (!line.equals(line.stripTrailing())) {
                throw new IllegalArgumentException("field '" + name + "': line " + (i + 1) + " has trailing whitespace");
            }
        }
    }
}
