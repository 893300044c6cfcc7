package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds real upload fixtures with dpkg's own tools: a tiny 3.0 (quilt) source package written here,
 * {@code dpkg-source -b}, binary packages with {@code dpkg-deb --build}, the .changes with
 * {@code dpkg-genchanges}, and signatures (.dsc first, then the .changes, as debsign does) with gpg.
 */
public final class PackageFixture {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** What dpkg-genchanges produced: the .changes, the .dsc (or null) and every file the .changes lists. */
    public record Built(Path changes, Path dsc, List<Path> files) {
        /** The .changes and its files, as dput uploads them. */
        public List<Path> all() {
            List<Path> all = new ArrayList<>(files);
            all.add(changes);
            return all;
        }

        public Path file(String suffix) {
            return files.stream().filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no file ending with " + suffix + " in " + files));
        }
    }

    private final Path dir;
    private final String source;
    private final String version;
    private String architecture = "any";
    private String distribution = "unstable";
    private String origContent = "upstream\n";
    private String section = "devel";
    private boolean withSource = true;
    private boolean withOrig = true;
    private final List<String[]> binaries = new ArrayList<>();
    private GnupgHome signer;
    private String signKey;
    private boolean signDsc = true;

    private PackageFixture(Path dir, String source, String version) {
        this.dir = dir;
        this.source = source;
        this.version = version;
    }

    /** A source package {@code source} at {@code version} (with a Debian revision), built under {@code dir}. */
    public static PackageFixture of(Path dir, String source, String version) {
        return new PackageFixture(dir, source, version);
    }

    /** The .dsc's Architecture field ({@code any}, {@code all}, {@code amd64 arm64}, {@code any all}). */
    public PackageFixture architecture(String field) {
        this.architecture = field;
        return this;
    }

    public PackageFixture distribution(String d) {
        this.distribution = d;
        return this;
    }

    public PackageFixture section(String s) {
        this.section = s;
        return this;
    }

    /** The content of the upstream tarball's README: a different one makes a different .orig.tar.gz. */
    public PackageFixture orig(String content) {
        this.origContent = content;
        return this;
    }

    /** Adds a binary package to build and upload ({@code arch} {@code all} or a real architecture). */
    public PackageFixture binary(String name, String arch) {
        binaries.add(new String[] {name, arch});
        return this;
    }

    /** A binary-only upload (a build result): no source in the .changes. */
    public PackageFixture binaryOnly() {
        this.withSource = false;
        return this;
    }

    /** Leaves the .orig.tar.gz out of the upload ({@code -sd}, for a second Debian revision). */
    public PackageFixture withoutOrig() {
        this.withOrig = false;
        return this;
    }

    public PackageFixture signedBy(GnupgHome home, String key) {
        this.signer = home;
        this.signKey = key;
        return this;
    }

    /** Signs only the .changes and leaves the .dsc unsigned. */
    public PackageFixture unsignedDsc() {
        this.signDsc = false;
        return this;
    }

    private String upstream() {
        String v = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
        return v.substring(0, v.lastIndexOf('-'));
    }

    private String noEpoch() {
        return version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
    }

