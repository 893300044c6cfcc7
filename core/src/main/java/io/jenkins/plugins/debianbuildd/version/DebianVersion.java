package io.jenkins.plugins.debianbuildd.version;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, parsed once and compared
 * exactly as dpkg's {@code dpkg_version_compare} does.
 *
 * <p>Validity follows Policy 5.6.12 and dpkg's {@code parseversion()}: what dpkg rejects as an error
 * and what it flags as bad syntax (a character outside the allowed set, an upstream version that does
 * not start with a digit) are both rejected here, because dpkg-source refuses to build such a package.
 *
 * <p>Equality follows comparison: {@code 1.0} equals {@code 0:1.0} and {@code 1.0-0} (as for dpkg), while
 * {@link #toString()} gives back the string as written.
 */
public final class DebianVersion implements Comparable<DebianVersion> {
    private static final String BIN_NMU_MARK = "+b";

    private final int epoch;
    /** The version as written (without surrounding whitespace); upstream and revision are ranges of it. */
    private final String text;
    private final int upstreamStart;
    private final int upstreamEnd;
    /** Start of the revision, or text.length() when there is none. */
    private final int revisionStart;
    /**
     * The value of the digit run the upstream version starts with, or -1 when it does not start with a digit or
     * the run is too long for an int. verrevcmp compares that run first (the non-digit runs before it are both
     * empty), so two different leads decide a comparison without walking the strings.
     */
    private final int lead;
    /**
     * When the upstream version starts with {@code digits '.' digits}, the value of that second run, else -1:
     * with equal leads, both "." runs are equal and the second runs come next.
     */
    private final int second;

    private DebianVersion(int epoch, String text, int upstreamStart, int upstreamEnd, int revisionStart) {
        this.epoch = epoch;
        this.text = text;
        this.upstreamStart = upstreamStart;
        this.upstreamEnd = upstreamEnd;
        this.revisionStart = revisionStart;
        int end = digitRunEnd(text, upstreamStart, upstreamEnd);
        this.lead = number(text, upstreamStart, end);
        this.second = lead >= 0 && end + 1 < upstreamEnd && text.charAt(end) == '.' && isDigit(text.charAt(end + 1))
                ? number(text, end + 1, digitRunEnd(text, end + 1, upstreamEnd)) : -1;
    }

    private static int digitRunEnd(String s, int i, int n) {
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The value of the digit run s[i, end), or -1 when it is empty or does not fit in an int. */
    private static int number(String s, int i, int end) {
        if (i >= end) {
            return -1;
        }
        long v = 0;
        for (; i < end; i++) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) v;
    }

    /** Parses a version; throws {@link InvalidVersionException} naming the rule it breaks. */
    public static DebianVersion parse(String version) {
        Objects.requireNonNull(version, "version");
        int len = version.length();
        String text = version;
        // dpkg tolerates surrounding whitespace in control fields, but not inside the version.
        if (len == 0 || isBlank(version.charAt(0)) || isBlank(version.charAt(len - 1))) {
            text = version.strip();
            len = text.length();
            if (len == 0) {
                throw new InvalidVersionException(version, "version string is empty");
            }
        }
        // One pass: find the first colon and the last hyphen, and note any character that no part allows.
        int colon = -1;
        int hyphen = -1;
        boolean suspicious = false;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '+' || c == '~') {
                continue;
            }
            if (c == '-') {
                hyphen = i;
            } else if (c == ':') {
                if (colon < 0) {
                    colon = i;
                }
            } else {
                suspicious = true;
            }
        }
        if (suspicious) {
            for (int i = 0; i < len; i++) {
                if (isBlank(text.charAt(i))) {
                    throw new InvalidVersionException(version, "version string has embedded spaces");
                }
            }
        }
        int epoch = 0;
        int upstreamStart = 0;
        if (colon >= 0) {
            if (colon == 0) {
                throw new InvalidVersionException(version, "epoch in version is empty");
            }
            long value = 0;
            for (int i = 0; i < colon; i++) {
                char c = text.charAt(i);
                if (!isDigit(c)) {
                    throw new InvalidVersionException(version, "epoch in version is not number");
                }
                value = value * 10 + (c - '0');
                if (value > Integer.MAX_VALUE) {
                    throw new InvalidVersionException(version, "epoch in version is too big");
                }
            }
            epoch = (int) value;
            upstreamStart = colon + 1;
            if (upstreamStart == len) {
                throw new InvalidVersionException(version, "nothing after colon in version number");
            }
        }
        int upstreamEnd = len;
        int revisionStart = len;
        if (hyphen >= upstreamStart) {
            if (hyphen == len - 1) {
                throw new InvalidVersionException(version, "revision number is empty");
            }
            upstreamEnd = hyphen;
            revisionStart = hyphen + 1;
        }
        if (upstreamEnd == upstreamStart) {
            throw new InvalidVersionException(version, "version number is empty");
        }
        if (!isDigit(text.charAt(upstreamStart))) {
            throw new InvalidVersionException(version, "version number does not start with digit");
        }
        if (suspicious) {
            for (int i = upstreamStart; i < upstreamEnd; i++) {
                char c = text.charAt(i);
                if (!isAlnum(c) && c != '.' && c != '+' && c != '~' && c != '-' && c != ':') {
                    throw new InvalidVersionException(version, "invalid character '" + c + "' in version number");
                }
            }
        }
        for (int i = revisionStart; i < len; i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '-' || (suspicious && !isAlnum(c) && c != '.' && c != '+' && c != '~')) {
                throw new InvalidVersionException(version, "invalid character '" + c + "' in revision number");
            }
        }
        return new DebianVersion(epoch, text, upstreamStart, upstreamEnd, revisionStart);
    }

    /** Whether {@code version} parses; never throws. */
    public static boolean isValid(String version) {
        try {
            parse(version);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    /** Compares two version strings as {@code dpkg --compare-versions a lt b} would order them. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    public int epoch() {
        return epoch;
    }

    public String upstream() {
        return text.substring(upstreamStart, upstreamEnd);
    }

    /** The Debian revision, or the empty string for a native version. */
    public String revision() {
        return text.substring(revisionStart);
    }

    public boolean hasRevision() {
        return revisionStart < text.length();
    }

    /**
     * Whether this is a binNMU version ({@code 1.2-3+b1}, or {@code 1.2+b1} for a native package):
     * the buildd-made rebuild of an unchanged source.
     */
    public boolean isBinNmu() {
        return binNmuNumber() > 0;
    }

    /** The N of a trailing {@code +bN}, or 0 when there is none. */
    public int binNmuNumber() {
        int partStart = hasRevision() ? revisionStart : upstreamStart;
        int mark = text.lastIndexOf(BIN_NMU_MARK);
        if (mark < partStart || mark + 2 == text.length()) {
            return 0;
        }
        int n = 0;
        for (int i = mark + 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isDigit(c) || n > 100_000_000) {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The source version a binNMU was made from ({@code 1.2-3} for {@code 1.2-3+b1}); itself otherwise. */
    public DebianVersion withoutBinNmu() {
        if (!isBinNmu()) {
            return this;
        }
        return parse(text.substring(0, text.lastIndexOf(BIN_NMU_MARK)));
    }

    /** This version with {@code +bN} appended, as sbuild's {@code --make-binNMU} does with {@code --binNMU=N}. */
    public DebianVersion withBinNmu(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("binNMU number must be positive: " + n);
        }
        return parse(withoutBinNmu().text + BIN_NMU_MARK + n);
    }

    /** The version as written, without the optional {@code 0:} added or removed. */
    @Override
    public String toString() {
        return text;
    }

    /** The version without its epoch, as used in file names ({@code hello_2.10-3.dsc}). */
    public String withoutEpoch() {
        return text.substring(upstreamStart);
    }

    @Override
    public int compareTo(DebianVersion other) {
        // Neighbouring versions in an index are often identical (binaries of one source): the intrinsic
        // String.equals settles those before the digit-run walk.
        if (this == other || text.equals(other.text)) {
            return 0;
        }
        if (epoch != other.epoch) {
            return epoch > other.epoch ? 1 : -1;
        }
        if (lead >= 0 && other.lead >= 0) {
            if (lead != other.lead) {
                return lead > other.lead ? 1 : -1;
            }
            if (second != other.second && second >= 0 && other.second >= 0) {
                return second > other.second ? 1 : -1;
            }
        }
        String a = text;
        String b = other.text;
        int r = compareFragment(a, upstreamStart, upstreamEnd, b, other.upstreamStart, other.upstreamEnd);
        if (r != 0) {
            return r;
        }
        return compareFragment(a, revisionStart, a.length(), b, other.revisionStart, b.length());
    }

    public boolean isNewerThan(DebianVersion other) {
        return compareTo(other) > 0;
    }

    public boolean isOlderThan(DebianVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion v && compareTo(v) == 0;
    }

    /** Consistent with {@link #equals}: versions dpkg considers equal hash alike. */
    @Override
    public int hashCode() {
        return 31 * (31 * epoch + canonicalHash(text, upstreamStart, upstreamEnd)) + canonicalHash(text, revisionStart, text.length());
    }

    /**
     * dpkg's {@code verrevcmp}: alternate non-digit and digit runs; in non-digit runs '~' sorts before
     * everything (even the end), letters before non-letters; digit runs compare numerically.
     */
    static int compareFragment(String a, String b) {
        return compareFragment(a, 0, a.length(), b, 0, b.length());
    }

    private static int compareFragment(String a, int i, int la, String b, int j, int lb) {
        while (i < la || j < lb) {
            while ((i < la && !isDigit(a.charAt(i))) || (j < lb && !isDigit(b.charAt(j)))) {
                int ac = i < la ? order(a.charAt(i)) : 0;
                int bc = j < lb ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < la && a.charAt(i) == '0') {
                i++;
            }
            while (j < lb && b.charAt(j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (i < la && j < lb && isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < la && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < lb && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int order(char c) {
        if (isDigit(c)) {
            return 0;
        }
        if (isAlpha(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    /**
     * A hash that ignores what verrevcmp ignores: leading zeros of a digit run, so that a run worth zero
     * adds nothing, exactly as an absent run ({@code 1.} equals {@code 1.0}, {@code a0} equals {@code a}).
     */
    private static int canonicalHash(String s, int i, int n) {
        int h = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                while (i < n && s.charAt(i) == '0') {
                    i++;
                }
                while (i < n && isDigit(s.charAt(i))) {
                    h = 31 * h + s.charAt(i);
                    i++;
                }
            } else {
                h = 31 * h + c;
                i++;
            }
        }
        return h;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isAlpha(c);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
