package io.jenkins.plugins.debianbuildd.formats;

/**
 * Input that does not follow a Debian format. The message names the file (or other source) and the
 * line, as {@code Sources:1234: duplicate field 'Version'}, so a user can open the file at that line.
 */
public class FormatException extends RuntimeException {
    private final String source;
    private final int line;
    private final String reason;

    public FormatException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    public FormatException(String source, int line, String reason, Throwable cause) {
        super(location(source, line) + reason, cause);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    private static String location(String source, int line) {
        if (source == null) {
            return line > 0 ? "line " + line + ": " : "";
        }
        return line > 0 ? source + ":" + line + ": " : source + ": ";
    }

    /** The file or stream name, or null when unknown. */
    public String source() {
        return source;
    }

    /** The 1-based line, or 0 when the error is not tied to one line. */
    public int line() {
        return line;
    }

    /** The message without the location. */
    public String reason() {
        return reason;
    }
}
