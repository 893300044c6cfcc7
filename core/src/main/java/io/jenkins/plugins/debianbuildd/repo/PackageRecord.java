package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;

/**
 * One entry of a repository's indices, as {@code reprepro list} reports it.
 *
 * @param codename the distribution
 * @param component the component ({@code main})
 * @param architecture {@code source} for a source package, otherwise the binary architecture of the index
 *                     the entry is in (an arch:all package appears once per architecture)
 * @param type {@code dsc}, {@code deb} or {@code udeb}
 * @param name the package name
 * @param version the package's version
 * @param source the source package it belongs to
 * @param sourceVersion the version of that source (differs from {@code version} for binNMUs)
 * @param fileKey the .dsc or .deb, relative to the repository's base directory ({@code pool/main/h/hello/hello_1.0-1.dsc})
 */
public record PackageRecord(String codename, String component, String architecture, String type, String name,
                            DebianVersion version, String source, DebianVersion sourceVersion, String fileKey) {

    /** The format given to {@code reprepro --list-format}: tab-separated, in the order of the fields. */
    static final String LIST_FORMAT = "${$codename}\\t${$component}\\t${$architecture}\\t${$type}\\t${package}"
            + "\\t${version}\\t${$source}\\t${$sourceversion}\\t${$filekey}\\n";

    static PackageRecord parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("unexpected reprepro list line '" + line + "'");
        }
        return new PackageRecord(f[0], f[1], f[2], f[3], f[4], DebianVersion.parse(f[5]), f[6], DebianVersion.parse(f[7]), f[8]);
    }

    public boolean isSource() {
        return type.equals("dsc");
    }

    /** The .dsc or .deb file name. */
    public String fileName() {
        int slash = fileKey.lastIndexOf('/');
        return slash < 0 ? fileKey : fileKey.substring(slash + 1);
    }

    /** {@code codename|component|architecture}, reprepro's name for one index. */
    public String target() {
        return codename + "|" + component + "|" + architecture;
    }
}
