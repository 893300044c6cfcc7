package io.jenkins.plugins.debianbuildd.formats;

import java.util.regex.Pattern;

/**
 * The naming rules of Debian Policy that guard every place where package data becomes a file name, a
 * database key or a command argument.
 */
public final class Names {
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+.~_=-]*");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]*");

    private Names() {
    }

    /** Policy 5.6.1: lower case letters, digits, {@code + - .}; at least two characters; starts alphanumeric. */
    public static boolean isPackageName(String name) {
        return name != null && PACKAGE.matcher(name).matches();
    }

    public static String checkPackageName(String name) {
        if (!isPackageName(name)) {
            throw new IllegalArgumentException("invalid package name '" + name
                    + "' (Policy 5.6.1: lower case letters, digits, '+', '-', '.'; at least two characters, starting with a letter or digit)");
        }
        return name;
    }

    /**
     * A plain file name as it may appear in a Files field: no directory part, no {@code ..}, no leading
     * {@code -} or {@code .}, only the characters package names, versions and {@code _} use.
     */
    public static boolean isPlainFileName(String name) {
        // The first character must be alphanumeric and '/' is not allowed, so "." and ".." cannot occur;
        // ".." inside a name is legitimate (golang-github-cue-lang-cue_0.12.0..orig.tar.gz is in trixie).
        return name != null && name.length() <= 255 && FILE.matcher(name).matches();
    }

    public static String checkPlainFileName(String name) {
        if (!isPlainFileName(name)) {
            throw new IllegalArgumentException("unsafe file name '" + name
                    + "' (must be a plain name: no '/', not '.' or '..', no leading '-' or '.', only letters, digits and + . ~ _ - =)");
        }
        return name;
    }

    public static boolean isArchitectureName(String name) {
        return name != null && ARCH.matcher(name).matches();
    }

    public static String checkArchitectureName(String name) {
        if (!isArchitectureName(name)) {
            throw new IllegalArgumentException("invalid architecture name '" + name + "'");
        }
        return name;
    }

    /** A suite or codename ({@code unstable}, {@code bookworm-backports}, {@code trixie}). */
    public static boolean isSuiteName(String name) {
        return name != null && name.length() <= 100 && SUITE.matcher(name).matches();
    }

    public static String checkSuiteName(String name) {
        if (!isSuiteName(name)) {
            throw new IllegalArgumentException("invalid suite name '" + name + "'");
        }
        return name;
    }
}
