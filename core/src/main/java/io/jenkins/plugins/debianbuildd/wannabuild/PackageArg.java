package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.util.regex.Pattern;

/**
 * A package named on wanna-build's command line: {@code hello}, {@code hello_1.0-1}, {@code hello_1.0-1.dsc},
 * {@code ../pool/hello_1.0-1_amd64.changes}, {@code hello_1.0-1+b2_amd64.deb}. The directory part and the
 * file extension are ignored, as wanna-build's {@code add_packages} does, so file-name completion can be
 * used; the name and version must then be valid.
 *
 * @param name    the source package name
 * @param version the version, or null when only a name was given
 */
public record PackageArg(String name, DebianVersion version) {
    // Longest first: ".debian.tar.xz" before ".tar.xz".
    private static final Pattern EXTENSION = Pattern.compile(
            "(\\.(dsc|changes|buildinfo|build|deb|udeb|ddeb|diff\\.gz|debian\\.tar\\.(gz|xz|bz2|lzma|zst)"
            + "|orig(-[A-Za-z0-9-]+)?\\.tar\\.(gz|xz|bz2|lzma|zst)(\\.asc)?|tar\\.(gz|xz|bz2|lzma|zst)))$");
    private static final Pattern ARCH_SUFFIX = Pattern.compile("_[a-z0-9][a-z0-9-]*$");

    public PackageArg {
        Names.checkPackageName(name);
    }

    /** Parses one argument; {@link IllegalArgumentException} says what cannot be read. */
    public static PackageArg parse(String argument) {
        if (argument == null || argument.isBlank()) {
            throw new IllegalArgumentException("empty package argument");
        }
        String s = argument.strip();
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        var ext = EXTENSION.matcher(s);
        boolean hadExtension = ext.find();
        if (hadExtension) {
            String e = ext.group(1);
            s = s.substring(0, ext.start());
            // Binary packages, .changes, .buildinfo and build logs carry an architecture after the version.
            if (!e.equals(".dsc") && !e.startsWith(".diff") && !e.contains(".tar.")) {
                s = ARCH_SUFFIX.matcher(s).replaceFirst("");
            }
        }
        int underscore = s.indexOf('_');
        if (underscore < 0) {
            if (!Names.isPackageName(s)) {
                throw new IllegalArgumentException(argument + ": can't extract package name and version (bad format)");
            }
            return new PackageArg(s, null);
        }
        String name = s.substring(0, underscore);
        String version = s.substring(underscore + 1);
        if (!hadExtension && version.indexOf('_') >= 0) {
            // hello_1.0-1_amd64 without an extension: the tail is an architecture, as in a .changes name.
            version = version.substring(0, version.indexOf('_'));
        }
        if (!Names.isPackageName(name) || version.isEmpty()) {
            throw new IllegalArgumentException(argument + ": can't extract package name and version (bad format)");
        }
        try {
            return new PackageArg(name, DebianVersion.parse(version));
        } catch (InvalidVersionException e) {
            // The exception says "invalid version '...': why" itself.
            throw new IllegalArgumentException(argument + ": " + e.getMessage(), e);
        }
    }

    /** The source version asked for, without a binNMU suffix; null when none was given. */
    public DebianVersion sourceVersion() {
        return version == null ? null : version.withoutBinNmu();
    }

    @Override
    public String toString() {
        return version == null ? name : name + "_" + version;
    }
}
