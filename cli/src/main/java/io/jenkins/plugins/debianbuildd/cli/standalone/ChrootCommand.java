package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.chroot.ChrootId;
import io.jenkins.plugins.debianbuildd.chroot.ChrootManager;
import io.jenkins.plugins.debianbuildd.chroot.ChrootProgress;
import io.jenkins.plugins.debianbuildd.chroot.ChrootSpec;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.formats.Names;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code buildd chroot create|update|list|remove}: the build chroots (mmdebstrap tarballs) of this machine. */
@Command(name = "chroot", mixinStandardHelpOptions = true,
        description = "Manage the build chroots (in Chroot-Directory, ~/.cache/debian-buildd/chroots by default).",
        subcommands = {ChrootCommand.Create.class, ChrootCommand.Update.class, ChrootCommand.ListChroots.class,
                ChrootCommand.Remove.class})
public final class ChrootCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** The chroots a command line names: DIST (a distribution or a configured suite), ARCH, BUILDER; all configured ones by default. */
    abstract static class Selecting extends StandaloneCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIST",
                description = "A distribution (bookworm) or a configured suite (its Build-Against). Default: every configured chroot.")
        String dist;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ARCH", description = "The architecture. Default: the configured ones.")
        String arch;

        @Parameters(index = "2", arity = "0..1", paramLabel = "BUILDER", description = "sbuild or pbuilder. Default: the configured Builder.")
        String builder;

        /** Whether the user named the chroots (then a chroot that cannot be made here is an error, not skipped). */
        boolean explicit() {
            return arch != null;
        }

        List<ChrootSpec> selected(Instance instance) {
            BuilderKind kind = instance.builderKind();
            if (builder != null) {
                try {
                    kind = BuilderKind.fromId(builder);
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
                if (kind == BuilderKind.SCHROOT) {
                    throw usage("schroot chroots are not managed by the standalone buildd (sbuild or pbuilder)");
                }
            }
            if (dist == null) {
                List<ChrootSpec> out = new ArrayList<>();
                for (ChrootSpec s : instance.configuredChroots()) {
                    out.add(instance.chrootSpec(s.id().suite(), s.id().architecture(), kind));
                }
                return out;
            }
            if (!Names.isSuiteName(dist)) {
                throw usage("invalid distribution name '" + dist + "'");
            }
            if (arch != null && !Names.isArchitectureName(arch)) {
                throw usage("invalid architecture '" + arch + "'");
            }
            BuilddConfig config = instance.config();
            String distribution = dist;
            List<String> archs = new ArrayList<>();
            Optional<BuilddConfig.Suite> suite = config.suites().stream().filter(s -> s.name().equals(dist)).findFirst();
            if (suite.isPresent()) {
                distribution = suite.get().buildAgainst();
                archs.addAll(suite.get().architectures());
            } else {
                config.suites().forEach(s -> s.architectures().forEach(a -> {
                    if (!archs.contains(a)) {
                        archs.add(a);
                    }
                }));
            }
            if (arch != null) {
                archs.clear();
                archs.add(arch);
            }
            List<ChrootSpec> out = new ArrayList<>();
            for (String a : archs) {
                out.add(instance.chrootSpec(distribution, a, kind));
            }
            return out;
        }

        /** One chroot's work, given its progress line and the cancellation Ctrl-C triggers; returns the line saying it is done. */
        interface Step {
            String run(Console.Progress p, Cancellation cancellation);
        }

        /** What {@link #step} ended with. */
        enum StepResult { DONE, FAILED, CANCELLED }

        /** Runs one chroot's work with a progress line and Ctrl-C cancelling it; an error is one line naming the chroot. */
        StepResult step(String name, Step step) {
            PrintWriter out = out();
            Console.Progress p = new Console.Progress(out, Console.interactive());
            Cancellation cancellation = new Cancellation();
            Interrupts interrupts = Interrupts.cancelOnSignal(cancellation, Duration.ofSeconds(60));
            try {
                String done = step.run(p, cancellation);
                p.done();
                out.println(done);
                return StepResult.DONE;
            } catch (RuntimeException e) {
                p.done();
                err().println("error: " + name + ": " + e.getMessage());
                return cancellation.isCancelled() ? StepResult.CANCELLED : StepResult.FAILED;
            } finally {
                // After the error is printed: on Ctrl-C the JVM ends as soon as this is closed.
                out.flush();
                err().flush();
                interrupts.close();
            }
        }

        /** Shows mmdebstrap's progress: its I:/W:/E: lines and our steps, with the elapsed time. */
        static ChrootProgress progress(Console.Progress p, String name) {
            return new ChrootProgress() {
                @Override
                public void line(String line) {
                    boolean notable = line.startsWith("I: ") || line.startsWith("W: ") || line.startsWith("E: ");
                    p.status(name + ": " + line, notable);
                }

                @Override
                public void step(String description, Duration elapsed) {
                    p.line(name + ": " + description);
                }
            };
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Make the build chroots with mmdebstrap (about a minute each): the configured ones by default,"
                    + " skipping those that exist and architectures this machine cannot run (arch-test).",
                    "Ctrl-C stops cleanly: a half-made chroot is removed."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every selected chroot exists now", "1:a chroot could not be made", "2:invalid usage"})
    static final class Create extends Selecting {
        @Option(names = "--recreate", description = "Remove an existing chroot and make it again.")
        boolean recreate;

        @Override
        int run(Instance instance) {
            PrintWriter out = out();
            ChrootManager chroots = instance.chroots();
            int failures = 0;
            for (ChrootSpec spec : selected(instance)) {
                ChrootId id = spec.id();
                Optional<Chroot> existing = chroots.find(id);
                if (existing.isPresent() && !recreate) {
                    out.println(id.name() + ": exists (made " + DATE.format(existing.get().created()) + ", updated "
                            + DATE.format(existing.get().updated()) + "); 'buildd chroot update' upgrades it");
                    continue;
                }
                if (!instance.canRun(id.architecture())) {
                    String why = id.name() + ": this machine cannot run " + id.architecture()
                            + " programs (arch-test " + id.architecture() + "; qemu-user-static and binfmt-support run foreign ones)";
                    if (explicit()) {
                        err().println("error: " + why);
                        failures++;
                    } else {
                        out.println(why + ": skipped");
                    }
                    continue;
                }
                StepResult r = step(id.name(), (p, cancellation) -> {
                    if (existing.isPresent()) {
                        p.line(id.name() + ": removing the existing chroot");
                        chroots.remove(id, Duration.ofMinutes(30));
                    }
                    p.line(id.name() + ": creating from " + spec.mirror() + " " + id.suite()
                            + (spec.include().isEmpty() ? "" : " with " + String.join(", ", spec.include())));
                    Chroot c = chroots.create(spec, progress(p, id.name()), cancellation);
                    return String.format("%s: created %s (%d MiB) in %s", id.name(), c.path(), c.sizeBytes() / (1024 * 1024),
                            Console.elapsed(p.elapsed()));
                });
                if (r != StepResult.DONE) {
                    failures++;
                }
                if (r == StepResult.CANCELLED) {
                    break;
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Upgrade the packages of existing chroots (apt-get dist-upgrade inside, into a new tarball that"
                    + " replaces the old one at once); running builds are waited for."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:updated", "1:a chroot is missing or could not be updated", "2:invalid usage"})
    static final class Update extends Selecting {
        @Option(names = "--wait", paramLabel = "TIME", defaultValue = "30m",
                description = "How long to wait for running builds to release a chroot: 90s, 30m, 2h (default: ${DEFAULT-VALUE}).")
        String wait;

        @Override
        int run(Instance instance) {
            Duration waitFor = Console.parseDuration(wait).orElseThrow(() -> usage("--wait must be a number followed by s, m or h, not '" + wait + "'"));
            PrintWriter out = out();
            int failures = 0;
            for (ChrootSpec spec : selected(instance)) {
                ChrootId id = spec.id();
                if (instance.chroots().find(id).isEmpty()) {
                    if (explicit()) {
                        err().println("error: no chroot " + id.name() + " (buildd chroot create " + id.suite() + " "
                                + id.architecture() + " " + id.kind().id() + ")");
                        failures++;
                    } else {
                        out.println(id.name() + ": missing, not updated (buildd chroot create)");
                    }
                    continue;
                }
                StepResult r = step(id.name(), (p, cancellation) -> {
                    Chroot c = instance.chroots().update(id, progress(p, id.name()), cancellation, waitFor);
                    return String.format("%s: updated (%d MiB) in %s", id.name(), c.sizeBytes() / (1024 * 1024),
                            Console.elapsed(p.elapsed()));
                });
                if (r != StepResult.DONE) {
                    failures++;
                }
                if (r == StepResult.CANCELLED) {
                    break;
                }
            }
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the chroots of the chroot directory, and those the configuration needs that are missing.")
    static final class ListChroots extends StandaloneCommand {
        @Override
        int run(Instance instance) {
            PrintWriter out = out();
            Map<ChrootId, List<String>> usedBy = new LinkedHashMap<>();
            for (BuilddConfig.Suite s : instance.config().suites()) {
                for (String a : s.architectures()) {
                    usedBy.computeIfAbsent(instance.chrootId(s.name(), a), k -> new ArrayList<>()).add(s.name() + "/" + a);
                }
            }
            Console.Table t = new Console.Table("CHROOT", "SIZE", "CREATED", "UPDATED", "USED BY");
            for (Chroot c : instance.chroots().list()) {
                List<String> users = usedBy.remove(c.id());
                t.row(c.id().name(), c.sizeBytes() / (1024 * 1024) + " MiB", DATE.format(c.created()), DATE.format(c.updated()),
                        users == null ? "-" : String.join(" ", users));
            }
            usedBy.forEach((id, users) -> t.row(id.name(), "missing", "", "", String.join(" ", users)));
            out.println("Chroots in " + instance.chroots().root() + ":");
            if (t.size() == 0) {
                out.println("  none");
            } else {
                t.print(out, "  ");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove one chroot, waiting for the builds using it to finish.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:removed", "1:no such chroot, or builds held it too long", "2:invalid usage"})
    static final class Remove extends StandaloneCommand {
        @Parameters(index = "0", paramLabel = "DIST", description = "The distribution (bookworm) or a configured suite.")
        String dist;

        @Parameters(index = "1", paramLabel = "ARCH", description = "The architecture.")
        String arch;

        @Parameters(index = "2", arity = "0..1", paramLabel = "BUILDER", description = "sbuild or pbuilder. Default: the configured Builder.")
        String builder;

        @Option(names = "--wait", paramLabel = "TIME", defaultValue = "30m",
                description = "How long to wait for running builds (default: ${DEFAULT-VALUE}).")
        String wait;

        @Override
        int run(Instance instance) {
            Duration waitFor = Console.parseDuration(wait).orElseThrow(() -> usage("--wait must be a number followed by s, m or h, not '" + wait + "'"));
            if (!Names.isSuiteName(dist) || !Names.isArchitectureName(arch)) {
                throw usage("invalid distribution or architecture: " + dist + " " + arch);
            }
            BuilderKind kind;
            try {
                kind = builder == null ? instance.builderKind() : BuilderKind.fromId(builder);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            String distribution = instance.config().suites().stream().filter(s -> s.name().equals(dist))
                    .map(BuilddConfig.Suite::buildAgainst).findFirst().orElse(dist);
            ChrootId id = new ChrootId(distribution, arch, kind);
            if (instance.chroots().find(id).isEmpty()) {
                throw new IllegalArgumentException("no chroot " + id.name() + " in " + instance.chroots().root());
            }
            long t0 = System.nanoTime();
            instance.chroots().remove(id, waitFor);
            out().println(id.name() + ": removed (" + Console.elapsed(Duration.ofNanos(System.nanoTime() - t0)) + ")");
            return ExitCodes.OK;
        }
    }
}
