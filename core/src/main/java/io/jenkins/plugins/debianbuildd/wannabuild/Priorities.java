package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * wanna-build's priority arithmetic: the sort values of its list orderings ({@code %prioval},
 * {@code %sectval}, the failure category values) and the computed priority {@code calprio} of its
 * {@code calculate_prio}: priority + section + component + notes weights, plus days waiting (clamped and
 * scaled), minus the hours the last build took (scaled), plus the build priorities.
 *
 * @param priorityWeights  calprio points per archive priority
 * @param sectionWeights   calprio points per section (as written, {@code contrib/libs} is not {@code libs})
 * @param componentWeights calprio points per component (main, contrib, non-free)
 * @param notesWeights     calprio points per notes value (uncompiled, out-of-date, partial)
 * @param waitingDaysMin   waiting days count at least this
 * @param waitingDaysMax   waiting days count at most this (0: no bound)
 * @param waitingDaysScale points per waiting day
 * @param buildHoursDefault hours assumed for a package never built
 * @param buildHoursMin    build hours count at least this (0: no bound)
 * @param buildHoursMax    build hours count at most this (0: no bound)
 * @param buildHoursScale  points taken per build hour
 */
public record Priorities(
        Map<String, Integer> priorityWeights,
        Map<String, Integer> sectionWeights,
        Map<String, Integer> componentWeights,
        Map<String, Integer> notesWeights,
        int waitingDaysMin,
        int waitingDaysMax,
        int waitingDaysScale,
        int buildHoursDefault,
        int buildHoursMin,
        int buildHoursMax,
        int buildHoursScale) {

    /** The weights of Debian's wanna-build.yaml. */
    public static final Priorities DEBIAN = new Priorities(
            Map.of("required", 50, "important", 40, "standard", 30, "optional", 5),
            Map.of("libs", 4, "devel", 2),
            Map.of("contrib", -10, "non-free", -20),
            Map.of("uncompiled", 20, "out-of-date", 40, "partial", 40),
            0, 6, 2,
            2, 0, 0, 1);

    private static final Map<String, Integer> PRIORITY_VALUES = Map.of(
            "required", -5, "important", -4, "standard", -3, "optional", -2, "extra", -1, "unknown", -1);
    private static final Map<String, Integer> SECTION_VALUES = sectionValues();

    public Priorities {
        priorityWeights = Map.copyOf(priorityWeights);
        sectionWeights = Map.copyOf(sectionWeights);
        componentWeights = Map.copyOf(componentWeights);
        notesWeights = Map.copyOf(notesWeights);
    }

    private static Map<String, Integer> sectionValues() {
        String[] order = {"libs", "debian-installer", "base", "devel", "kernel", "shells", "perl", "python", "graphics",
            "admin", "utils", "x11", "editors", "net", "httpd", "mail", "news", "tex", "text", "web", "vcs", "doc",
            "localizations", "interpreters", "ruby", "java", "ocaml", "lisp", "haskell", "cli-mono", "gnome", "kde",
            "xfce", "gnustep", "database", "video", "debug", "games", "misc", "fonts", "otherosfs", "oldlibs",
            "libdevel", "sound", "math", "gnu-r", "science", "comm", "electronics", "hamradio", "embedded", "php",
            "zope"};
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < order.length; i++) {
            int v = -200 + i;
            m.put(order[i], v);
            m.put("contrib/" + order[i], v + 40);
            m.put("non-free/" + order[i], v + 80);
            m.put("non-free-firmware/" + order[i], v + 80);
        }
        m.put("unknown", -165);
        return Map.copyOf(m);
    }

    /** Sort value of an archive priority (letter {@code p}): required first; unknown names last. */
    public static int priorityValue(String priority) {
        return priority == null ? 0 : PRIORITY_VALUES.getOrDefault(priority, 0);
    }

    /** Sort value of a section (letter {@code s}): libs first, contrib and non-free after main. */
    public static int sectionValue(String section) {
        return section == null ? 0 : SECTION_VALUES.getOrDefault(section, 0);
    }

    /** Sort value of the notes (letter {@code c}): out-of-date (built before) first, uncompiled last. */
    public static int notesValue(String notes) {
        if (notes == null) {
            return 1;
        }
        if (notes.startsWith("out-of-date") || notes.startsWith("partial")) {
            return 0;
        }
        return notes.startsWith("uncompiled") ? 2 : 1;
    }

    /** Sort value of a failure category (letter {@code f}): none first, compiler-error last. */
    public static int categoryValue(FailedCategory c) {
        return (c == null ? FailedCategory.NONE : c).ordinal() - 20;
    }

    /** Whole days since the state change, as wanna-build's {@code state_days}. */
    public static long stateDays(PackageRecord r, Instant now) {
        long ms = Duration.between(r.stateChange(), now).toMillis();
        return ms <= 0 ? 0 : ms / 86_400_000L;
    }

    /** The part of calprio that does not depend on time: weights, build hours and build priorities. */
    public int baseCalprio(PackageRecord r) {
        int p = 0;
        String component = "main";
        String section = r.section();
        if (section != null) {
            int slash = section.indexOf('/');
            if (slash > 0) {
                component = section.substring(0, slash);
            }
        }
        p += weight(priorityWeights, r.priority());
        p += weight(sectionWeights, section);
        p += weight(componentWeights, component);
        p += weight(notesWeights, r.notes());
        long seconds = Math.max(seconds(r.lastBuildTime()), seconds(r.lastSuccessfulBuildTime()));
        long hours = seconds > 0 ? seconds / 3600 : buildHoursDefault;
        if (buildHoursMin > 0 && hours < buildHoursMin) {
            hours = buildHoursMin;
        }
        if (buildHoursMax > 0 && hours > buildHoursMax) {
            hours = buildHoursMax;
        }
        p -= (int) Math.min(Integer.MAX_VALUE / 4, hours * Math.max(1, buildHoursScale));
        p += r.permBuildPri() + r.buildPri();
        return p;
    }

    /** The points for waiting {@code days}. */
    public int waitingPoints(long days) {
        long d = Math.max(days, waitingDaysMin);
        if (waitingDaysMax > 0) {
            d = Math.min(d, waitingDaysMax);
        }
        return (int) Math.min(Integer.MAX_VALUE / 4, d * Math.max(1, waitingDaysScale));
    }

    /** wanna-build's calprio of a row at {@code now}. */
    public int calprio(PackageRecord r, Instant now) {
        return baseCalprio(r) + waitingPoints(stateDays(r, now));
    }

    /** A stable text of the weights, to notice when stored priorities must be recomputed. */
    public String fingerprint() {
        return new java.util.TreeMap<>(priorityWeights) + "|" + new java.util.TreeMap<>(sectionWeights) + "|"
                + new java.util.TreeMap<>(componentWeights) + "|" + new java.util.TreeMap<>(notesWeights) + "|"
                + waitingDaysMin + "," + waitingDaysMax + "," + waitingDaysScale + "|" + buildHoursDefault + ","
                + buildHoursMin + "," + buildHoursMax + "," + buildHoursScale;
    }

    private static int weight(Map<String, Integer> m, String key) {
        return key == null ? 0 : m.getOrDefault(key, 0);
    }

    private static long seconds(Duration d) {
        return d == null ? 0 : d.getSeconds();
    }
}
