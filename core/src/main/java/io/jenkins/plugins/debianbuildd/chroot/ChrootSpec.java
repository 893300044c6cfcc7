package io.jenkins.plugins.debianbuildd.chroot;

import io.jenkins.plugins.debianbuildd.formats.Names;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a build chroot is made of: the Debian mirror and components it installs from, extra repositories
 * (with their keys) written into its apt sources, keyrings that verify them while it is being made,
 * extra packages to include, and mmdebstrap's variant ({@code buildd}: Essential, apt and build-essential).
 */
public record ChrootSpec(ChrootId id, URI mirror, List<String> components, List<AptSource> extraSources,
                         List<Path> keyrings, List<String> include, String variant) {
    public static final URI DEBIAN = URI.create("http://deb.debian.org/debian");
    private static final Set<String> VARIANTS = Set.of("buildd", "minbase", "essential", "apt", "required", "important",
            "standard", "custom", "extract");

    public ChrootSpec {
        Objects.requireNonNull(id, "id");
        components = List.copyOf(components);
        extraSources = List.copyOf(extraSources);
        keyrings = List.copyOf(keyrings);
        include = List.copyOf(include);
        // The mirror line is checked like any other source.
        new AptSource("deb", mirror, id.suite(), components, null, false);
        for (String p : include) {
            Names.checkPackageName(p);
        }
        for (Path k : keyrings) {
            if (!k.isAbsolute()) {
                throw new IllegalArgumentException("keyring path must be absolute: " + k);
            }
        }
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("unknown mmdebstrap variant '" + variant + "'");
        }
    }

    /** Debian's mirror, component main, variant buildd, nothing extra. */
    public static ChrootSpec of(String suite, String architecture, BuilderKind kind) {
        return new ChrootSpec(new ChrootId(suite, architecture, kind), DEBIAN, List.of("main"), List.of(), List.of(),
                List.of(), "buildd");
    }

    public ChrootSpec withMirror(URI m) {
        return new ChrootSpec(id, m, components, extraSources, keyrings, include, variant);
    }

    public ChrootSpec withComponents(String... c) {
        return new ChrootSpec(id, mirror, List.of(c), extraSources, keyrings, include, variant);
    }

    public ChrootSpec withExtraSource(AptSource s) {
        List<AptSource> l = new ArrayList<>(extraSources);
        l.add(s);
        return new ChrootSpec(id, mirror, components, l, keyrings, include, variant);
    }

    public ChrootSpec withKeyring(Path k) {
        List<Path> l = new ArrayList<>(keyrings);
        l.add(k);
        return new ChrootSpec(id, mirror, components, extraSources, l, include, variant);
    }

    public ChrootSpec withInclude(String... packages) {
        List<String> l = new ArrayList<>(include);
        l.addAll(List.of(packages));
        return new ChrootSpec(id, mirror, components, extraSources, keyrings, l, variant);
    }

    public ChrootSpec withVariant(String v) {
        return new ChrootSpec(id, mirror, components, extraSources, keyrings, include, v);
    }

    /** The chroot's main repository as a source line. */
    public AptSource mirrorSource() {
        return new AptSource("deb", mirror, id.suite(), components, null, false);
    }

    /** Whether any repository is a {@code file:} one (it must be bind-mounted to be read). */
    public boolean hasLocalSources() {
        return mirrorSource().isLocal() || extraSources.stream().anyMatch(AptSource::isLocal);
    }
}
