package io.jenkins.plugins.debianbuildd.repo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository operation that did not happen, with the reason and the package it concerns. When this is
 * thrown the repository is as it was before the operation (reprepro checks everything before it
 * changes anything, and the version rule is checked before reprepro runs).
 */
public class RepreproException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Reason {
        /** Another reprepro held the repository's lock longer than the bounded wait. */
        LOCKED,
        /** The distribution is not in conf/distributions. */
        UNKNOWN_DISTRIBUTION,
        /** The .changes names another distribution than the one it is included into. */
        WRONG_DISTRIBUTION,
        /** A file of the same name is in the pool with other content (typically a rebuilt .orig.tar). */
        ALREADY_REGISTERED,
        /** A file the .changes or .dsc lists is not there. */
        MISSING_FILE,
        /** A file's content does not match the checksums its .changes or .dsc lists. */
        CHECKSUM_MISMATCH,
        /** The distribution already holds this version or a newer one (of another content). */
        VERSION_NOT_NEWER,
        /** A package's architecture is not one of the distribution's. */
        WRONG_ARCHITECTURE,
        /** The package to copy or remove is not in the distribution. */
        NOT_FOUND,
        /** {@code check}/{@code checkpool} found a problem. */
        CHECK_FAILED,
        /** Anything else reprepro refused; the message holds its words. */
        FAILED
    }

    private static final Pattern LOCK = Pattern.compile("The lock file '([^']*)' already exists");
    private static final Pattern UNKNOWN_DIST = Pattern.compile("Cannot find definition of distribution '([^']*)'");
    private static final String WRONG_DIST = ".changes put in a distribution not listed within it";
    private static final Pattern REGISTERED = Pattern.compile("File \"([^\"]*)\" is already registered with different checksums");
    private static final Pattern MISSING = Pattern.compile("Cannot find file '([^']*)' needed by '([^']*)'");
    private static final Pattern CONTENT = Pattern.compile("Unexpected content of file '([^']*)'");
    private static final Pattern SKIPPING = Pattern.compile("Skipping inclusion of '([^']*)' '([^']*)' in '([^']*)', as it has already '([^']*)'");
    private static final Pattern WRONG_ARCH = Pattern.compile("'([^']*)' has the wrong architecture to add it to (\\S+)");

    private final Reason reason;
    private final String packageName;
    private final String output;

    public RepreproException(Reason reason, String packageName, String message, String output) {
        super(message);
        this.reason = reason;
        this.packageName = packageName;
        this.output = output == null ? "" : output;
    }

    public Reason reason() {
        return reason;
    }

    /** The package (source or binary) concerned, or null when the error is about the repository. */
    public String packageName() {
        return packageName;
    }

    /** What reprepro printed, for logs. */
    public String output() {
        return output;
    }

    /**
     * Turns reprepro's output of a failed (or partly skipped) run into an exception.
     *
     * @param what the operation, for the message ({@code include sid hello_1.0-1_amd64.changes})
     * @param packageName the package the caller was handling, or null
     */
    static RepreproException from(String what, String packageName, String output) {
        String pkg = packageName == null ? "" : packageName + ": ";
        Matcher m;
        if ((m = LOCK.matcher(output)).find()) {
            return new RepreproException(Reason.LOCKED, packageName, pkg + what + ": the repository is locked ("
                    + m.group(1) + " exists: another reprepro is running, or one was killed and left it)", output);
        }
        if ((m = UNKNOWN_DIST.matcher(output)).find()) {
            return new RepreproException(Reason.UNKNOWN_DISTRIBUTION, packageName, pkg + what
                    + ": unknown distribution '" + m.group(1) + "'", output);
        }
        if (output.contains(WRONG_DIST)) {
            return new RepreproException(Reason.WRONG_DISTRIBUTION, packageName, pkg + what
                    + ": the .changes names another distribution in its Distribution field", output);
        }
        if ((m = REGISTERED.matcher(output)).find()) {
            return new RepreproException(Reason.ALREADY_REGISTERED, packageName, pkg + what + ": " + m.group(1)
                    + " is already in the pool with different content (rebuilt tarball? upload a new upstream version"
                    + " or the identical file)", output);
        }
        if ((m = MISSING.matcher(output)).find()) {
            return new RepreproException(Reason.MISSING_FILE, packageName, pkg + what + ": missing file " + m.group(1)
                    + " listed in " + m.group(2), output);
        }
        if ((m = CONTENT.matcher(output)).find()) {
            return new RepreproException(Reason.CHECKSUM_MISMATCH, packageName, pkg + what + ": " + m.group(1)
                    + " does not match the size or checksums listed for it", output);
        }
        if ((m = WRONG_ARCH.matcher(output)).find()) {
            return new RepreproException(Reason.WRONG_ARCHITECTURE, packageName, pkg + what + ": " + m.group(1)
                    + " has an architecture that " + m.group(2) + " does not have", output);
        }
        if ((m = SKIPPING.matcher(output)).find()) {
            return new RepreproException(Reason.VERSION_NOT_NEWER, m.group(1), m.group(1) + ": " + what + ": version "
                    + m.group(2) + " is not newer than " + m.group(4) + " in " + m.group(3), output);
        }
        return new RepreproException(Reason.FAILED, packageName, pkg + what + " failed: " + lastLines(output), output);
    }

    private static String lastLines(String output) {
        String t = output.strip();
        return t.length() > 1500 ? "..." + t.substring(t.length() - 1500) : t;
    }
}
