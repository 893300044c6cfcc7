package io.jenkins.plugins.debianbuildd.cli;

import io.jenkins.plugins.debianbuildd.archive.ArchiveMirror;
import io.jenkins.plugins.debianbuildd.archive.BinaryPackage;
import io.jenkins.plugins.debianbuildd.archive.Release;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822Parser;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Fetches a suite's indexes the way apt does (signature, checksums) and summarises them. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Fetch and verify a suite's Sources and Packages from a mirror (InRelease signature, sizes, SHA-256) and summarise them.")
public final class IndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mirror", defaultValue = "http://deb.debian.org/debian", description = "Mirror root (http, https or file URL). Default: ${DEFAULT-VALUE}")
    URI mirror;

    @Option(names = "--suite", defaultValue = "trixie", description = "Suite or codename. Default: ${DEFAULT-VALUE}")
    String suite;

    @Option(names = "--component", defaultValue = "main", description = "Component. Default: ${DEFAULT-VALUE}")
    String component;

    @Option(names = {"--arch", "-A"}, split = ",", defaultValue = "amd64", description = "Architectures. Default: ${DEFAULT-VALUE}")
    List<String> architectures;

    @Option(names = "--keyring", defaultValue = "/usr/share/keyrings/debian-archive-keyring.gpg",
            description = "Keyring to verify InRelease with. Default: ${DEFAULT-VALUE}")
    Path keyring;

    @Option(names = "--no-verify", description = "Read an unsigned repository without signature verification.")
    boolean noVerify;

    @Option(names = "--cache", description = "Download cache. Default: ~/.cache/debian-buildd/mirror")
    Path cache;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "debian-buildd", "mirror");
        Files.createDirectories(cacheDir);
        ArchiveMirror m = new ArchiveMirror(mirror, noVerify ? null : keyring, cacheDir);
        long t0 = System.nanoTime();
        Release r = m.release(suite);
        out.printf("%s %s (%s): Release %s, signature %s%n", mirror, suite, r.codename(),
                r.date() == null ? "undated" : r.date(), noVerify ? "NOT verified" : "verified against " + keyring);
        long sources = 0;
        try (Deb822Parser p = m.parseIndex(suite, r, component + "/source/Sources")) {
            Paragraph para;
            while ((para = p.read()) != null) {
                SourcePackage.of(para);
                sources++;
            }
        }
        out.printf("  %s/source/Sources: %,d source packages, checksums verified%n", component, sources);
        for (String arch : architectures) {
            long binaries = 0;
            long binNmus = 0;
            try (Deb822Parser p = m.parseIndex(suite, r, component + "/binary-" + arch + "/Packages")) {
                Paragraph para;
                while ((para = p.read()) != null) {
                    BinaryPackage b = BinaryPackage.of(para);
                    binaries++;
                    if (b.version().isBinNmu()) {
                        binNmus++;
                    }
                }
            }
            out.printf("  %s/binary-%s/Packages: %,d binary packages (%,d binNMUs), checksums verified%n", component, arch,
                    binaries, binNmus);
        }
        out.printf("done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return 0;
    }
}
