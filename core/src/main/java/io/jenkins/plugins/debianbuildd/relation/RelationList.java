package io.jenkins.plugins.debianbuildd.relation;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A relation field (Depends, Pre-Depends, Build-Depends[-Arch|-Indep], Build-Conflicts[-Arch|-Indep], a
 * dep-wait list): comma-separated {@link Alternatives}, all of which must hold.
 *
 * <p>Parsing accepts what dpkg's {@code Dpkg::Deps::deps_parse} accepts (including a trailing comma and
 * the obsolete {@code <}/{@code >} operators) and rejects the rest with a message naming the offending
 * text; in addition, a version must be valid and an architecture list must not mix negated and plain
 * entries (Policy 7.1).
 */
public record RelationList(List<Alternatives> alternatives) implements Iterable<Alternatives> {
    public static final RelationList EMPTY = new RelationList(List.of());

    public RelationList {
        alternatives = List.copyOf(alternatives);
    }

    /** Parses a field value; {@link RelationParseException} names the bad element. */
    public static RelationList parse(String field) {
        if (field == null) {
            return EMPTY;
        }
        return new RelationParser(field).parseList();
    }

    /** Parses a field of a paragraph; errors carry the file and line of the field. */
    public static RelationList parse(io.jenkins.plugins.debianbuildd.formats.Paragraph p, String fieldName) {
        String v = p.get(fieldName);
        if (v == null) {
            return EMPTY;
        }
        try {
            return parse(v);
        } catch (RelationParseException e) {
            String pkg = p.get("Package", p.get("Source", "?"));
            throw new FormatException(p.source(), p.lineOf(fieldName), pkg + ": " + fieldName + ": " + e.getMessage(), e);
        }
    }

    public boolean isEmpty() {
        return alternatives.isEmpty();
    }

    public int size() {
        return alternatives.size();
    }

    @Override
    public Iterator<Alternatives> iterator() {
        return alternatives.iterator();
    }

    /**
     * The relations that apply to a build for {@code hostArch} with the active {@code profiles}, with the
     * restrictions removed, as dpkg-checkbuilddeps evaluates them ({@code deps_parse} with
     * {@code reduce_restrictions}). Alternatives left empty disappear. A null argument leaves that kind
     * of restriction unevaluated (and kept as met).
     */
    public RelationList reduce(String hostArch, Set<String> profiles) {
        List<Alternatives> out = new ArrayList<>(alternatives.size());
        for (Alternatives a : alternatives) {
            Alternatives r = a.reduce(hostArch, profiles);
            if (r != null) {
                out.add(r);
            }
        }
        return new RelationList(out);
    }

    /** Only the first alternative of each element, as sbuild's apt resolver installs build-dependencies. */
    public RelationList firstAlternatives() {
        List<Alternatives> out = new ArrayList<>(alternatives.size());
        for (Alternatives a : alternatives) {
            out.add(a.isSingle() ? a : Alternatives.of(a.first()));
        }
        return new RelationList(out);
    }

    /** This list followed by the elements of {@code other} (as Build-Depends plus Build-Depends-Arch). */
    public RelationList and(RelationList other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Alternatives> out = new ArrayList<>(alternatives);
        out.addAll(other.alternatives);
        return new RelationList(out);
    }

    @Override
    public String toString() {
        return alternatives.stream().map(Alternatives::toString).collect(Collectors.joining(", "));
    }

    /** A hand-written scanner: faster than regular expressions and able to say precisely what is wrong. */
    private static final class RelationParser {
        private final String s;
        private final int n;
        private int i;

        RelationParser(String s) {
            this.s = s;
            this.n = s.length();
        }

        RelationList parseList() {
            List<Alternatives> list = new ArrayList<>();
            skipWs();
            if (i == n) {
                return EMPTY;
            }
            while (true) {
                skipWs();
                if (i == n) {
                    // "a, b," : a trailing comma is accepted, as dpkg does.
                    break;
                }
                list.add(parseAlternatives());
                skipWs();
                if (i == n) {
                    break;
                }
                if (s.charAt(i) != ',') {
                    throw error("expected ',' or '|' but found '" + s.charAt(i) + "'");
                }
                i++;
            }
            return new RelationList(list);
        }

        private Alternatives parseAlternatives() {
            List<Relation> rels = new ArrayList<>(2);
            while (true) {
                skipWs();
                rels.add(parseRelation());
                skipWs();
                if (i < n && s.charAt(i) == '|') {
                    i++;
                    continue;
                }
                return new Alternatives(rels);
            }
        }

