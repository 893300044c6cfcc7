package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * wanna-build's failure categories, in the order {@code --list=failed} sorts them (letter {@code f}), with
 * the one-letter abbreviations buildd mail replies use ({@code [e]} for easy).
 */
public enum FailedCategory {
    NONE("none", ""),
    UPLOADED_FIXED_PKG("uploaded-fixed-pkg", "u"),
    FIX_EXPECTED("fix-expected", "f"),
    REMINDER_SENT("reminder-sent", "r"),
    NMU_OFFERED("nmu-offered", "n"),
    EASY("easy", "e"),
    MEDIUM("medium", "m"),
    HARD("hard", "h"),
    COMPILER_ERROR("compiler-error", "c");

    private static final Pattern PREFIX = Pattern.compile("^\\[([^\\]]*)\\][ \\t]*\\n*");

    private final String debianName;
    private final String abbreviation;

    FailedCategory(String debianName, String abbreviation) {
        this.debianName = debianName;
        this.abbreviation = abbreviation;
    }

    public String debianName() {
        return debianName;
    }

    /** The one-letter form; empty for {@link #NONE}. */
    public String abbreviation() {
        return abbreviation;
    }

    /** Reads a full name ({@code compiler-error}) or an abbreviation ({@code c}), ignoring case. */
    public static FailedCategory parse(String name) {
        if (name != null) {
            String key = name.strip().toLowerCase(Locale.ROOT);
            for (FailedCategory c : values()) {
                if (c.debianName.equals(key) || c.abbreviation.equals(key)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown failure category '" + name + "' (one of "
                + Stream.of(values()).map(c -> c == NONE ? c.debianName : c.debianName + " (" + c.abbreviation + ")")
                        .collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A failure message with its optional leading {@code [category]} split off, as wanna-build's
     * {@code add_one_failed} does: {@code "[e] missing include"} gives {@link #EASY} and
     * {@code "missing include"}. An unknown category is an error rather than silently dropped.
     */
    public static Categorized split(String message) {
        if (message == null) {
            return new Categorized(null, "");
        }
        Matcher m = PREFIX.matcher(message);
        if (!m.find()) {
            return new Categorized(null, message);
        }
        return new Categorized(parse(m.group(1)), message.substring(m.end()));
    }

    /** A message and the category found in its prefix (null when it had none). */
    public record Categorized(FailedCategory category, String message) {
    }

    @Override
    public String toString() {
        return debianName;
    }
}
