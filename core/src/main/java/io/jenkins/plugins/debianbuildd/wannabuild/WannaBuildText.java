package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** wanna-build's text output: the {@code --list} lines and the {@code --info} block, for a compatible command line. */
public final class WannaBuildText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private WannaBuildText() {
    }

    /** A time as wanna-build shows State-Change (UTC). */
    public static String time(Instant t) {
        return TIME.format(t);
    }

    /**
     * The {@code --list} output: one entry per row in the given order, then the totals.
     *
     * @param listed  the state listed, null for {@code --list=all}
     * @param verbose wanna-build's {@code -v}: previous state and old failures too
     */
    public static List<String> list(List<PackageRecord> rows, State listed, Priorities priorities, Instant now, boolean verbose) {
        List<String> out = new ArrayList<>();
        Map<State, Integer> perState = new TreeMap<>();
        for (PackageRecord r : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.section() == null ? "unknown" : r.section()).append('/').append(r.nameVersion());
            if (listed == null) {
                sb.append(": ").append(r.state());
            }
            if (r.state() != State.NEEDS_BUILD && r.builder() != null) {
                sb.append(" by ").append(r.builder());
            }
            sb.append(" [").append(tags(r, priorities, now)).append(']');
            out.add(sb.toString());
            if (r.state().isFailed()) {
                out.add("  Reasons for failing:");
                out.add("    [Category: " + (r.failedCategory() == null ? FailedCategory.NONE : r.failedCategory()) + "]");
                indented(out, r.failed());
            }
            if (r.state() == State.DEP_WAIT && r.depends() != null) {
                out.add("  Dependencies: " + r.depends());
            }
            if (r.state() == State.BD_UNINSTALLABLE && r.bdProblem() != null) {
                out.add("  Reasons for BD-Uninstallable:");
                indented(out, r.bdProblem());
            }
            if (verbose) {
                out.add(r.previousState() == null ? "  No previous state recorded"
                        : "  Previous state was " + r.previousState() + " until " + time(r.stateChange()));
                if (r.oldFailed() != null) {
                    out.add("  Previous failing reasons:");
                    indented(out, r.oldFailed());
                }
            }
            perState.merge(r.state(), 1, Integer::sum);
        }
        if (listed == null) {
            perState.forEach((s, n) -> out.add("Total " + n + " package(s) in state " + s + "."));
        }
        out.add("Total " + rows.size() + " package(s)");
        return out;
    }

    /** The bracketed tags of a list line: {@code optional:uncompiled:PREV-FAILED:bp{5}:binNMU{1}:calprio{61}:days{25}}. */
    public static String tags(PackageRecord r, Priorities priorities, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.priority() == null ? "" : r.priority()).append(':').append(r.notes() == null ? "" : r.notes());
        if (r.previousState() != null && r.previousState().isFailed()) {
            sb.append(":PREV-FAILED");
        }
        if (r.totalBuildPri() != 0) {
            sb.append(":bp{").append(r.totalBuildPri()).append('}');
        }
        if (r.binNmuVersion() > 0) {
            sb.append(":binNMU{").append(r.binNmuVersion()).append('}');
        }
        sb.append(":calprio{").append(priorities.calprio(r, now)).append('}');
        sb.append(":days{").append(Priorities.stateDays(r, now)).append('}');
        return sb.toString();
    }

    private static void indented(List<String> out, String text) {
        if (text != null) {
            for (String line : text.split("\n", -1)) {
                out.add("    " + line);
            }
        }
    }

    /** The {@code --info} block of one row, as wanna-build prints it. */
    public static String info(PackageRecord r, Priorities priorities, Instant now) {
        return info(r, priorities, now, r.packageName());
    }

    /**
     * The {@code --info} block under another heading: wanna-build's {@code --info -d all} names each block
     * {@code hello(sid)}.
     */
    public static String info(PackageRecord r, Priorities priorities, Instant now, String heading) {
        StringBuilder sb = new StringBuilder(heading).append(":\n");
        field(sb, "Package", r.packageName());
        field(sb, "Version", r.version().toString());
        field(sb, "Builder", r.builder());
        field(sb, "State", r.state().toString());
        field(sb, "Section", r.section());
        field(sb, "Priority", r.priority());
        field(sb, "Installed-Version", r.installedVersion() == null ? null : r.installedVersion().toString());
        field(sb, "Previous-State", r.previousState() == null ? null : r.previousState().toString());
        field(sb, "State-Change", time(r.stateChange()));
        // The rest in the order of wanna-build's column names, as it sorts them.
        field(sb, "BD-Problem", r.bdProblem());
        field(sb, "Binary-NMU-Changelog", r.binNmuVersion() > 0 ? r.binNmuChangelog() : null);
        field(sb, "Binary-NMU-Version", r.binNmuVersion() > 0 ? Integer.toString(r.binNmuVersion()) : null);
        field(sb, "Build-time", r.lastBuildTime() == null ? null : Long.toString(r.lastBuildTime().getSeconds()));
        field(sb, "BuildPri", r.buildPri() != 0 ? Integer.toString(r.buildPri()) : null);
        field(sb, "CalculatedPri", Integer.toString(priorities.calprio(r, now)));
        field(sb, "Depends", r.depends());
        field(sb, "Distribution", r.suite());
        field(sb, "Failed", r.failed());
        field(sb, "Failed-Category", r.failedCategory() == null ? null : r.failedCategory().toString());
        field(sb, "Notes", r.notes());
        field(sb, "Old-Failed", r.oldFailed());
        field(sb, "PermBuildPri", r.permBuildPri() != 0 ? Integer.toString(r.permBuildPri()) : null);
        field(sb, "State-Days", Long.toString(Priorities.stateDays(r, now)));
        field(sb, "State-Time", Long.toString(Math.max(0, Duration.between(r.stateChange(), now).getSeconds())));
        field(sb, "Success-build-time",
                r.lastSuccessfulBuildTime() == null ? null : Long.toString(r.lastSuccessfulBuildTime().getSeconds()));
        return sb.toString();
    }

    private static void field(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(String.format("  %-20s: %s", key, value.replace("\n", "\n    "))).append('\n');
        }
    }
}
