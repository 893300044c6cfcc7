package io.jenkins.plugins.debianbuildd.chroot;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One apt repository, as a line of sources.list: {@code deb [signed-by=KEY] URI SUITE COMPONENTS...}, or
 * a flat repository ({@code deb [trusted=yes] file:///srv/repo ./}). Used for a chroot's mirror and extra
 * repositories, and for the extra repositories of one build (the project's own archive, so that a
 * package builds against what it published). Every part is checked, because it ends up in a file apt
 * parses and on builders' command lines.
 *
 * @param type {@code deb} or {@code deb-src}
 * @param uri {@code http}, {@code https} or {@code file} URI
 * @param suite a suite or codename, or a path ending in {@code /} for a flat repository ({@code ./})
 * @param components components (none for a flat repository)
 * @param signedBy the key (armored {@code .asc} or binary {@code .gpg}) that signs the repository, or null
 * @param trusted {@code [trusted=yes]}: accept it unsigned (a local repository of the build host only)
 */
public record AptSource(String type, URI uri, String suite, List<String> components, Path signedBy, boolean trusted) {
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_/-]*|\\./|[A-Za-z0-9._+-][A-Za-z0-9._+/-]*/");
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_/-]*");
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._+/@=-]*");

    public AptSource {
        if (!"deb".equals(type) && !"deb-src".equals(type)) {
            throw new IllegalArgumentException("apt source type must be deb or deb-src, not '" + type + "'");
        }
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !"file".equals(scheme)) {
            throw new IllegalArgumentException("apt source URI must be http, https or file: " + uri);
        }
        if (uri.toString().chars().anyMatch(c -> c <= ' ' || c == ']' || c == '[' || c == '\'' || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("apt source URI contains a space, quote or bracket: " + uri);
        }
        if (suite == null || !SUITE.matcher(suite).matches() || suite.contains("..")) {
            throw new IllegalArgumentException("invalid apt suite '" + suite + "'");
        }
        components = List.copyOf(components);
        boolean flat = suite.endsWith("/");
        if (flat && !components.isEmpty()) {
            throw new IllegalArgumentException("a flat repository (suite " + suite + ") has no components");
        }
        if (!flat && components.isEmpty()) {
            throw new IllegalArgumentException("apt source " + uri + " " + suite + " needs at least one component");
        }
        for (String c : components) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("invalid apt component '" + c + "'");
            }
        }
        if (signedBy != null) {
            checkSafePath(signedBy, "key");
        }
        if ("file".equals(scheme)) {
            checkSafePath(Path.of(uri), "repository");
        }
    }

    /** A repository with components: {@code deb URI SUITE COMPONENT...}. */
    public static AptSource of(URI uri, String suite, String... components) {
        return new AptSource("deb", uri, suite, List.of(components), null, false);
    }

    /** A flat local repository ({@code Packages} at its top), accepted unsigned: {@code deb [trusted=yes] file:DIR ./}. */
    public static AptSource localFlat(Path dir) {
        return new AptSource("deb", dir.toAbsolutePath().normalize().toUri(), "./", List.of(), null, true);
    }

    public AptSource signedBy(Path key) {
        return new AptSource(type, uri, suite, components, key, false);
    }

    public AptSource withType(String t) {
        return new AptSource(t, uri, suite, components, signedBy, trusted);
    }

    public boolean isLocal() {
        return "file".equals(uri.getScheme());
    }

    /** The directory of a {@code file:} repository. */
    public Path localPath() {
        if (!isLocal()) {
            throw new IllegalStateException("not a file: repository: " + uri);
        }
        return Path.of(uri);
    }

    /** The one-line sources.list form. */
    public String toSourcesLine() {
        return line(signedBy == null ? null : signedBy.toString());
    }

    /** The one-line form with the key at another path (where the builder puts it inside the chroot). */
    public String toSourcesLine(String keyPathInChroot) {
        return line(keyPathInChroot);
    }

    private String line(String key) {
        List<String> opts = new ArrayList<>();
        if (key != null) {
            opts.add("signed-by=" + key);
        }
        if (trusted) {
            opts.add("trusted=yes");
        }
        StringBuilder sb = new StringBuilder(type);
        if (!opts.isEmpty()) {
            sb.append(" [").append(String.join(" ", opts)).append(']');
        }
        // apt wants file:/path or file:///path; URI.toString gives file:///path for Path.toUri().
        sb.append(' ').append(uri).append(' ').append(suite);
        for (String c : components) {
            sb.append(' ').append(c);
        }
        return sb.toString();
    }

    /**
     * Parses a one-line sources entry ({@code deb [trusted=yes signed-by=/k.asc] URI SUITE [COMPONENT...]}),
     * as a user writes it in a configuration file.
     */
    public static AptSource parse(String line) {
        String s = line.strip();
        String[] head = s.split("\\s+", 2);
        if (head.length < 2) {
            throw new IllegalArgumentException("not an apt source line: '" + line + "'");
        }
        String type = head[0];
        String rest = head[1];
        Path key = null;
        boolean trusted = false;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed options in apt source line: '" + line + "'");
            }
            for (String opt : rest.substring(1, close).strip().split("\\s+")) {
                if (opt.isEmpty()) {
                    continue;
                }
                int eq = opt.indexOf('=');
                String name = eq < 0 ? opt : opt.substring(0, eq);
                String value = eq < 0 ? "" : opt.substring(eq + 1);
                switch (name) {
                    case "signed-by" -> key = Path.of(value);
                    case "trusted" -> trusted = value.equals("yes");
                    default -> throw new IllegalArgumentException("unsupported apt source option '" + opt + "' in '" + line + "'");
                }
            }
            rest = rest.substring(close + 1).strip();
        }
        String[] parts = rest.split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("apt source line needs a URI and a suite: '" + line + "'");
        }
        List<String> comps = List.of(parts).subList(2, parts.length);
        URI uri = URI.create(parts[0]);
        return new AptSource(type, uri, parts[1], comps, key, trusted);
    }

    private static void checkSafePath(Path p, String what) {
        String s = p.toString();
        if (!p.isAbsolute() || !SAFE_PATH.matcher(s).matches() || s.contains("/../") || s.endsWith("/..")) {
            throw new IllegalArgumentException(what + " path must be absolute and plain (letters, digits, . _ + - @ = /): " + s);
        }
    }

    @Override
    public String toString() {
        return toSourcesLine();
    }
}
