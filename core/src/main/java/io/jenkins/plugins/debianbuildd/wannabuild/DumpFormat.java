package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.version.InvalidVersionException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The deb822 text dump of the whole database ({@link WannaBuildStore#exportTo}), in the spirit of
 * wanna-build's {@code --export}: a header paragraph, then one paragraph per suite, package row, build and
 * transactions-log row, told apart by their first field ({@code Suite}, {@code Package},
 * {@code Build-History}, {@code Transaction}). Package fields carry wanna-build's names
 * ({@code Distribution}, {@code Installed-Version}, {@code Binary-NMU-Version}, ...).
 *
 * <p>Lossless: a text value that is not a plain single line is written with an empty first line and each of
 * its lines as a continuation line, an empty line as {@code " ."} and a line starting with {@code .} with
 * one more {@code .} (so {@code " .."} is a line {@code "."}); reading undoes exactly that. Times are UTC
 * instants with milliseconds, as stored.
 */
public final class DumpFormat {
    /** The value of the header's Format field. */
    public static final String FORMAT = "debian-buildd-wanna-build-dump 1";

    private DumpFormat() {
    }

    /** What kind of paragraph this is, from its first field. */
    public enum Kind {
        HEADER("Format"), SUITE("Suite"), PACKAGE("Package"), BUILD("Build-History"), TRANSACTION("Transaction");

        private final String firstField;

        Kind(String firstField) {
            this.firstField = firstField;
        }

        public static Kind of(Paragraph p) {
            if (p.isEmpty()) {
                throw new FormatException(p.source(), p.startLine(), "empty paragraph");
            }
            String first = p.name(0);
            for (Kind k : values()) {
                if (k.firstField.equalsIgnoreCase(first)) {
                    return k;
                }
            }
            throw new FormatException(p.source(), p.startLine(), "unknown paragraph starting with '" + first
                    + "' (expected Format, Suite, Package, Build-History or Transaction)");
        }
    }

    public static Paragraph header() {
        return Paragraph.builder().set("Format", FORMAT).build();
    }

    /** Checks a header paragraph. */
    public static void checkHeader(Paragraph p) {
        if (!FORMAT.equals(p.get("Format"))) {
            throw p.error("Format", "unsupported dump format '" + p.get("Format") + "' (expected " + FORMAT + ")");
        }
    }

    // ---------------------------------------------------------------- suites

    public static Paragraph suite(SuiteConfig s) {
        return Paragraph.builder()
                .set("Suite", s.name())
                .set("Architectures", String.join(" ", s.architectures()))
                .set("Build-Dep-Check", yesNo(s.buildDepCheck()))
                .set("Shares-Builds", yesNo(s.sharesBuilds()))
                .build();
    }

    public static SuiteConfig suite(Paragraph p) {
        String archs = p.get("Architectures", "").strip();
        try {
            return new SuiteConfig(p.require("Suite"), archs.isEmpty() ? List.of() : Arrays.asList(archs.split("\\s+")),
                    bool(p, "Build-Dep-Check"), bool(p, "Shares-Builds"));
        } catch (IllegalArgumentException e) {
            throw p.error("Suite", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- packages

    public static Paragraph pkg(PackageRecord r) {
        Paragraph.Builder b = Paragraph.builder()
                .set("Package", r.packageName())
                .set("Distribution", r.suite())
                .set("Architecture", r.arch())
                .set("Version", r.version().toString())
                .set("State", r.state().debianName());
        text(b, "Section", r.section());
        text(b, "Priority", r.priority());
        b.set("Installed-Version", r.installedVersion() == null ? null : r.installedVersion().toString());
        b.set("Previous-State", r.previousState() == null ? null : r.previousState().debianName());
        b.set("State-Change", r.stateChange().toString());
        text(b, "Notes", r.notes());
        text(b, "Builder", r.builder());
        text(b, "Failed", r.failed());
        text(b, "Old-Failed", r.oldFailed());
        b.set("Failed-Category", r.failedCategory() == null ? null : r.failedCategory().debianName());
        b.set("Binary-NMU-Version", r.binNmuVersion() == 0 ? null : Integer.toString(r.binNmuVersion()));
        text(b, "Binary-NMU-Changelog", r.binNmuChangelog());
        text(b, "Depends", r.depends());
        text(b, "BD-Problem", r.bdProblem());
        b.set("BuildPri", r.buildPri() == 0 ? null : Integer.toString(r.buildPri()));
        b.set("PermBuildPri", r.permBuildPri() == 0 ? null : Integer.toString(r.permBuildPri()));
        b.set("Last-Build-Time", r.lastBuildTime() == null ? null : Long.toString(r.lastBuildTime().toMillis()));
        b.set("Last-Successful-Build-Time",
                r.lastSuccessfulBuildTime() == null ? null : Long.toString(r.lastSuccessfulBuildTime().toMillis()));
        return b.build();
    }

    public static PackageRecord pkg(Paragraph p) {
        try {
            return PackageRecord.builder(p.require("Distribution"), p.require("Architecture"), p.require("Package"),
                            version(p, "Version"), state(p, "State"), instant(p, "State-Change"))
                    .section(text(p, "Section"))
                    .priority(text(p, "Priority"))
                    .installedVersion(p.has("Installed-Version") ? version(p, "Installed-Version") : null)
                    .previousState(p.has("Previous-State") ? state(p, "Previous-State") : null)
                    .notes(text(p, "Notes"))
                    .builder(text(p, "Builder"))
                    .failed(text(p, "Failed"))
                    .oldFailed(text(p, "Old-Failed"))
                    .failedCategory(p.has("Failed-Category") ? category(p) : null)
                    .binNmuVersion(integer(p, "Binary-NMU-Version"))
                    .binNmuChangelog(text(p, "Binary-NMU-Changelog"))
                    .depends(text(p, "Depends"))
                    .bdProblem(text(p, "BD-Problem"))
                    .buildPri(integer(p, "BuildPri"))
                    .permBuildPri(integer(p, "PermBuildPri"))
                    .lastBuildTime(millis(p, "Last-Build-Time"))
                    .lastSuccessfulBuildTime(millis(p, "Last-Successful-Build-Time"))
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw p.error("Package", "bad package entry " + p.get("Package") + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- build history

    public static Paragraph build(long id, BuildRecord h) {
        Paragraph.Builder b = Paragraph.builder()
                .set("Build-History", Long.toString(id))
                .set("Distribution", h.suite())
                .set("Architecture", h.arch())
                .set("Package", h.packageName())
                .set("Version", h.version().toString())
                .set("Time", h.time().toString())
                .set("Result", h.result().debianName());
        b.set("Build-Time", h.buildTime() == null ? null : Long.toString(h.buildTime().toMillis()));
        b.set("Disk-Space", h.diskSpace() < 0 ? null : Long.toString(h.diskSpace()));
        text(b, "Builder", h.builder());
        return b.build();
    }

    public static long buildId(Paragraph p) {
        return id(p, "Build-History");
    }

    public static BuildRecord build(Paragraph p) {
        try {
            return new BuildRecord(p.require("Distribution"), p.require("Architecture"), p.require("Package"),
                    version(p, "Version"), instant(p, "Time"), BuildResult.parse(p.require("Result")),
                    millis(p, "Build-Time"), p.has("Disk-Space") ? longValue(p, "Disk-Space") : -1, text(p, "Builder"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw p.error("Build-History", "bad build entry: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- transactions log

    public static Paragraph transaction(TransactionEntry t) {
        Paragraph.Builder b = Paragraph.builder()
                .set("Transaction", Long.toString(t.id()))
                .set("Distribution", t.suite())
                .set("Architecture", t.arch())
                .set("Package", t.packageName());
        text(b, "Version", t.version());
        text(b, "Action", t.action());
        b.set("Previous-State", t.previousState() == null ? null : t.previousState().debianName());
        b.set("State", t.newState() == null ? null : t.newState().debianName());
        text(b, "User", t.user());
        b.set("Time", t.time().toString());
        text(b, "Message", t.message());
        return b.build();
    }

    public static TransactionEntry transaction(Paragraph p) {
        try {
            return new TransactionEntry(id(p, "Transaction"), p.require("Distribution"), p.require("Architecture"),
                    p.require("Package"), text(p, "Version"), text(p, "Action"),
                    p.has("Previous-State") ? state(p, "Previous-State") : null,
                    p.has("State") ? state(p, "State") : null, text(p, "User"), instant(p, "Time"), text(p, "Message"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw p.error("Transaction", "bad transaction entry: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- values

    /** Sets a text field so that it reads back exactly (null: absent). */
    static void text(Paragraph.Builder b, String name, String value) {
        if (value == null) {
            return;
        }
        if (!value.isEmpty() && value.indexOf('\n') < 0 && value.equals(value.strip())) {
            b.set(name, value);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : value.split("\n", -1)) {
            sb.append("\n ");
            if (line.isEmpty()) {
                sb.append('.');
            } else {
                if (line.charAt(0) == '.') {
                    sb.append('.');
                }
                sb.append(line);
            }
        }
        b.set(name, sb.toString());
    }

    /** Reads a field written by {@link #text(Paragraph.Builder, String, String)}. */
    static String text(Paragraph p, String name) {
        String raw = p.get(name);
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty() || raw.charAt(0) != '\n') {
            return raw;
        }
        String[] lines = raw.substring(1).split("\n", -1);
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || (line.charAt(0) != ' ' && line.charAt(0) != '\t')) {
                throw p.error(name, "bad continuation line in " + name);
            }
            line = line.substring(1);
            if (line.equals(".")) {
                line = "";
            } else if (line.startsWith(".")) {
                line = line.substring(1);
            }
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(line);
        }
        return sb.toString();
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static boolean bool(Paragraph p, String name) {
        String v = p.require(name).strip();
        return switch (v) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw p.error(name, name + " must be yes or no, not '" + v + "'");
        };
    }

    private static DebianVersion version(Paragraph p, String name) {
        try {
            return DebianVersion.parse(p.require(name));
        } catch (InvalidVersionException e) {
            throw p.error(name, e.getMessage());
        }
    }

    private static State state(Paragraph p, String name) {
        try {
            return State.parse(p.require(name));
        } catch (IllegalArgumentException e) {
            throw p.error(name, e.getMessage());
        }
    }

    private static FailedCategory category(Paragraph p) {
        try {
            return FailedCategory.parse(p.require("Failed-Category"));
        } catch (IllegalArgumentException e) {
            throw p.error("Failed-Category", e.getMessage());
        }
    }

    private static Instant instant(Paragraph p, String name) {
        try {
            return Instant.parse(p.require(name).strip());
        } catch (DateTimeParseException e) {
            throw p.error(name, name + " is not a UTC time like 2024-01-31T12:00:00Z: " + p.get(name));
        }
    }

    private static int integer(Paragraph p, String name) {
        String v = p.get(name);
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw p.error(name, name + " is not a number: " + v);
        }
    }

    private static long longValue(Paragraph p, String name) {
        try {
            return Long.parseLong(p.require(name).strip());
        } catch (NumberFormatException e) {
            throw p.error(name, name + " is not a number: " + p.get(name));
        }
    }

    private static long id(Paragraph p, String name) {
        long v = longValue(p, name);
        if (v <= 0) {
            throw p.error(name, name + " must be a positive id");
        }
        return v;
    }

    private static Duration millis(Paragraph p, String name) {
        return p.has(name) ? Duration.ofMillis(longValue(p, name)) : null;
    }
}