    public Built build() throws IOException {
        Path out = dir.resolve(source + "_" + noEpoch() + "_" + (withSource ? "src" : "bin") + binaries.size()
                + "_" + System.nanoTime());
        Path tree = out.resolve(source + "-" + upstream());
        Files.createDirectories(tree.resolve("debian/source"));
        Path orig = out.resolve("orig").resolve(source + "-" + upstream());
        Files.createDirectories(orig);
        Files.writeString(orig.resolve("README"), origContent);
        Files.writeString(tree.resolve("README"), origContent);
        String origName = source + "_" + upstream() + ".orig.tar.gz";
        run(Command.of("tar", "--sort=name", "--mtime=2024-01-01 00:00Z", "--owner=0", "--group=0", "--numeric-owner",
                "-C", out.resolve("orig").toString(), "-czf", out.resolve(origName).toString(), source + "-" + upstream()));
        StringBuilder control = new StringBuilder("Source: " + source + "\nSection: " + section + "\nPriority: optional\n"
                + "Maintainer: Test Maintainer <maint@example.org>\nStandards-Version: 4.6.2\n");
        if (binaries.isEmpty()) {
            // One stanza per kind: dpkg does not allow 'all' next to other architectures in one stanza.
            List<String> tokens = List.of(architecture.trim().split("\\s+"));
            List<String> dependent = tokens.stream().filter(t -> !t.equals("all")).toList();
            if (!dependent.isEmpty()) {
                control.append("\nPackage: ").append(source).append("\nArchitecture: ").append(String.join(" ", dependent))
                        .append("\nDescription: test package\n test package\n");
            }
            if (tokens.contains("all")) {
                control.append("\nPackage: ").append(source).append("-data\nArchitecture: all")
                        .append("\nDescription: test package data\n test package data\n");
            }
        }
        for (String[] b : binaries) {
            control.append("\nPackage: ").append(b[0]).append("\nArchitecture: ").append(b[1].equals("all") ? "all" : "any")
                    .append("\nDescription: test package ").append(b[0]).append("\n test package\n");
        }
        Files.writeString(tree.resolve("debian/control"), control.toString());
        Files.writeString(tree.resolve("debian/changelog"), source + " (" + version + ") " + distribution
                + "; urgency=medium\n\n  * Test upload.\n\n -- Test Maintainer <maint@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n");
        Files.writeString(tree.resolve("debian/source/format"), "3.0 (quilt)\n");
        Files.writeString(tree.resolve("debian/rules"), "#!/usr/bin/make -f\n%:\n\tdh $@\n");
        if (!binaries.isEmpty() && !architecture.equals("any")) {
            throw new IllegalStateException("with binaries, the Architecture field comes from them");
        }
        Path dsc = null;
        if (withSource) {
            run(Command.of("dpkg-source", "-b", tree.getFileName().toString()).in(out));
            dsc = out.resolve(source + "_" + noEpoch() + ".dsc");
            if (signer != null && signDsc) {
                sign(dsc);
            }
        }
        for (String[] b : binaries) {
            Path root = out.resolve("deb-" + b[0] + "-" + b[1]);
            Files.createDirectories(root.resolve("DEBIAN"));
            Files.createDirectories(root.resolve("usr/share/doc/" + b[0]));
            Files.writeString(root.resolve("usr/share/doc/" + b[0] + "/README"), origContent);
            Files.writeString(root.resolve("DEBIAN/control"), "Package: " + b[0] + "\nSource: " + source + "\nVersion: "
                    + version + "\nArchitecture: " + b[1] + "\nMaintainer: Test Maintainer <maint@example.org>\nSection: "
                    + section + "\nPriority: optional\nDescription: test package " + b[0] + "\n test package\n");
            String debName = b[0] + "_" + noEpoch() + "_" + b[1] + ".deb";
            run(Command.of("dpkg-deb", "--root-owner-group", "--build", root.toString(), out.resolve(debName).toString()));
            run(Command.of("dpkg-distaddfile", "-fdebian/files", debName, section, "optional").in(tree));
        }
        List<String> gen = new ArrayList<>(List.of("dpkg-genchanges"));
        boolean hasAll = binaries.stream().anyMatch(b -> b[1].equals("all"));
        boolean hasAny = binaries.stream().anyMatch(b -> !b[1].equals("all"));
        if (withSource && binaries.isEmpty()) {
            gen.add("--build=source");
        } else if (!withSource) {
            gen.add(hasAll && hasAny ? "--build=binary" : hasAll ? "--build=all" : "--build=any");
        } else {
            gen.add("--build=source," + (hasAll && hasAny ? "any,all" : hasAll ? "all" : "any"));
        }
        if (withSource) {
            gen.add(withOrig ? "-sa" : "-sd");
        }
        String arch = binaries.stream().filter(b -> !b[1].equals("all")).map(b -> b[1]).findFirst().orElse("amd64");
        var r = LocalExec.run(Command.of(gen).in(tree).withEnv("DEB_HOST_ARCH", arch), TIMEOUT).orThrow();
        String changesName = source + "_" + noEpoch() + "_" + (withSource && binaries.isEmpty() ? "source"
                : binaries.isEmpty() ? arch : hasAny ? arch : "all") + ".changes";
        Path changes = out.resolve(changesName);
        Files.writeString(changes, r.stdout());
        if (signer != null) {
            sign(changes);
        }
        List<Path> files = new ArrayList<>();
        boolean inFiles = false;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("Files:")) {
                inFiles = true;
            } else if (inFiles && line.startsWith(" ")) {
                String[] f = line.trim().split("\\s+");
                files.add(out.resolve(f[f.length - 1]));
            } else {
                inFiles = false;
            }
        }
        return new Built(changes, dsc, List.copyOf(files));
    }

    private void sign(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".signed");
        signer.clearSign(signKey, file, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(Command c) {
        LocalExec.run(c, TIMEOUT).orThrow();
    }

    /** Copies an upload's files into a directory, as dput does (the .changes last). */
    public static void upload(Built built, Path target) throws IOException {
        Files.createDirectories(target);
        for (Path f : built.files()) {
            Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(built.changes(), target.resolve(built.changes().getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
