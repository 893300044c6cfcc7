package io.jenkins.plugins.debianbuildd.wannabuild;

/**
 * Normalisation of the texts the store keeps, so that every stored value survives the deb822 dump
 * unchanged: line ends become {@code \n}, trailing whitespace of lines and blank lines at the ends go
 * (as a deb822 reader would drop them), single-line values must not hold line breaks.
 */
final class Texts {
    private Texts() {
    }

    /** The longest message the store takes (a failure reason, a BD problem); the database column holds 1,000,000. */
    static final int MAX_MESSAGE = 100_000;
    /** Old-Failed keeps at most this much, dropping the oldest failures. */
    static final int MAX_OLD_FAILED = 500_000;

    /** A message (failure reason, BD problem): normalised, null when nothing is left. */
    static String multiline(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("message too long (" + s.length() + " characters, at most "
                    + MAX_MESSAGE + "): give the reason, not the whole build log");
        }
        String[] lines = sanitize(s).replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder sb = new StringBuilder(s.length());
        int first = 0;
        int last = lines.length - 1;
        while (first <= last && lines[first].isBlank()) {
            first++;
        }
        while (last >= first && lines[last].isBlank()) {
            last--;
        }
        for (int i = first; i <= last; i++) {
            if (i > first) {
                sb.append('\n');
            }
            sb.append(lines[i].stripTrailing());
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * Characters no database text column and no UTF-8 dump can hold become U+FFFD: NUL (PostgreSQL refuses
     * it) and halves of surrogate pairs. Other control characters (the ESC of coloured build logs) stay.
     */
    static String sanitize(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c == 0;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                bad = true;
            } else if (Character.isLowSurrogate(c)) {
                bad = true;
            }
            if (bad && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(bad ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** A one-line value (changelog line, section, notes): stripped, null when empty, no line breaks. */
    static String singleLine(String what, String s) {
        if (s == null) {
            return null;
        }
        String v = s.strip();
        if (v.isEmpty()) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || c == '\r' || (Character.isISOControl(c) && c != '\t')) {
                throw new IllegalArgumentException(what + " must be one line without control characters: '" + s + "'");
            }
        }
        return v;
    }

    /** A user or builder name: one word, printable. */
    static String userName(String s) {
        if (s == null || s.isEmpty() || s.length() > 200) {
            throw new IllegalArgumentException("a user name is required (1 to 200 characters)");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("invalid user name '" + s + "': no spaces or control characters");
            }
        }
        return s;
    }

    /** A token such as a section or priority: no whitespace at all. */
    static String token(String what, String s) {
        String v = singleLine(what, s);
        if (v != null && v.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " must be a single word: '" + s + "'");
        }
        return v;
    }
}
