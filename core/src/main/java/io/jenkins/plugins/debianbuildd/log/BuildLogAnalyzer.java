package io.jenkins.plugins.debianbuildd.log;

import io.jenkins.plugins.debianbuildd.relation.Alternatives;
import io.jenkins.plugins.debianbuildd.relation.Relation;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an sbuild or pbuilder log one line at a time, as it is written (Jenkins annotates a live console
 * with {@link #accept}) or from a file ({@link LogFiles}), and says at the end how the build went.
 *
 * <p>It recognises sbuild's boxed section headers and pbuilder's phases, sub-section titles, the
 * summary fields, and error and warning lines: compiler errors with file and line, linker errors, make,
 * dh_* and dpkg-* failures, test-suite failures of the common frameworks (TAP, automake, pytest,
 * unittest, ctest, go, meson, Maven, cargo), unsatisfiable build-dependencies (apt and dose), missing
 * tools and headers, a full disk, killed processes, time-outs and crashes.
 *
 * <p>The line that explains a failed build is chosen as Debian's buildlog-consultant chooses it, among the
 * last {@value #TAIL_WINDOW} lines of the build output: the first line that states a cause (a compiler
 * error, a missing header, a full disk), else the first line of a tool reporting the failure (make,
 * dh_*). Lines naming failed tests do not explain by themselves, but make the failure a test failure.
 *
 * <p>Memory does not grow with the log: at most {@value #MAX_KEPT} errors and as many warnings are kept
 * (all are counted), plus the findings of the last {@value #TAIL_WINDOW} lines. Not thread-safe.
 */
public final class BuildLogAnalyzer {
    /** How far back from the end of the build output the explaining line is looked for (buildlog-consultant's window). */
    public static final int TAIL_WINDOW = 250;
    /** Errors (and, separately, warnings) kept in the analysis; more are only counted. */
    public static final int MAX_KEPT = 1000;

    /** The line {@code LocalBuildExecutor} appends when it stops a build at its time limit. */
    public static final String TIMEOUT_MARKER = "E: debian-buildd: build timed out";
    /** The line appended when a build is cancelled. */
    public static final String CANCEL_MARKER = "E: debian-buildd: build cancelled";

    private static final Pattern COMPILER_MESSAGE = Pattern.compile(
            "([^\\s:][^:]*):(\\d+):(?:(\\d+):)? (fatal error|error|warning): (.*)");
    private static final Pattern APT_UNMET = Pattern.compile(
            "\\s*(?:(\\S+) : )?\\s*(?:Pre-?Depends|Depends): (.+?) but (.+?)(?: or)?\\s*");
    private static final Pattern DOSE_PACKAGE = Pattern.compile("\\s+package: (\\S+)\\s*");
    private static final Pattern DOSE_UNSAT = Pattern.compile("\\s+unsat-dependency: (.+?)\\s*");
    private static final Pattern SUMMARY_FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9-]*): ?(.*)");
    private static final Pattern CTEST_SUMMARY = Pattern.compile("\\d+% tests passed, [1-9]\\d* tests? failed.*");
    private static final Pattern MISSING_REASON = Pattern.compile(
            "(?:[^ ]+ is to be installed|[^ ]+ is installed|it is not installable|it is a virtual package)");

    // Position and structure.
    private long lineNo;
    private LogFormat format = LogFormat.UNKNOWN;
    private long borderLine = -10;
    private String prevLine = "";
    /** Stands for a skipped line: not empty, not a title, not dashes. */
    private static final String SKIPPED = "\u0000";
    private OpenSection section;
    private OpenSection subsection;
    private final List<OpenSection> closed = new ArrayList<>();
    private String lastWorkStage;
    private boolean inSummary;
    private final Map<String, String> summary = new LinkedHashMap<>();

    // Findings.
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    private long errorCount;
    private long warningCount;
    private final long[] counts = new long[FindingKind.values().length];
    private final ArrayDeque<Finding> recent = new ArrayDeque<>();
    private Finding timeoutMarker;
    private Finding cancelMarker;
    private Finding firstAbort;
    private Finding firstUnsat;
    private Finding lastBuilderError;
    private String firstBuilderErrorStage;

    // Build-dependency extraction (apt and dose), keyed by the first package of each group.
    private final Map<String, Alternatives> missing = new LinkedHashMap<>();
    private String aptDependent;
    private String dosePackage;

    // The build section's tail, taken when "Build finished at" is seen or the section ends.
    private List<Finding> buildTail;
    private long buildTailEnd;
    private long buildTailStart;

    /** The section being read, mutable until the next one starts. */
    private static final class OpenSection {
        final String title;
        final int level;
        final String stage;
        final long start;
        long end;
        Finding firstError;

        OpenSection(String title, int level, String stage, long start) {
            this.title = title;
            this.level = level;
            this.stage = stage;
            this.start = start;
        }

        LogSection freeze() {
            return new LogSection(title, level, stage, start, end);
        }
    }

    /** Reads the next line (without its line end) and says how a console should show it. */
    public LineKind accept(String raw) {
        lineNo++;
        String s = clean(raw);
        int n = s.length();
        if (n == 0) {
            prevLine = s;
            return LineKind.PLAIN;
        }
        char c0 = s.charAt(0);
        LineKind structural = structure(s, c0, n);
        if (structural != null) {
            prevLine = s;
            return structural;
        }
        if (inSummary) {
            summaryField(s);
        }
        if (c0 == 'B' && section != null && buildTail == null && "build".equals(section.stage)
                && s.startsWith("Build finished at ")) {
            // buildlog-consultant cuts the build output here, and the rule of dashes before it.
            takeBuildTail(prevLine.length() == 80 && allDashes(prevLine, 80) ? lineNo - 2 : lineNo - 1);
        }
        LineKind kind = classify(s, c0, n);
        prevLine = s;
        return kind;
    }

    /**
     * Counts a line the caller has found to match nothing (see {@link LogFiles}): not empty, not
     * structural, no pattern of this class; and not needed as the previous line of the next one.
     */
    void skip() {
        lineNo++;
        prevLine = SKIPPED;
    }

    /** Whether every line must be read in full: sbuild's summary, the install-deps section. */
    boolean wantsEveryLine() {
        return inSummary || (section != null && "install-deps".equals(section.stage));
    }

    /** Number of lines read so far. */
    public long lines() {
        return lineNo;
    }

    /** The title of the section being read, or null before the first. */
    public String currentSection() {
        return section == null ? null : section.title;
    }

    // ---------------------------------------------------------------- structure

    private LineKind structure(String s, char c0, int n) {
        if (c0 == '+' && n >= 3 && isBorder(s, n)) {
            // sbuild's "+=====+" box holds the package name and date, not a section.
            borderLine = s.charAt(1) == '-' ? lineNo : -10;
            return LineKind.PLAIN;
        }
        if (c0 == '|' && borderLine == lineNo - 1 && n >= 2 && s.charAt(n - 1) == '|') {
            openSection(s.substring(1, n - 1).strip(), sbuildStage(s.substring(1, n - 1).strip()), lineNo);
            if (format == LogFormat.UNKNOWN) {
                format = LogFormat.SBUILD;
            }
            return LineKind.SECTION;
        }
        if (c0 == '-' && n >= 3 && allDashes(s, n)) {
            inSummary = false;
            if (prevLine.length() == n && prevLine.charAt(0) != '-' && prevLine.charAt(0) != ' ' && section != null) {
                openSubsection(prevLine.strip(), lineNo - 1);
                return LineKind.SUBSECTION;
            }
            return LineKind.PLAIN;
        }
        if (c0 == 'I' && n > 3 && s.charAt(1) == ':' && s.charAt(2) == ' ') {
            return pbuilderPhase(s);
        }
        if (lineNo <= 3 && c0 == 's' && s.startsWith("sbuild (Debian sbuild)")) {
            format = LogFormat.SBUILD;
        }
        return null;
    }

    private LineKind pbuilderPhase(String s) {
        String text = s.substring(3);
        String stage = switch (text) {
            case "Building the build Environment" -> "create-session";
            case "Copying source file" -> "fetch-src";
            case "Extracting source" -> "unpack";
            case "Installing the build-deps" -> "install-deps";
            case "Building the package" -> "build";
            case "cleaning the build env " , "cleaning the build env" -> "cleanup";
            default -> null;
        };
        if (stage == null) {
            if (format == LogFormat.UNKNOWN && lineNo <= 10 && text.startsWith("pbuilder")) {
                format = LogFormat.PBUILDER;
            }
            return null;
        }
        if (format == LogFormat.SBUILD) {
            return null;
        }
        format = LogFormat.PBUILDER;
        openSection(text.strip(), stage, lineNo);
        return LineKind.SECTION;
    }

    private static boolean isBorder(String s, int n) {
        char fill = s.charAt(1);
        if ((fill != '-' && fill != '=') || s.charAt(n - 1) != '+') {
            return false;
        }
        for (int i = 2; i < n - 1; i++) {
            if (s.charAt(i) != fill) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDashes(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static String sbuildStage(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        if (t.equals("build")) {
            return "build";
        }
        if (t.startsWith("install") && t.endsWith("build dependencies")) {
            return "install-deps";
        }
        return switch (t) {
            case "update chroot" -> "apt-get-update";
            case "fetch source files" -> "fetch-src";
            case "check architectures" -> "arch-check";
            case "post build", "post build commands" -> "post-build";
            case "autopkgtest" -> "autopkgtest";
            case "cleanup" -> "cleanup";
            default -> null;
        };
    }

    private void openSection(String title, String stage, long start) {
        closeSubsection(start - 1);
        if (section != null) {
            // sbuild's title line follows a border line, which belongs to no section.
            closeSection(format == LogFormat.PBUILDER ? start - 1 : start - 2);
        }
        section = new OpenSection(title, 1, stage, start);
        closed.add(section);
        inSummary = "summary".equalsIgnoreCase(title);
        if (stage != null && !stage.equals("cleanup")) {
            lastWorkStage = stage;
        }
    }

    private void openSubsection(String title, long start) {
        closeSubsection(start - 1);
        subsection = new OpenSection(title, 2, section.stage, start);
        closed.add(subsection);
    }

    private void closeSubsection(long end) {
        if (subsection != null) {
            subsection.end = Math.max(subsection.start, end);
            subsection = null;
        }
    }

    private void closeSection(long end) {
        closeSubsection(end);
        section.end = Math.max(section.start, end);
        if ("build".equals(section.stage) && buildTail == null) {
            takeBuildTail(section.end);
        }
    }

    private void takeBuildTail(long end) {
        buildTailEnd = end;
        buildTailStart = Math.max(section.start, end - TAIL_WINDOW + 1);
        List<Finding> tail = new ArrayList<>();
        for (Finding f : recent) {
            if (f.line() >= buildTailStart && f.line() <= end) {
                tail.add(f);
            }
        }
        buildTail = tail;
    }

    private void summaryField(String s) {
        Matcher m = SUMMARY_FIELD.matcher(s);
        if (m.matches()) {
            summary.put(m.group(1), m.group(2).strip());
        }
    }

    // ---------------------------------------------------------------- classification

    private LineKind classify(String s, char c0, int n) {
        FindingKind kind = anchored(s, c0, n);
        if (kind == null) {
            kind = unanchored(s, n);
        }
        if (kind == null) {
            return LineKind.PLAIN;
        }
        record(kind, s);
        return kind.severity() == Severity.ERROR ? LineKind.ERROR : LineKind.WARNING;
    }

    /** Patterns that start the line; the switch keeps the common case to one comparison. */
    private FindingKind anchored(String s, char c0, int n) {
        switch (c0) {
            case 'E':
                if (s.startsWith("E: ")) {
                    return builderError(s);
                }
                break;
            case 'W':
                if (s.startsWith("W: ")) {
                    return FindingKind.WARNING;
                }
                break;
            case 'm':
            case 'g':
                if (isMakeError(s)) {
                    if (s.endsWith("Killed") || s.endsWith("Terminated")) {
                        return FindingKind.KILLED;
                    }
                    if (s.contains("Segmentation fault")) {
                        return FindingKind.SEGFAULT;
                    }
                    if (s.contains("No space left on device")) {
                        return FindingKind.DISK_FULL;
                    }
                    return FindingKind.MAKE_ERROR;
                }
                break;
            case 'd':
                if (s.startsWith("dh") || s.startsWith("dpkg-")) {
                    int colon = s.indexOf(": ");
                    if (colon > 0 && isToolName(s, colon)) {
                        if (s.startsWith("error: ", colon + 2)) {
                            return s.startsWith("dpkg-source:") ? FindingKind.DPKG_SOURCE_ERROR
                                    : s.startsWith("dpkg-") ? FindingKind.DPKG_ERROR : FindingKind.DH_ERROR;
                        }
                        if (s.startsWith("warning: ", colon + 2)) {
                            return FindingKind.WARNING;
                        }
                    }
                }
                break;
            case ' ':
                if (inInstallDeps()) {
                    return dependencyLine(s);
                }
                break;
            case '#':
                if (s.startsWith("#   Failed test") || (s.startsWith("# FAIL: ") && !s.startsWith("# FAIL:  0"))) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 'n':
                if (s.startsWith("not ok ") && !s.contains("# TODO") && !s.contains("# SKIP")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 'F':
                if (s.startsWith("FAIL: ") || s.startsWith("FAIL\t") || s.startsWith("FAILED ")
                        || s.startsWith("FAILED (") || (s.startsWith("Failed ") && s.contains(" subtests"))
                        || (s.startsWith("Failed ") && s.contains("test programs")) || s.startsWith("FAILED: ")) {
                    return s.startsWith("FAILED: ") ? FindingKind.BUILD_TOOL_ERROR : FindingKind.TEST_FAILURE;
                }
                if (s.startsWith("Fail:") && n > 5 && !s.substring(5).strip().equals("0")) {
                    return FindingKind.TEST_FAILURE; // meson test summary
                }
                break;
            case 'R':
                if (s.startsWith("Result: FAIL")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 'D':
                if (s.startsWith("Dubious, test returned")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 'T':
                if (s.startsWith("The following tests FAILED")) {
                    return FindingKind.TEST_FAILURE;
                }
                if (s.startsWith("Tests run: ") && s.contains("Failures: ") && !s.contains("Failures: 0, Errors: 0")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case '-':
                if (s.startsWith("--- FAIL: ")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 't':
                if (s.startsWith("test result: FAILED")) {
                    return FindingKind.TEST_FAILURE;
                }
                break;
            case 'C':
                if (s.startsWith("Can't locate ") && s.contains(" in @INC")) {
                    return FindingKind.MISSING_BUILD_TOOL;
                }
                if (s.startsWith("CMake Error")) {
                    return FindingKind.BUILD_TOOL_ERROR;
                }
                break;
            case 'N':
                if (s.startsWith("No package '") && s.endsWith("' found")) {
                    return FindingKind.MISSING_BUILD_TOOL;
                }
                break;
            case 'P':
                if (s.startsWith("Package '") && s.endsWith("not found")) {
                    return FindingKind.MISSING_BUILD_TOOL;
                }
                break;
            case '[':
                if (s.startsWith("[ERROR] Tests run:") || s.startsWith("[ERROR] Failed tests:")) {
                    return FindingKind.TEST_FAILURE;
                }
                if (s.startsWith("[ERROR] Failed to execute goal")) {
                    return FindingKind.BUILD_TOOL_ERROR;
                }
                break;
            default:
                if (c0 >= '1' && c0 <= '9' && CTEST_SUMMARY.matcher(s).matches()) {
                    return FindingKind.TEST_FAILURE;
                }
                if (c0 == 'u' && s.startsWith("unsat-dependency: ")) {
                    return null;
                }
                break;
        }
        if (c0 == 'n' && s.startsWith("ninja: build stopped")) {
            return FindingKind.BUILD_TOOL_ERROR;
        }
        return null;
    }

    /** {@code make: *** ...}, {@code make[2]: *** ...}, {@code gmake: *** ...}, without a regex (hot path). */
    private static boolean isMakeError(String s) {
        int i = s.startsWith("make") ? 4 : s.startsWith("gmake") ? 5 : -1;
        if (i < 0) {
            return false;
        }
        if (i < s.length() && s.charAt(i) == '[') {
            int j = i + 1;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j == i + 1 || j >= s.length() || s.charAt(j) != ']') {
                return false;
            }
            i = j + 1;
        }
        return s.startsWith(": *** ", i);
    }

    /** {@code dh}, {@code dh_xxx} or {@code dpkg-xxx} ending at {@code end}. */
    private static boolean isToolName(String s, int end) {
        int start;
        if (s.startsWith("dpkg-")) {
            start = 5;
        } else if (s.startsWith("dh_")) {
            start = 3;
        } else {
            return end == 2; // "dh"
        }
        if (end <= start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** Patterns anywhere in the line, found with String.indexOf (vectorised by the JVM). */
    private FindingKind unanchored(String s, int n) {
        if (s.indexOf("rror:") >= 0 || s.startsWith("error[")) {
            FindingKind k = errorLine(s);
            if (k != null) {
                return k;
            }
        }
        if (s.indexOf("arning:") >= 0) {
            Matcher m = COMPILER_MESSAGE.matcher(s);
            return m.matches() ? FindingKind.COMPILER_WARNING : FindingKind.WARNING;
        }
        if (s.indexOf("undefined reference to") >= 0) {
            return FindingKind.LINKER_ERROR;
        }
        if (s.indexOf("No space left on device") >= 0) {
            return FindingKind.DISK_FULL;
        }
        if (s.indexOf("Segmentation fault") >= 0) {
            return FindingKind.SEGFAULT;
        }
        char last = s.charAt(n - 1);
        if (last == 'd') {
            if (s.endsWith(": not found") || s.endsWith(": command not found")) {
                return FindingKind.MISSING_BUILD_TOOL;
            }
            if (s.endsWith("Killed") && (n == 6 || s.charAt(n - 7) == ' ')) {
                return FindingKind.KILLED;
            }
        }
        if (s.indexOf("ld: cannot find ") >= 0) {
            return FindingKind.LINKER_ERROR;
        }
        return null;
    }

    private FindingKind errorLine(String s) {
        if (s.contains("internal compiler error")) {
            return FindingKind.INTERNAL_COMPILER_ERROR;
        }
        if (s.contains("Killed signal terminated program")) {
            return FindingKind.KILLED;
        }
        if (s.contains("No space left on device")) {
            return FindingKind.DISK_FULL;
        }
        if (s.startsWith("collect2: error: ld returned") || s.contains("ld: error:") || s.contains("undefined reference to")) {
            return FindingKind.LINKER_ERROR;
        }
        if (s.contains("ModuleNotFoundError: No module named")) {
            return FindingKind.MISSING_BUILD_TOOL;
        }
        if (s.startsWith("error[E")) {
            return FindingKind.COMPILER_ERROR;
        }
        Matcher m = COMPILER_MESSAGE.matcher(s);
        if (m.matches()) {
            String severity = m.group(4);
            if (severity.equals("warning")) {
                return FindingKind.COMPILER_WARNING;
            }
            String msg = m.group(5);
            if (msg.endsWith(": No such file or directory") && msg.indexOf('.') > 0) {
                return FindingKind.MISSING_HEADER;
            }
            if (msg.startsWith("Killed signal")) {
                return FindingKind.KILLED;
            }
            return FindingKind.COMPILER_ERROR;
        }
        if (s.indexOf("error:") >= 0 || s.indexOf("Error:") >= 0) {
            return FindingKind.OTHER_ERROR;
        }
        return null;
    }

    private FindingKind builderError(String s) {
        if (s.startsWith(TIMEOUT_MARKER) || s.startsWith("E: Build killed with signal")) {
            return FindingKind.TIMEOUT;
        }
        if (s.startsWith("E: ABORT: Received ")) {
            return FindingKind.KILLED; // sbuild stopped by a signal: where a stopped build broke off
        }
        if (s.startsWith(CANCEL_MARKER)) {
            return FindingKind.CANCELLED;
        }
        if (s.contains("No space left on device")) {
            return FindingKind.DISK_FULL;
        }
        return FindingKind.BUILDER_ERROR;
    }

    private boolean inInstallDeps() {
        return section != null && "install-deps".equals(section.stage);
    }

    /** apt's unmet-dependency lines and dose's explanation, inside the install-deps section. */
    private FindingKind dependencyLine(String s) {
        if (s.indexOf("Depends: ") > 0 && s.indexOf(" but ") > 0) {
            Matcher m = APT_UNMET.matcher(s);
            if (m.matches()) {
                if (m.group(1) != null) {
                    aptDependent = m.group(1);
                }
                // "... or" starts a group of alternatives apt spreads over lines; dose states such
                // groups whole, so only single relations are taken from apt.
                if (isDummy(aptDependent) && MISSING_REASON.matcher(m.group(3)).matches() && !s.stripTrailing().endsWith(" or")) {
                    addMissing(m.group(2));
                }
                return FindingKind.UNSATISFIABLE_DEPENDENCY;
            }
        }
        if (s.indexOf("package: ") > 0) {
            Matcher m = DOSE_PACKAGE.matcher(s);
            if (m.matches()) {
                dosePackage = m.group(1);
            }
            return null;
        }
        if (s.indexOf("unsat-dependency: ") > 0) {
            Matcher m = DOSE_UNSAT.matcher(s);
            if (m.matches()) {
                if (isDummy(dosePackage)) {
                    addMissing(m.group(1));
                }
                return FindingKind.UNSATISFIABLE_DEPENDENCY;
            }
        }
        return null;
    }

    /** The packages sbuild, pbuilder and apt make up to stand for the build-dependencies of the source. */
    private static boolean isDummy(String pkg) {
        return pkg != null && ((pkg.startsWith("sbuild-build-depends-") && pkg.endsWith("-dummy"))
                || pkg.startsWith("builddeps:") || pkg.equals("pbuilder-satisfydepends-dummy"));
    }

    private void addMissing(String relationText) {
        RelationList list;
        try {
            list = RelationList.parse(relationText);
        } catch (IllegalArgumentException e) {
            return; // not Depends syntax: nothing a dep-wait could hold
        }
        for (Alternatives alt : list) {
            List<Relation> plain = new ArrayList<>();
            for (Relation r : alt.relations()) {
                // The architecture qualifier apt and dose print is the build's own; Depends in
                // wanna-build's dep-wait names packages only.
                plain.add(new Relation(r.name(), null, r.op(), r.version(), List.of(), List.of()));
            }
            missing.putIfAbsent(plain.get(0).name(), new Alternatives(plain));
        }
    }

    private void record(FindingKind kind, String s) {
        counts[kind.ordinal()]++;
        String file = null;
        int fileLine = 0;
        if (kind == FindingKind.COMPILER_ERROR || kind == FindingKind.COMPILER_WARNING || kind == FindingKind.MISSING_HEADER) {
            Matcher m = COMPILER_MESSAGE.matcher(s);
            if (m.matches()) {
                file = m.group(1);
                fileLine = Integer.parseInt(m.group(2).length() > 9 ? "0" : m.group(2));
            }
        }
        Finding f = new Finding(lineNo, kind, s, section == null ? null : section.title, file, fileLine);
        if (kind.severity() == Severity.WARNING) {
            warningCount++;
            if (warnings.size() < MAX_KEPT) {
                warnings.add(f);
            }
            return;
        }
        errorCount++;
        if (errors.size() < MAX_KEPT) {
            errors.add(f);
        }
        if (section != null && section.firstError == null && kind.role() != FindingKind.Role.DETAIL) {
            section.firstError = f;
        }
        switch (kind) {
            case TIMEOUT -> timeoutMarker = timeoutMarker == null ? f : timeoutMarker;
            case CANCELLED -> cancelMarker = cancelMarker == null ? f : cancelMarker;
            case UNSATISFIABLE_DEPENDENCY -> firstUnsat = firstUnsat == null ? f : firstUnsat;
            case KILLED -> firstAbort = firstAbort == null && s.startsWith("E: ABORT: ") ? f : firstAbort;
            case BUILDER_ERROR -> {
                lastBuilderError = f;
                if (firstBuilderErrorStage == null) {
                    firstBuilderErrorStage = section == null ? "create-session" : section.stage;
                }
            }
            default -> { }
        }
        recent.addLast(f);
        while (!recent.isEmpty() && recent.peekFirst().line() <= lineNo - TAIL_WINDOW - 10) {
            recent.removeFirst();
        }
    }

    private static String clean(String raw) {
        String s = raw;
        int n = s.length();
        if (n > 0 && s.charAt(n - 1) == '\r') {
            s = s.substring(0, n - 1);
        }
        if (s.indexOf('\u001b') >= 0) {
            s = stripAnsi(s);
        }
        return s;
    }

    /** Removes terminal colour sequences (pbuilder colours its I:/E: prefixes). */
    static String stripAnsi(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\u001b' && i + 1 < n && s.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';' || s.charAt(j) == '?')) {
                    j++;
                }
                i = j < n ? j + 1 : j;
                continue;
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- the end

    /** Ends the log and says how the build went. The analyzer must not be fed afterwards. */
    public LogAnalysis finish() {
        if (section != null) {
            closeSection(lastNonBlank());
        }
        List<LogSection> frozen = new ArrayList<>(closed.size());
        for (OpenSection o : closed) {
            frozen.add(o.freeze());
        }
        Map<FindingKind, Long> countMap = new EnumMap<>(FindingKind.class);
        for (FindingKind k : FindingKind.values()) {
            if (counts[k.ordinal()] > 0) {
                countMap.put(k, counts[k.ordinal()]);
            }
        }
        return new LogAnalysis(format, lineNo, frozen, errors, warnings, errorCount, warningCount, countMap, summary,
                diagnose());
    }

    private long lastNonBlank() {
        return prevLine.isEmpty() ? Math.max(section.start, lineNo - 1) : lineNo;
    }

    private Diagnosis diagnose() {
        String status = summary.get("Status");
        String stage = summary.get("Fail-Stage");
        if (format == LogFormat.PBUILDER && status == null) {
            if (firstBuilderErrorStage != null) {
                stage = firstBuilderErrorStage;
                status = "build".equals(stage) ? "attempted" : "given-back";
            } else if (lastWorkStage != null && closed.stream().anyMatch(o -> "build".equals(o.stage))
                    && closed.get(closed.size() - 1).stage != null && closed.get(closed.size() - 1).stage.equals("cleanup")) {
                status = "successful";
            }
        }
        Finding stop = timeoutMarker != null ? timeoutMarker : cancelMarker;
        if (stop != null) {
            String where = stage != null ? stage : lastWorkStage;
            FailureClass fc = stop.kind() == FindingKind.TIMEOUT ? FailureClass.TIMEOUT : FailureClass.CANCELLED;
            String what = fc == FailureClass.TIMEOUT ? "timed out" : "cancelled";
            // The line where the stopped build broke off (sbuild's "E: ABORT: Received TERM signal")
            // explains the log better than the executor's note at its end.
            Finding key = firstAbort != null && firstAbort.line() < stop.line() ? firstAbort : stop;
            return new Diagnosis(status, where, key, fc, fc.suggestedCategory(),
                    what + (where == null ? "" : " (stage " + where + ")"), RelationList.EMPTY, List.of());
        }
        if ("successful".equals(status)) {
            return new Diagnosis(status, null, null, FailureClass.NONE, FailureCategory.NONE, "successful",
                    RelationList.EMPTY, List.of());
        }
        if (stage == null) {
            stage = lastWorkStage;
        }
        if (stage == null) {
            return new Diagnosis(status, null, lastBuilderError, lastBuilderError == null ? FailureClass.UNKNOWN
                    : FailureClass.BUILDER_FAILURE, FailureCategory.NONE,
                    lastBuilderError == null ? "no build stage found in the log" : lastBuilderError.text(),
                    RelationList.EMPTY, List.of());
        }
        return switch (stage) {
            case "build" -> diagnoseBuild(status, stage);
            case "install-deps", "explain-bd-uninstallable" -> diagnoseInstallDeps(status, stage);
            default -> diagnoseOther(status, stage);
        };
    }

    private Diagnosis diagnoseBuild(String status, String stage) {
        if (buildTail == null) {
            OpenSection build = lastSectionWithStage("build");
            if (build == null) {
                return diagnoseOther(status, stage);
            }
            buildTail = new ArrayList<>(recent);
            buildTailEnd = build.end;
            buildTailStart = Math.max(build.start, build.end - TAIL_WINDOW + 1);
        }
        Finding key = null;
        for (Finding f : buildTail) {
            if (f.kind().role() == FindingKind.Role.PRIMARY && f.line() > buildTailEnd - TAIL_WINDOW + 1
                    && f.line() >= buildTailStart && f.line() <= buildTailEnd) {
                key = f;
                break;
            }
        }
        if (key == null) {
            for (Finding f : buildTail) {
                if (f.kind().role() == FindingKind.Role.SECONDARY && f.line() >= buildTailStart && f.line() <= buildTailEnd) {
                    key = f;
                    break;
                }
            }
        }
        List<String> tests = new ArrayList<>();
        boolean testsFailed = false;
        for (Finding f : buildTail) {
            if (f.kind() == FindingKind.TEST_FAILURE) {
                testsFailed = true;
                if (tests.size() < 5) {
                    tests.add(f.text().strip());
                }
            } else if (f.kind() == FindingKind.DH_ERROR && f.text().startsWith("dh_auto_test:")) {
                testsFailed = true;
            } else if (f.kind() == FindingKind.MAKE_ERROR && (f.text().contains(" check] Error")
                    || f.text().contains(" test] Error") || f.text().contains("override_dh_auto_test] Error"))) {
                testsFailed = true;
            }
        }
        if (key == null) {
            return new Diagnosis(status, stage, null, FailureClass.UNKNOWN, FailureCategory.NONE,
                    "build failed (stage " + stage + ")", RelationList.EMPTY, tests);
        }
        FailureClass fc = key.kind().role() == FindingKind.Role.PRIMARY ? classOf(key)
                : testsFailed ? FailureClass.TEST_FAILURE : FailureClass.BUILD_ERROR;
        String message = fc == FailureClass.TEST_FAILURE
                ? "test suite failed: " + (tests.isEmpty() ? key.text().strip() : tests.get(0))
                : key.text().strip();
        return new Diagnosis(status, stage, key, fc, fc.suggestedCategory(), message, RelationList.EMPTY, tests);
    }

    private Diagnosis diagnoseInstallDeps(String status, String stage) {
        RelationList deps = new RelationList(new ArrayList<>(missing.values()));
        Finding key = firstUnsat;
        if (key == null) {
            OpenSection s = lastSectionWithStage("install-deps");
            key = s == null ? lastBuilderError : s.firstError;
        }
        String message = !deps.isEmpty() ? "unsatisfiable build-dependencies: " + deps
                : key != null ? key.text().strip() : "build-dependencies could not be installed";
        return new Diagnosis(status, stage, key, FailureClass.UNSATISFIABLE_BUILD_DEPENDENCIES, FailureCategory.NONE,
                message, deps, List.of());
    }

    private Diagnosis diagnoseOther(String status, String stage) {
        String sectionStage = switch (stage) {
            case "unpack", "check-space" -> "build";
            default -> stage;
        };
        Finding key = null;
        for (OpenSection o : closed) {
            if (o.level == 1 && sectionStage.equals(o.stage) && o.firstError != null) {
                key = o.firstError;
                break;
            }
        }
        if (key == null) {
            key = lastBuilderError;
        }
        FailureClass fc = key == null ? FailureClass.BUILDER_FAILURE : switch (key.kind()) {
            case DPKG_SOURCE_ERROR -> FailureClass.SOURCE_ERROR;
            case DISK_FULL -> FailureClass.DISK_FULL;
            case KILLED -> FailureClass.KILLED;
            default -> key.kind().role() == FindingKind.Role.PRIMARY && key.kind() != FindingKind.UNSATISFIABLE_DEPENDENCY
                    ? classOf(key) : FailureClass.BUILDER_FAILURE;
        };
        String message = key == null ? "build failed (stage " + stage + ")" : key.text().strip();
        return new Diagnosis(status, stage, key, fc, fc.suggestedCategory(), message, RelationList.EMPTY, List.of());
    }

    private OpenSection lastSectionWithStage(String stage) {
        for (int i = closed.size() - 1; i >= 0; i--) {
            if (closed.get(i).level == 1 && stage.equals(closed.get(i).stage)) {
                return closed.get(i);
            }
        }
        return null;
    }

    private static FailureClass classOf(Finding f) {
        return switch (f.kind()) {
            case COMPILER_ERROR -> FailureClass.COMPILE_ERROR;
            case MISSING_HEADER, MISSING_BUILD_TOOL -> FailureClass.MISSING_BUILD_DEPENDENCY;
            case INTERNAL_COMPILER_ERROR -> FailureClass.COMPILER_CRASH;
            case LINKER_ERROR -> FailureClass.LINK_ERROR;
            case DISK_FULL -> FailureClass.DISK_FULL;
            case SEGFAULT -> f.text().contains("cc1") ? FailureClass.COMPILER_CRASH : FailureClass.SEGFAULT;
            case KILLED -> FailureClass.KILLED;
            case TIMEOUT -> FailureClass.TIMEOUT;
            case CANCELLED -> FailureClass.CANCELLED;
            case DPKG_SOURCE_ERROR -> FailureClass.SOURCE_ERROR;
            case UNSATISFIABLE_DEPENDENCY -> FailureClass.UNSATISFIABLE_BUILD_DEPENDENCIES;
            case TEST_FAILURE -> FailureClass.TEST_FAILURE;
            case BUILDER_ERROR -> FailureClass.BUILDER_FAILURE;
            default -> FailureClass.BUILD_ERROR;
        };
    }
}
