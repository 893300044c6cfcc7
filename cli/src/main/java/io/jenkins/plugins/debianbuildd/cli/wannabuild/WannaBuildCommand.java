package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import io.jenkins.plugins.debianbuildd.merge.PackagesArchSpecific;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.FailedCategory;
import io.jenkins.plugins.debianbuildd.wannabuild.IllegalTransitionException;
import io.jenkins.plugins.debianbuildd.wannabuild.ListOrder;
import io.jenkins.plugins.debianbuildd.wannabuild.ListQuery;
import io.jenkins.plugins.debianbuildd.wannabuild.MergeSummary;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageArg;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Request;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.UnknownPackageException;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * wanna-build's command line over the wanna-build store: the manual's options, aliases and output (see
 * docs/wanna-build.md). A thin layer: every state change is one store operation, every text is the store's
 * ({@link OperationResult#messages()}, {@link IllegalTransitionException#wannaBuildMessage()},
 * {@link WannaBuildText}).
 *
 * <p>Exit codes: 0 done; 1 a package was refused or is not registered (wanna-build's message on standard
 * output), or the database or a file failed (one line on standard error); 2 bad arguments (one line on
 * standard error).
 */
@Command(name = "wanna-build", mixinStandardHelpOptions = true, version = "debian-buildd 0.1.0",
        sortOptions = false,
        description = {
            "Coordinates package building through the wanna-build database: take a package for building, record "
                    + "what became of it, list packages by state, show one package's record.",
            "Without an action option, the packages are taken for building (--take). Package arguments are free "
                    + "format: hello, hello_1.0-1, ../hello_1.0-1.dsc, hello_1.0-1_amd64.changes (directories and "
                    + "extensions are ignored)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:a package was refused or is not registered (wanna-build's message on standard output), or the "
                    + "database or a file failed",
            "2:bad arguments"},
        footerHeading = "%nAliases (invoked under these names, e.g. through symlinks to bin/buildd):%n",
        footer = {
            "  uploaded-build = --uploaded     failed-build = --failed       give-back-build = --give-back",
            "  dep-wait-build = --dep-wait     forget-build = --forget       no-build = --no-build",
            "  build-info = --info             list-needs-build, list-building, list-uploaded, list-installed,",
            "  list-failed, list-dep-wait, list-not-for-us, list-all = --list=STATE",
            "",
            "See docs/wanna-build.md for the output formats and the --json shapes."})
public final class WannaBuildCommand implements Callable<Integer> {
    static final int EXIT_REFUSED = 1;

    @Spec
    CommandSpec spec;

    // ---------------------------------------------------------------- actions (one at a time)

    @Option(names = {"--take", "--building"}, description = "Take the packages for building (the default).")
    boolean take;

    @Option(names = {"-f", "--failed"}, description = "Record that the build failed because of the package. The reason "
            + "comes from -m (asked for on a terminal otherwise); a leading [category] or -c sets the failure category.")
    boolean failed;

    @Option(names = {"-u", "--uploaded"}, description = "Record that the package was built and uploaded.")
    boolean uploaded;

    @Option(names = {"-n", "--no-build", "--not-for-us"}, description = "Record that the package is not to be built for "
            + "this architecture (Not-For-Us); on a Not-For-Us package, move it out of that state.")
    boolean noBuild;

    @Option(names = "--built", description = "Record that the build succeeded (not uploaded yet).")
    boolean built;

    @Option(names = "--attempted", description = "Record that the build failed; the builder decides later.")
    boolean attempted;

    @Option(names = "--dep-wait", description = "Record that the package waits for build-dependencies, given with -m "
            + "in Depends syntax (asked for on a terminal otherwise).")
    boolean depWait;

    @Option(names = {"--give-back", "--needs-build"}, description = "Give a taken package back (Needs-Build).")
    boolean giveBack;

    @Option(names = "--forget", description = "Remove the packages from the database (the transactions log keeps their history).")
    boolean forget;

    @Option(names = "--binNMU", paramLabel = "N", description = "Schedule binary NMU N of an installed package, with "
            + "the changelog entry given by -m; 0 cancels a scheduled binNMU. Also --binary-nmu.")
    Integer binNmu;

    // Separate options rather than aliases: picocli names an option by its longest name in error messages,
    // and a user who typed --binNMU should read --binNMU.
    @Option(names = "--binary-nmu", paramLabel = "N", hidden = true)
    Integer binaryNmu;

    @Option(names = "--build-priority", paramLabel = "N", description = "Set the one-time build priority (0 clears it).")
    Integer buildPriority;

    @Option(names = "--perm-build-priority", paramLabel = "N",
            description = "Set the permanent build priority (0 clears it). Also --permanent-build-priority.")
    Integer permBuildPriority;

    @Option(names = "--permanent-build-priority", paramLabel = "N", hidden = true)
    Integer permanentBuildPriority;

    @Option(names = {"-i", "--info"}, description = "Show the database record of the packages.")
    boolean info;

    @Option(names = {"-l", "--list"}, paramLabel = "STATE", description = "List the packages in STATE (needs-build, "
            + "building, built, build-attempted, uploaded, installed, failed, dep-wait, bd-uninstallable, not-for-us, "
            + "auto-not-for-us, failed-removed, dep-wait-removed, install-wait, reupload-wait) or all.")
    String list;

    @Option(names = "--merge-v3", description = "Merge the archive into the database: arguments are Packages files, "
            + "'.', Sources files, and optionally '.' and Packages files of what packages build against "
            + "(%%ARCH%% and %%SUITE%% in the names are replaced).")
    boolean mergeV3;

    @Option(names = "--export", paramLabel = "FILE", description = "Write the whole database to FILE ('-' for standard output).")
    String export;

    @Option(names = "--import", paramLabel = "FILE", description = "Replace the whole database with FILE, "
            + "written by --export ('-' for standard input).")
    String importFrom;

    // ---------------------------------------------------------------- behaviour

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The failure reason (--failed), the "
            + "dependencies (--dep-wait) or the changelog entry (--binNMU).")
    String message;

    @Option(names = {"-c", "--category"}, paramLabel = "CATEGORY", description = "The failure category (--failed), or "
            + "list only failed packages of this category (--list): none, easy (e), medium (m), hard (h), "
            + "compiler-error (c), fix-expected (f), reminder-sent (r), nmu-offered (n), uploaded-fixed-pkg (u).")
    String category;

    @Option(names = {"-o", "--override"}, description = "Take over a package another builder holds (or that failed); "
            + "act on a package another builder holds; force a give-back.")
    boolean override;

    @Option(names = {"-U", "--user"}, paramLabel = "USER", description = "The user recorded as builder (default: your "
            + "login name); with --list, only this user's packages.")
    String user;

    @Option(names = {"-d", "--dist"}, paramLabel = "DIST", description = "The suite (default: the only configured one); "
            + "o, s, t, u stand for oldstable, stable, testing, unstable. --list takes several (comma-separated) "
            + "and --list and --info take 'all'.")
    String dist;

    @Option(names = {"-A", "--arch"}, paramLabel = "ARCH", description = "The architecture (default: the suite's only "
            + "one, else this machine's).")
    String arch;

    @Option(names = {"-a", "--min-age"}, paramLabel = "DAYS", description = "--list: only packages whose state changed "
            + "at least DAYS ago (negative: at most -DAYS ago).")
    Integer minAge;

    @Option(names = "--max-age", paramLabel = "DAYS", description = "--list: only packages whose state changed at most "
            + "DAYS ago (negative: at least -DAYS ago).")
    Integer maxAge;

    @Option(names = {"-O", "--order"}, paramLabel = "LETTERS", description = "--list order, letters applied left to right: "
            + "b builder, c compile state, p priority, s section, n name, f failure category, P build priority, "
            + "C calprio, W waiting days, S base priority, a age. Default cpsn (fcpsn for failed).")
    String order;

    @Option(names = "--arch-all", paramLabel = "ARCH", description = "--merge-v3: the architecture arch:all packages "
            + "are built on (default: the suite's Arch-All in buildd.conf).")
    String archAll;

    @Option(names = "--Pas", paramLabel = "FILE", description = "--merge-v3: a Packages-arch-specific file.")
    Path packagesArchSpecific;

    @Option(names = {"-v", "--verbose"}, description = "Say what was done (hello: ok), previous states in lists.")
    boolean verbose;

    @Option(names = "--json", description = "Print one JSON object for scripts (shapes in docs/wanna-build.md).")
    boolean json;

    // ---------------------------------------------------------------- which database

    @Option(names = "--data", paramLabel = "DIR", description = "The standalone buildd's data directory (default: "
            + "$DEBIAN_BUILDD_DATA, else ~/.local/share/debian-buildd); its buildd.conf names the database.")
    Path data;

    @Option(names = "--database", paramLabel = "JDBC-URL", description = "Use this database instead of the data "
            + "directory's, e.g. jdbc:postgresql://db.example.org/wannabuild.")
    String database;

    @Option(names = "--database-user", paramLabel = "USER", description = "--database: the database user (default: "
            + "your login name).")
    String databaseUser;

    @Option(names = "--database-password-file", paramLabel = "FILE", description = "--database: a file holding the "
            + "password (default: $PGPASSWORD).")
    Path databasePasswordFile;

    @Parameters(paramLabel = "PACKAGE", description = "Packages (name or name_version, free format), or the files "
            + "of --merge-v3.")
    List<String> arguments = new ArrayList<>();

    // ---------------------------------------------------------------- invocation and test seams

    private final Alias alias;
    /** A store given by the caller (not closed here); null: open the one --data or --database names. */
    private WannaBuildStore givenStore;
    private BuilddConfig givenConfig;
    private Clock clock = Clock.systemUTC();
    private InputStream stdin = System.in;
    private boolean stdinIsTerminal = interactive();
    private OutputStream stdout = System.out;

    /** As {@code wanna-build} (or {@code buildd wanna-build}): nothing implied. */
    public WannaBuildCommand() {
        this(null);
    }

    /** As invoked under {@code alias} (null: {@code wanna-build}). */
    public WannaBuildCommand(Alias alias) {
        this.alias = alias;
    }

    /** The command for a program name: {@code wanna-build} or one of the {@link Alias}es. */
    public static WannaBuildCommand invokedAs(String name) {
        if (Alias.WANNA_BUILD.equals(name)) {
            return new WannaBuildCommand();
        }
        return new WannaBuildCommand(Alias.named(name)
                .orElseThrow(() -> new IllegalArgumentException("not a wanna-build name: " + name)));
    }

    /**
     * Runs against an open store instead of the one --data or --database names (a controller that holds
     * one, or tests); the store is not closed, {@code config} (may be null) gives the defaults buildd.conf
     * gives (Arch-All, build profiles, the merge's cache), and {@code clock} is the time lists and --info are
     * shown at.
     */
    public WannaBuildCommand useStore(WannaBuildStore store, BuilddConfig config, Clock clock) {
        this.givenStore = store;
        this.givenConfig = config;
        this.clock = clock;
        return this;
    }

    /** Where interactive input (the --failed reason on a terminal, --import -) and --export - go. */
    public WannaBuildCommand useStreams(InputStream in, boolean inIsTerminal, OutputStream out) {
        this.stdin = in;
        this.stdinIsTerminal = inIsTerminal;
        this.stdout = out;
        return this;
    }

    /**
     * Whether a person can type the text wanna-build asks for. Java 17's console exists only when standard
     * input and output are terminals; from Java 22 it may exist without one, and says so with isTerminal().
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- the run

    @Override
    public Integer call() throws Exception {
        Mode mode = mode();
        checkOptions(mode);
        List<PackageArg> packages = mode.isOperation() || mode == Mode.INFO ? packageArguments() : List.of();
        ListQuery listQuery = mode == Mode.LIST ? listQuery() : null;
        FailedCategory failedCategory = category == null ? null : category(category);
        try (OpenStore db = openStore()) {
            return switch (mode) {
                case LIST -> list(db, listQuery);
                case INFO -> info(db, packages);
                case MERGE_V3 -> mergeV3(db);
                case EXPORT -> export(db);
                case IMPORT -> importDump(db);
                default -> operate(db, mode, packages, failedCategory);
            };
        } catch (WannaBuildUsageException e) {
            throw usage(e.getMessage());
        }
    }

    /** The one operation asked for: the alias's, or the action option given, else --take. */
    Mode mode() {
        if (binaryNmu != null) {
            if (binNmu != null) {
                throw usage("--binNMU and --binary-nmu are the same option: give it once");
            }
            binNmu = binaryNmu;
        }
        if (permanentBuildPriority != null) {
            if (permBuildPriority != null) {
                throw usage("--perm-build-priority and --permanent-build-priority are the same option: give it once");
            }
            permBuildPriority = permanentBuildPriority;
        }
        Map<Mode, String> chosen = new LinkedHashMap<>();
        if (alias != null) {
            chosen.put(alias.mode(), alias.mode().option() + " (implied by the name " + alias.commandName() + ")");
        }
        choose(chosen, take, Mode.TAKE, "--take");
        choose(chosen, failed, Mode.FAILED, "--failed");
        choose(chosen, uploaded, Mode.UPLOADED, "--uploaded");
        choose(chosen, noBuild, Mode.NO_BUILD, "--no-build");
        choose(chosen, built, Mode.BUILT, "--built");
        choose(chosen, attempted, Mode.ATTEMPTED, "--attempted");
        choose(chosen, depWait, Mode.DEP_WAIT, "--dep-wait");
        choose(chosen, giveBack, Mode.GIVE_BACK, "--give-back");
        choose(chosen, forget, Mode.FORGET, "--forget");
        choose(chosen, binNmu != null, Mode.BIN_NMU, "--binNMU");
        choose(chosen, buildPriority != null, Mode.BUILD_PRIORITY, "--build-priority");
        choose(chosen, permBuildPriority != null, Mode.PERM_BUILD_PRIORITY, "--perm-build-priority");
        choose(chosen, info, Mode.INFO, "--info");
        choose(chosen, list != null, Mode.LIST, "--list");
        choose(chosen, mergeV3, Mode.MERGE_V3, "--merge-v3");
        choose(chosen, export != null, Mode.EXPORT, "--export");
        choose(chosen, importFrom != null, Mode.IMPORT, "--import");
        if (chosen.size() > 1) {
            throw usage("one action at a time: " + String.join(", ", chosen.values()));
        }
        if (chosen.isEmpty()) {
            // The manual: "You can assign a category directly with wanna-build -c easy some-pkg_1.0-1".
            return category != null ? Mode.FAILED : Mode.TAKE;
        }
        return chosen.keySet().iterator().next();
    }

    private static void choose(Map<Mode, String> chosen, boolean given, Mode mode, String option) {
        if (given) {
            chosen.putIfAbsent(mode, option);
        }
    }

    /** Options that mean nothing for this mode are mistakes, not silently ignored. */
    private void checkOptions(Mode mode) {
        Set<Mode> withMessage = Set.of(Mode.FAILED, Mode.DEP_WAIT, Mode.BIN_NMU);
        only(message != null, "-m", withMessage, mode);
        only(category != null, "-c", Set.of(Mode.FAILED, Mode.LIST), mode);
        only(minAge != null, "-a", Set.of(Mode.LIST), mode);
        only(maxAge != null, "--max-age", Set.of(Mode.LIST), mode);
        only(order != null, "-O", Set.of(Mode.LIST), mode);
        only(archAll != null, "--arch-all", Set.of(Mode.MERGE_V3), mode);
        only(packagesArchSpecific != null, "--Pas", Set.of(Mode.MERGE_V3), mode);
        if (override && !mode.isOperation()) {
            throw usage("--override is only used with an operation on packages, not with " + mode.option());
        }
        if (database == null && (databaseUser != null || databasePasswordFile != null)) {
            throw usage("--database-user and --database-password-file go with --database");
        }
        if (database != null && data != null) {
            throw usage("--data and --database name two databases: give one");
        }
        boolean needsArguments = mode.isOperation() || mode == Mode.INFO || mode == Mode.MERGE_V3;
        if (needsArguments && arguments.isEmpty()) {
            throw usage(mode == Mode.MERGE_V3 ? "--merge-v3 needs " + MergeV3Arguments.SYNOPSIS : "No packages given.");
        }
        if (!needsArguments && !arguments.isEmpty()) {
            throw usage(mode.option() + " takes no package arguments, but got: " + String.join(" ", arguments));
        }
        if (json && ("-".equals(export) || "-".equals(importFrom))) {
            throw usage("--json and '-' (the dump on standard input or output) do not go together");
        }
        if (binNmu != null && binNmu < 0) {
            throw usage("--binNMU: the binNMU number must not be negative: " + binNmu);
        }
    }

    private void only(boolean given, String option, Set<Mode> modes, Mode mode) {
        if (given && !modes.contains(mode)) {
            throw usage(option + " is only used with " + modes.stream().sorted().map(Mode::option)
                    .collect(Collectors.joining(", ")) + ", not with " + mode.option());
        }
    }

    private List<PackageArg> packageArguments() {
        List<PackageArg> out = new ArrayList<>();
        for (String a : arguments) {
            try {
                out.add(PackageArg.parse(a));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        return out;
    }

    private ListQuery listQuery() {
        String s = alias != null && alias.listState() != null && list == null ? alias.listState() : list;
        State state = null;
        if (!s.equalsIgnoreCase("all")) {
            try {
                state = State.parse(s);
            } catch (IllegalArgumentException e) {
                throw usage("Unknown state to list: " + s + " (one of all, " + java.util.Arrays.stream(State.values())
                        .map(x -> x.debianName().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
            }
        }
        if (order != null) {
            try {
                ListOrder.check(order);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        int min = 0;
        int max = 0;
        // wanna-build: a negative -a is a maximum age, a negative --max-age a minimum one.
        if (minAge != null) {
            if (minAge >= 0) {
                min = minAge;
            } else {
                max = -minAge;
            }
        }
        if (maxAge != null) {
            if (maxAge >= 0) {
                max = maxAge;
            } else {
                min = -maxAge;
            }
        }
        // The suites and the architecture are known once the store is open; placeholders until then.
        return new ListQuery(List.of("unresolved"), "unresolved", state, user, min, max,
                category == null ? null : category(category), order);
    }

    private FailedCategory category(String c) {
        try {
            return FailedCategory.parse(c);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    // ---------------------------------------------------------------- operations

    private int operate(OpenStore db, Mode mode, List<PackageArg> packages, FailedCategory failedCategory) throws IOException {
        String suite = db.suites(dist, false, false).get(0);
        String architecture = db.arch(arch, List.of(suite), false);
        String who = userName();
        Action action = mode.action();
        int number = 0;
        if (mode == Mode.BIN_NMU) {
            number = binNmu;
            if (number == 0) {
                action = Action.BIN_NMU_CANCEL;
            }
        } else if (mode == Mode.BUILD_PRIORITY) {
            number = buildPriority;
        } else if (mode == Mode.PERM_BUILD_PRIORITY) {
            number = permBuildPriority;
        }
        String text = operationMessage(mode, number, failedCategory);
        Request request;
        try {
            request = Request.of(action, who).withMessage(text).withOverride(override).withNumber(number);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        PrintWriter out = out();
        ArrayNode results = Json.array();
        boolean allOk = true;
        for (int i = 0; i < packages.size(); i++) {
            String argument = arguments.get(i);
            String name = packages.get(i).name();
            ObjectNode r = Json.object();
            r.put("argument", argument);
            r.put("package", name);
            List<String> lines = new ArrayList<>();
            OperationResult result = null;
            try {
                result = db.store().perform(suite, architecture, argument, request);
                lines.addAll(result.messages());
                String done = doneMessage(mode, result);
                if (done != null && (verbose || (mode == Mode.FAILED && result.changed()))) {
                    lines.add(name + ": " + done);
                }
            } catch (IllegalTransitionException e) {
                lines.add(e.wannaBuildMessage());
            } catch (UnknownPackageException e) {
                // --forget says it as wanna-build's forget does; the other operations add "yet."
                lines.add(mode == Mode.FORGET ? name + ": not registered" : e.wannaBuildMessage());
            } catch (IllegalArgumentException e) {
                // What was asked cannot be done to any package (a malformed dependency list, a missing reason).
                throw usage(e.getMessage());
            }
            boolean ok = result != null;
            allOk &= ok;
            r.put("ok", ok);
            r.put("changed", ok && result.changed());
            r.put("previousState", ok ? Json.name(result.previousState()) : null);
            r.put("state", ok ? Json.name(result.newState()) : null);
            r.set("messages", Json.strings(lines));
            r.set("record", ok && result.after() != null
                    ? Json.record(result.after(), db.store().priorities(), now()) : null);
            results.add(r);
            if (!json) {
                lines.forEach(out::println);
            }
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("operation", mode.jsonName());
            o.put("suite", suite);
            o.put("arch", architecture);
            o.put("user", who);
            o.put("ok", allOk);
            o.set("results", results);
            out.println(Json.write(o));
        }
        out.flush();
        return allOk ? 0 : EXIT_REFUSED;
    }

    /** What -v prints after a change, as wanna-build does; null when nothing. */
    private static String doneMessage(Mode mode, OperationResult r) {
        if (mode == Mode.TAKE) {
            // wanna-build says "aok" when the take is a binNMU, so that buildd builds the +bN version.
            return r.after() != null && r.after().binNmuVersion() > 0 ? "aok" : "ok";
        }
        if (!r.changed() || r.action() == Action.BIN_NMU_CANCEL) {
            return null;
        }
        if (r.action() == Action.NO_BUILD && r.newState() == State.FAILED) {
            return null; // out of Not-For-Us: the store's message says so
        }
        return switch (mode) {
            case BIN_NMU -> mode.verboseDone() + " " + r.after().buildVersion();
            case BUILD_PRIORITY -> mode.verboseDone() + " " + r.after().buildPri();
            case PERM_BUILD_PRIORITY -> mode.verboseDone() + " " + r.after().permBuildPri();
            default -> mode.verboseDone();
        };
    }

    /** -m, asked for on a terminal as wanna-build does when it is missing; -c folded into a failure reason. */
    private String operationMessage(Mode mode, int number, FailedCategory failedCategory) throws IOException {
        String m = message;
        switch (mode) {
            case FAILED -> {
                if (m == null && failedCategory == null) {
                    m = ask("Enter reason for failing (end with '.' alone on its line):", true,
                            "--failed needs a reason: give -m MESSAGE (or -c CATEGORY), or run it on a terminal to type it");
                    if (m.isBlank()) {
                        throw usage("No failure reason given");
                    }
                }
                if (failedCategory != null) {
                    m = "[" + failedCategory.debianName() + "]" + (m == null ? "" : " " + m);
                }
            }
            case DEP_WAIT -> {
                if (m == null) {
                    m = ask("Enter dependencies (one line):", false,
                            "--dep-wait needs the dependencies: give -m 'DEPENDS', or run it on a terminal to type them");
                }
                if (m.isBlank()) {
                    throw usage("No dependencies given");
                }
            }
            case BIN_NMU -> {
                if (number > 0 && m == null) {
                    m = ask("Enter changelog entry (one line):", false,
                            "--binNMU needs a changelog entry: give -m TEXT, or run it on a terminal to type it");
                }
                if (number > 0 && m.isBlank()) {
                    throw usage("No changelog entry given");
                }
            }
            default -> {
            }
        }
        return m;
    }

    /** Reads the text wanna-build asks for: several lines ending with '.' alone, or the first non-empty line. */
    private String ask(String prompt, boolean multiLine, String notATerminal) throws IOException {
        if (!stdinIsTerminal) {
            throw usage(notATerminal);
        }
        PrintWriter p = json ? spec.commandLine().getErr() : out();
        p.println(prompt);
        p.flush();
        BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (multiLine) {
                if (line.equals(".")) {
                    break;
                }
                sb.append(line).append('\n');
            } else if (!line.isBlank()) {
                return line.strip();
            }
        }
        return sb.toString().stripTrailing();
    }

    private String userName() {
        String u = user != null ? user : System.getProperty("user.name");
        if (u == null || u.isBlank()) {
            throw usage("Can't determine your user name: give -U USER");
        }
        return u;
    }

    // ---------------------------------------------------------------- list and info

    private int list(OpenStore db, ListQuery q) {
        List<String> suites = db.suites(dist, true, true);
        String architecture = db.arch(arch, suites, dist != null && isAll(dist));
        if (dist != null && isAll(dist)) {
            suites = suites.stream().filter(s -> db.store().suite(s).orElseThrow().hasArchitecture(architecture)).toList();
        }
        ListQuery query = new ListQuery(suites, architecture, q.state(), q.user(), q.minAgeDays(), q.maxAgeDays(),
                q.category(), q.order());
        List<PackageRecord> rows = db.store().list(query);
        Instant now = now();
        PrintWriter out = out();
        if (json) {
            ObjectNode o = Json.object();
            o.put("operation", "list");
            o.set("suites", Json.strings(suites));
            o.put("arch", architecture);
            o.put("state", q.state() == null ? "all" : q.state().debianName());
            o.put("total", rows.size());
            ArrayNode packages = Json.array();
            rows.forEach(r -> packages.add(Json.record(r, db.store().priorities(), now)));
            o.set("packages", packages);
            out.println(Json.write(o));
        } else {
            WannaBuildText.list(rows, q.state(), db.store().priorities(), now, verbose).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    private int info(OpenStore db, List<PackageArg> packages) {
        boolean all = dist != null && isAll(dist);
        List<String> suites = db.suites(dist, false, true);
        String architecture = db.arch(arch, suites, all);
        if (all) {
            suites = suites.stream().filter(s -> db.store().suite(s).orElseThrow().hasArchitecture(architecture)).toList();
        }
        Instant now = now();
        PrintWriter out = out();
        ArrayNode results = Json.array();
        boolean allRegistered = true;
        for (int i = 0; i < packages.size(); i++) {
            String name = packages.get(i).name();
            boolean registered = false;
            for (String suite : suites) {
                String heading = all ? name + "(" + suite + ")" : name;
                PackageRecord r = db.store().get(suite, architecture, name).orElse(null);
                registered |= r != null;
                if (json) {
                    ObjectNode o = Json.object();
                    o.put("argument", arguments.get(i));
                    o.put("package", name);
                    o.put("suite", suite);
                    o.put("arch", architecture);
                    o.put("registered", r != null);
                    o.set("record", r == null ? null : Json.record(r, db.store().priorities(), now));
                    results.add(o);
                } else if (r == null) {
                    out.println(heading + ": not registered");
                } else {
                    out.print(WannaBuildText.info(r, db.store().priorities(), now, heading));
                }
            }
            // With -d all, a package is expected to be missing from some suites: only "nowhere" counts.
            allRegistered &= registered;
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("operation", "info");
            o.put("arch", architecture);
            o.set("results", results);
            out.println(Json.write(o));
        }
        out.flush();
        return allRegistered ? 0 : EXIT_REFUSED;
    }

    private static boolean isAll(String d) {
        return d.equals("a") || d.equals("all");
    }

    // ---------------------------------------------------------------- merge, export, import

    private int mergeV3(OpenStore db) throws IOException {
        String suite = db.suites(dist, false, false).get(0);
        String architecture = db.arch(arch, List.of(suite), false);
        MergeV3Arguments files = MergeV3Arguments.parse(arguments, suite, architecture, this::usage);
        String allArch = archAll != null ? archAll : db.archAll(suite, architecture);
        PackagesArchSpecific pas;
        try {
            pas = packagesArchSpecific == null ? PackagesArchSpecific.EMPTY : PackagesArchSpecific.read(packagesArchSpecific);
        } catch (java.nio.file.NoSuchFileException e) {
            throw usage("--Pas: no such file: " + packagesArchSpecific);
        }
        ArchiveMerge.Input input;
        try {
            input = ArchiveMerge.Input.of(suite, architecture, allArch, files.sources(), files.packages())
                    .withBuildAgainst(files.buildAgainst()).withPackagesArchSpecific(pas).withProfiles(db.profiles());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = out();
        PrintWriter progress = spec.commandLine().getErr();
        ArchiveMerge.Report report = new ArchiveMerge(db.store(), db.mergeWorkDir(), userName()).merge(input, line -> {
            if (verbose) {
                progress.println("merge-v3 " + suite + "/" + architecture + ": " + line);
                progress.flush();
            }
        });
        MergeSummary s = report.summary();
        Map<String, Integer> moves = new TreeMap<>();
        s.moves().forEach((m, n) -> moves.put(m.toString(), n));
        if (json) {
            ObjectNode o = Json.object();
            o.put("operation", "merge-v3");
            o.put("suite", suite);
            o.put("arch", architecture);
            o.put("changed", s.changed());
            o.put("unchanged", s.unchanged());
            o.put("refused", report.refused());
            ArrayNode m = Json.array();
            new TreeMap<>(s.moves()).forEach((move, n) -> {
                ObjectNode e = Json.object();
                e.put("from", Json.name(move.from()));
                e.put("to", Json.name(move.to()));
                e.put("count", n);
                m.add(e);
            });
            o.set("moves", m);
            ObjectNode c = Json.object();
            report.classification().forEach((k, n) -> c.put(k.note(), n));
            o.set("classification", c);
            o.put("installabilityChecked", report.checkedByDose());
            out.println(Json.write(o));
        } else {
            out.println("merge-v3 " + suite + "/" + architecture + ": " + s.changed() + " changed, " + s.unchanged()
                    + " unchanged" + (report.refused() > 0 ? ", " + report.refused() + " refused" : ""));
            moves.forEach((m, n) -> out.println("  " + m + ": " + n));
            if (verbose) {
                out.println("  " + report.candidates() + " installability question(s), " + report.checkedByDose()
                        + " asked of dose-builddebcheck in " + report.doseTime().toMillis() + " ms; total "
                        + s.elapsed().toMillis() + " ms");
            }
        }
        out.flush();
        return 0;
    }

    private int export(OpenStore db) throws IOException {
        if (export.equals("-")) {
            out().flush();
            db.store().exportTo(stdout);
            stdout.flush();
            return 0;
        }
        Path target = Path.of(export).toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                db.store().exportTo(os);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        report("export", target.toString(), db);
        return 0;
    }

    private int importDump(OpenStore db) throws IOException {
        if (importFrom.equals("-")) {
            db.store().importFrom(stdin);
            report("import", "-", db);
            return 0;
        }
        Path source = Path.of(importFrom);
        if (!Files.isRegularFile(source)) {
            throw usage("--import: no such file: " + importFrom);
        }
        try (InputStream in = Files.newInputStream(source)) {
            db.store().importFrom(in);
        }
        report("import", source.toAbsolutePath().toString(), db);
        return 0;
    }

    private void report(String what, String file, OpenStore db) {
        PrintWriter out = out();
        List<String> suites = db.store().suites().stream().map(SuiteConfig::name).toList();
        if (json) {
            ObjectNode o = Json.object();
            o.put("operation", what);
            o.put("file", file);
            o.set("suites", Json.strings(suites));
            out.println(Json.write(o));
        } else if (verbose) {
            out.println(what + (what.equals("export") ? "ed to " : "ed from ") + file + " (suites: " + String.join(", ", suites) + ")");
        }
        out.flush();
    }

    // ---------------------------------------------------------------- plumbing

    private OpenStore openStore() throws IOException {
        if (givenStore != null) {
            return OpenStore.given(givenStore, givenConfig);
        }
        if (database != null) {
            return OpenStore.jdbc(database, databaseUser, databasePasswordFile);
        }
        return OpenStore.dataDirectory(data);
    }

    private Instant now() {
        return clock.instant();
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A mistake in the arguments: one line on standard error, exit code 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The alias's command name for picocli, or wanna-build. */
    public String commandName() {
        return alias == null ? Alias.WANNA_BUILD : alias.commandName();
    }

    /** A picocli command line for this command, named as invoked. */
    public CommandLine commandLine() {
        return new CommandLine(this).setCommandName(commandName());
    }
}
