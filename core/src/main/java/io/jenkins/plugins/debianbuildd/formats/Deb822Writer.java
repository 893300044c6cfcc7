package io.jenkins.plugins.debianbuildd.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Writes paragraphs back in deb822 syntax; what {@link Deb822Parser} reads, this writes unchanged. */
public final class Deb822Writer implements AutoCloseable {
    private final Writer out;
    private boolean first = true;

    public Deb822Writer(Writer out) {
        this.out = out;
    }

    /** Writes one paragraph, separated from the previous one by an empty line. */
    public void write(Paragraph p) throws IOException {
        if (!first) {
            out.write('\n');
        }
        first = false;
        StringBuilder sb = new StringBuilder(256);
        append(p, sb);
        out.write(sb.toString());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    public void flush() throws IOException {
        out.flush();
    }

    static void append(Paragraph p, StringBuilder sb) {
        for (int i = 0; i < p.size(); i++) {
            String value = p.value(i);
            sb.append(p.name(i)).append(':');
            if (!value.isEmpty() && value.charAt(0) != '\n') {
                sb.append(' ');
            }
            sb.append(value).append('\n');
        }
    }

    /** Paragraphs as deb822 text, separated by empty lines. */
    public static String toString(Iterable<Paragraph> paragraphs) {
        java.io.StringWriter sw = new java.io.StringWriter();
        try (Deb822Writer w = new Deb822Writer(sw)) {
            for (Paragraph p : paragraphs) {
                w.write(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }
}
