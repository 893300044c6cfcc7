package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The source package to build: a .dsc on this host, or a name and version the chroot's apt can fetch. */
public sealed interface SourceRef permits SourceRef.Dsc, SourceRef.Archive {
    /** The source package name. */
    String source();

    DebianVersion version();

    /** A .dsc file (with its other files next to it), read for its name and version. */
    record Dsc(Path path, String source, DebianVersion version) implements SourceRef {
        public Dsc {
            Objects.requireNonNull(path, "path");
            Names.checkPackageName(source);
            Objects.requireNonNull(version, "version");
            if (!path.getFileName().toString().endsWith(".dsc")) {
                throw new IllegalArgumentException("not a .dsc file: " + path);
            }
        }
    }

    /** {@code source_version}, downloaded inside the chroot ({@code apt-get source}); sbuild only. */
    record Archive(String source, DebianVersion version) implements SourceRef {
        public Archive {
            Names.checkPackageName(source);
            Objects.requireNonNull(version, "version");
        }
    }

    /** Reads {@code Source} and {@code Version} from a .dsc, signed or not. */
    static Dsc dsc(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(abs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + abs + ": " + e.getMessage(), e);
        }
        if (ClearSigned.isClearSigned(text)) {
            text = ClearSigned.parse(text, abs.toString()).text();
        }
        Paragraph p = Deb822.parseSingle(text, abs.toString());
        String source = p.require("Source");
        if (!Names.isPackageName(source)) {
            throw new FormatException(abs.toString(), p.lineOf("Source"), "invalid source package name '" + source + "'");
        }
        return new Dsc(abs, source, DebianVersion.parse(p.require("Version")));
    }

    static Archive archive(String source, String version) {
        return new Archive(source, DebianVersion.parse(version));
    }
}
