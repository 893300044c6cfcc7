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
    private final String upstream;
    private final String revision;
    private final String text;

    private DebianVersion(int epoch, String upstream, String revision, String text) {
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
        this.text = text;
    }

    /** Parses a version; throws {@link InvalidVersionException} naming the rule it breaks. */
    public static DebianVersion parse(String version) {
        Objects.requireNonNull(version, "version");
        int len = version.length();
        // dpkg tolerates surrounding whitespace in control fields, but not inside the version.
        int start = 0;
        int end = len;
        while (start < end && isBlank(version.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(version.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            throw new InvalidVersionException(version, "version string is empty");
        }
        int colon = -1;
        int hyphen = -1;
        for (int i = start; i < end; i++) {
            char c = version.charAt(i);
            if (isBlank(c)) {
                throw new InvalidVersionException(version, "version string has embedded spaces");
            }
            if (c == ':' && colon < 0) {
                colon = i;
            } else if (c == '-') {
                hyphen = i;
            }
        }
        int epoch = 0;
        int upstreamStart = start;
        if (colon >= 0) {
            if (colon == start) {
                throw new InvalidVersionException(version, "epoch in version is empty");
            }
            long value = 0;
            for (int i = start; i < colon; i++) {
                char c = version.charAt(i);
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
            if (upstreamStart == end) {
                throw new InvalidVersionException(version, "nothing after colon in version number");
            }
        }
        int upstreamEnd = end;
        String revision = "";
        if (hyphen >= upstreamStart) {
            if (hyphen == end - 1) {
                throw new InvalidVersionException(version, "revision number is empty");
            }
            upstreamEnd = hyphen;
            revision = version.substring(hyphen + 1, end);
        }
        if (upstreamEnd == upstreamStart) {
            throw new InvalidVersionException(version, "version number is empty");
        }
        if (!isDigit(version.charAt(upstreamStart))) {
            throw new InvalidVersionException(version, "version number does not start with digit");
        }
        for (int i = upstreamStart; i < upstreamEnd; i++) {
            char c = version.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '+' && c != '~' && c != '-' && c != ':') {
                throw new InvalidVersionException(version, "invalid character '" + c + "' in version number");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '+' && c != '~') {
                throw new InvalidVersionException(version, "invalid character '" + c + "' in revision number");
            }
        }
        String text = start == 0 && end == len ? version : version.substring(start, end);
        return new DebianVersion(epoch, version.substring(upstreamStart, upstreamEnd), revision, text);
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
        return upstream;
    }

    /** The Debian revision, or the empty string for a native version. */
    public String revision() {
        return revision;
    }

    public boolean hasRevision() {
        return !revision.isEmpty();
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
        String tail = hasRevision() ? revision : upstream;
        int mark = tail.lastIndexOf(BIN_NMU_MARK);
        if (mark < 0 || mark + 2 == tail.length()) {
            return 0;
        }
        int n = 0;
        for (int i = mark + 2; i < tail.length(); i++) {
            char c = tail.charAt(i);
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
        return hasRevision() ? upstream + "-" + revision : upstream;
    }

    @Override
    public int compareTo(DebianVersion other) {
        if (this == other) {
            return 0;
        }
        if (epoch != other.epoch) {
            return epoch > other.epoch ? 1 : -1;
        }
        int r = compareFragment(upstream, other.upstream);
        if (r != 0) {
            return r;
        }
        return compareFragment(revision, other.revision);
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
        return 31 * (31 * epoch + canonicalHash(upstream)) + canonicalHash(revision);
    }

    /**
     * dpkg's {@code verrevcmp}: alternate non-digit and digit runs; in non-digit runs '~' sorts before
     * everything (even the end), letters before non-letters; digit runs compare numerically.
     */
    static int compareFragment(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int la = a.length();
        int lb = b.length();
        int i = 0;
        int j = 0;
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
    private static int canonicalHash(String s) {
        int h = 0;
        int i = 0;
        int n = s.length();
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
