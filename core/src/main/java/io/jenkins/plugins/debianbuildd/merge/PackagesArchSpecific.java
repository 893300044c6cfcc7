package io.jenkins.plugins.debianbuildd.merge;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's Packages-arch-specific file (buildd's P-a-s): {@code %source: arch list} lines restrict where a
 * source is built. A plain list names the only architectures it builds on; a list of {@code !arch}
 * entries names those it does not. Entries may be wildcards. Binary-package lines (without {@code %})
 * concern the archive, not the build queue, and are ignored here. {@code #} starts a comment.
 */
public final class PackagesArchSpecific {
    public static final PackagesArchSpecific EMPTY = new PackagesArchSpecific(Map.of());

    private final Map<String, List<String>> sources;

    private PackagesArchSpecific(Map<String, List<String>> sources) {
        this.sources = sources;
    }

    public static PackagesArchSpecific read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static PackagesArchSpecific parse(String text, String source) {
        Map<String, List<String>> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (l.isEmpty()) {
                    continue;
                }
                int colon = l.indexOf(':');
                if (colon < 0) {
                    throw new FormatException(source, n, "expected 'package: architectures', found '" + l + "'");
                }
                String name = l.substring(0, colon).strip();
                String archs = l.substring(colon + 1).strip();
                if (!name.startsWith("%")) {
                    continue;
                }
                name = name.substring(1);
                if (archs.isEmpty()) {
                    throw new FormatException(source, n, "no architectures for %" + name);
                }
                List<String> list = List.of(archs.split("\\s+"));
                boolean neg = list.get(0).startsWith("!");
                for (String a : list) {
                    if (a.startsWith("!") != neg) {
                        throw new FormatException(source, n, "%" + name + ": architecture list mixes '!' and plain entries");
                    }
                }
                out.put(name, list);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new PackagesArchSpecific(Map.copyOf(out));
    }

    /** Whether P-a-s keeps {@code source} from being built on {@code arch}. */
    public boolean excludes(String source, String arch) {
        List<String> list = sources.get(source);
        if (list == null) {
            return false;
        }
        boolean neg = list.get(0).startsWith("!");
        for (String a : list) {
            if (Architectures.matches(arch, neg ? a.substring(1) : a)) {
                return neg;
            }
        }
        return !neg;
    }

    public int size() {
        return sources.size();
    }
}
