package io.jenkins.plugins.debianbuildd.log;

/**
 * One classified log line.
 *
 * @param line 1-based line number in the log
 * @param kind what it says
 * @param text the line, without its line end and terminal colour codes
 * @param section the title of the section it is in (null before the first)
 * @param file the source file it names (compiler messages), or null
 * @param fileLine the line in that file, or 0
 */
public record Finding(long line, FindingKind kind, String text, String section, String file, int fileLine) {
    public Severity severity() {
        return kind.severity();
    }

    @Override
    public String toString() {
        return line + ": [" + kind + "] " + text;
    }
}