        private Relation parseRelation() {
            int start = i;
            if (i == n || !isNameStart(s.charAt(i))) {
                throw error(i == n || s.charAt(i) == ',' || s.charAt(i) == '|'
                        ? "empty relation" : "expected a package name but found '" + s.charAt(i) + "'");
            }
            while (i < n && isNameChar(s.charAt(i))) {
                i++;
            }
            String name = s.substring(start, i);
            String qualifier = null;
            if (i < n && s.charAt(i) == ':') {
                i++;
                int qs = i;
                while (i < n && (isAlnum(s.charAt(i)) || s.charAt(i) == '-')) {
                    i++;
                }
                if (qs == i) {
                    throw error("empty architecture qualifier after '" + name + ":'");
                }
                qualifier = s.substring(qs, i);
            }
            skipWs();
            RelationOp op = null;
            DebianVersion version = null;
            if (i < n && s.charAt(i) == '(') {
                i++;
                skipWs();
                int os = i;
                while (i < n && "<>=!".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String sym = s.substring(os, i);
                op = RelationOp.fromSymbol(sym);
                if (op == null) {
                    throw error(sym.isEmpty()
                            ? "missing version operator in '(' after " + name
                            : "unknown version operator '" + sym + "' for " + name + " (use << <= = >= >>)");
                }
                skipWs();
                int vs = i;
                while (i < n && s.charAt(i) != ')' && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (vs == i) {
                    throw error("missing version after '" + sym + "' for " + name);
                }
                String v = s.substring(vs, i);
                try {
                    version = DebianVersion.parse(v);
                } catch (InvalidVersionException e) {
                    throw error(name + ": " + e.getMessage());
                }
                skipWs();
                if (i == n || s.charAt(i) != ')') {
                    throw error("missing ')' after version of " + name);
                }
                i++;
                skipWs();
            }
            List<String> archs = List.of();
            if (i < n && s.charAt(i) == '[') {
                i++;
                int close = s.indexOf(']', i);
                if (close < 0) {
                    throw error("missing ']' in architecture list of " + name);
                }
                String body = s.substring(i, close).trim();
                if (body.isEmpty()) {
                    throw error("empty architecture list for " + name);
                }
                archs = List.of(body.split("\\s+"));
                boolean neg = archs.get(0).startsWith("!");
                for (String a : archs) {
                    if (a.startsWith("!") != neg) {
                        throw error("architecture list of " + name + " mixes negated and plain entries: [" + body + "]");
                    }
                    String bare = neg ? a.substring(1) : a;
                    if (bare.isEmpty() || !bare.chars().allMatch(c -> isAlnum((char) c) || c == '-')) {
                        throw error("invalid architecture '" + a + "' in architecture list of " + name);
                    }
                }
                i = close + 1;
                skipWs();
            }
            List<List<String>> profiles = new ArrayList<>();
            while (i < n && s.charAt(i) == '<') {
                i++;
                int close = s.indexOf('>', i);
                if (close < 0) {
                    throw error("missing '>' in build profile restriction of " + name);
                }
                String body = s.substring(i, close).trim();
                if (body.isEmpty()) {
                    throw error("empty build profile restriction for " + name);
                }
                List<String> terms = List.of(body.split("\\s+"));
                for (String t : terms) {
                    String bare = t.startsWith("!") ? t.substring(1) : t;
                    if (bare.isEmpty() || !isProfileName(bare)) {
                        throw error("invalid build profile '" + t + "' for " + name);
                    }
                }
                profiles.add(terms);
                i = close + 1;
                skipWs();
            }
            if (i < n && s.charAt(i) != ',' && s.charAt(i) != '|') {
                throw error("unexpected '" + s.charAt(i) + "' after relation '" + s.substring(start, i).trim() + "'");
            }
            return new Relation(name, qualifier, op, version, archs, profiles);
        }

        private void skipWs() {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private RelationParseException error(String msg) {
            return new RelationParseException(msg + " in '" + abbreviate(s.strip()) + "'");
        }

        private static String abbreviate(String v) {
            String flat = v.replaceAll("\\s+", " ");
            return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
        }

        private static boolean isAlnum(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        private static boolean isNameStart(char c) {
            return isAlnum(c);
        }

        private static boolean isNameChar(char c) {
            return isAlnum(c) || c == '+' || c == '-' || c == '.';
        }

        private static boolean isProfileName(String p) {
            return p.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '+');
        }
    }
}
