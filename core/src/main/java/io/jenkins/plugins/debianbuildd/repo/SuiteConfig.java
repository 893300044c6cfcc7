package io.jenkins.plugins.debianbuildd.repo;

import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One distribution of a reprepro repository, as a stanza of {@code conf/distributions}.
 *
 * <p>Every value ends up in reprepro's configuration file, so each is checked here: a newline or an
 * unexpected character in a value would otherwise add configuration lines nobody wrote.
 *
 * @param codename the directory name under {@code dists/} ({@code sid}, {@code trixie}); what reprepro commands take
 * @param suite the suite alias ({@code unstable}) or null
 * @param architectures the binary architectures ({@code amd64 arm64}); {@code source} is always added
 * @param components the components ({@code main contrib}); the first one takes what names no other
 * @param description a one-line description for the Release file
 * @param origin the Release file's Origin, or null
 * @param label the Release file's Label, or null
 * @param signWith the key id or fingerprint signing Release/InRelease (in the repository's GnuPG home), or null
 * @param tracking reprepro's Tracking options ({@code minimal includechanges}), empty for none
 */
public record SuiteConfig(String codename, String suite, List<String> architectures, List<String> components,
                          String description, String origin, String label, String signWith, List<String> tracking) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern KEY_ID = Pattern.compile("(0x)?([0-9A-Fa-f]{8}|[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})");
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]*");
    private static final Set<String> TRACKING_MODES = Set.of("keep", "all", "minimal");
    private static final Set<String> TRACKING_OPTIONS = Set.of("includechanges", "includebyhand", "includebuildinfos",
            "includelogs", "keepsources");

    public SuiteConfig {
        Names.checkSuiteName(codename);
        if (suite != null) {
            Names.checkSuiteName(suite);
        }
        architectures = List.copyOf(new LinkedHashSet<>(architectures));
        if (architectures.isEmpty()) {
            throw new IllegalArgumentException(codename + ": at least one binary architecture is needed");
        }
        for (String a : architectures) {
            Names.checkArchitectureName(a);
            if (a.equals("source") || a.equals("all") || a.equals("any")) {
                throw new IllegalArgumentException(codename + ": '" + a + "' is not a binary architecture"
                        + " (source is always included; arch:all packages go into every architecture)");
            }
        }
        components = List.copyOf(new LinkedHashSet<>(components));
        if (components.isEmpty()) {
            throw new IllegalArgumentException(codename + ": at least one component is needed");
        }
        for (String c : components) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException(codename + ": invalid component name '" + c + "'");
            }
        }
        description = checkText(codename, "Description", description == null ? codename : description);
        origin = origin == null ? null : checkText(codename, "Origin", origin);
        label = label == null ? null : checkText(codename, "Label", label);
        if (signWith != null && !KEY_ID.matcher(signWith).matches()) {
            throw new IllegalArgumentException(codename + ": SignWith must be a key id or fingerprint (hex), not '"
                    + signWith + "'");
        }
        tracking = List.copyOf(tracking == null ? List.of() : tracking);
        if (!tracking.isEmpty()) {
            long modes = tracking.stream().filter(TRACKING_MODES::contains).count();
            if (modes != 1) {
                throw new IllegalArgumentException(codename + ": Tracking needs exactly one of " + TRACKING_MODES
                        + ", got " + tracking);
            }
            for (String t : tracking) {
                if (!TRACKING_MODES.contains(t) && !TRACKING_OPTIONS.contains(t)) {
                    throw new IllegalArgumentException(codename + ": unknown Tracking option '" + t + "'");
                }
            }
        }
    }

    private static String checkText(String codename, String field, String value) {
        String v = value.strip();
        if (v.isEmpty() || !TEXT.matcher(v).matches()) {
            throw new IllegalArgumentException(codename + ": " + field + " must be one line of text, not '" + value + "'");
        }
        return v;
    }

    /** A suite with the given architectures and components, unsigned, untracked. */
    public static SuiteConfig of(String codename, String suite, List<String> architectures, List<String> components) {
        return new SuiteConfig(codename, suite, architectures, components, null, null, null, null, List.of());
    }

    public SuiteConfig withSignWith(String keyId) {
        return new SuiteConfig(codename, suite, architectures, components, description, origin, label, keyId, tracking);
    }

    public SuiteConfig withDescription(String text) {
        return new SuiteConfig(codename, suite, architectures, components, text, origin, label, signWith, tracking);
    }

    public SuiteConfig withOriginAndLabel(String newOrigin, String newLabel) {
        return new SuiteConfig(codename, suite, architectures, components, description, newOrigin, newLabel, signWith, tracking);
    }

    public SuiteConfig withTracking(List<String> options) {
        return new SuiteConfig(codename, suite, architectures, components, description, origin, label, signWith, options);
    }

    /** Whether {@code name} is this suite's codename or suite alias (as a .changes Distribution may say either). */
    public boolean isNamed(String name) {
        return codename.equals(name) || Objects.equals(suite, name);
    }

    /** The component a package of {@code section} goes into, as reprepro decides it ({@code contrib/net} is contrib). */
    public String componentOf(String section) {
        if (section != null) {
            int slash = section.indexOf('/');
            if (slash > 0 && components.contains(section.substring(0, slash))) {
                return section.substring(0, slash);
            }
        }
        return components.get(0);
    }

    /** The stanza of conf/distributions. */
    public Paragraph toParagraph() {
        Paragraph.Builder b = Paragraph.builder();
        if (origin != null) {
            b.set("Origin", origin);
        }
        if (label != null) {
            b.set("Label", label);
        }
        b.set("Codename", codename);
        if (suite != null) {
            b.set("Suite", suite);
        }
        List<String> archs = new ArrayList<>(architectures);
        archs.add("source");
        b.set("Architectures", String.join(" ", archs));
        b.set("Components", String.join(" ", components));
        b.set("Description", description);
        if (signWith != null) {
            b.set("SignWith", signWith);
        }
        if (!tracking.isEmpty()) {
            b.set("Tracking", String.join(" ", tracking));
        }
        return b.build();
    }

    /** Reads a stanza of conf/distributions back (the fields this class writes). */
    public static SuiteConfig fromParagraph(Paragraph p) {
        List<String> archs = new ArrayList<>();
        for (String a : p.require("Architectures").trim().split("\\s+")) {
            if (!a.equals("source")) {
                archs.add(a);
            }
        }
        String tracking = p.get("Tracking");
        return new SuiteConfig(p.require("Codename").trim(), p.get("Suite"), archs,
                List.of(p.require("Components").trim().split("\\s+")), p.get("Description"), p.get("Origin"),
                p.get("Label"), p.get("SignWith"), tracking == null ? List.of() : List.of(tracking.trim().split("\\s+")));
    }
}
