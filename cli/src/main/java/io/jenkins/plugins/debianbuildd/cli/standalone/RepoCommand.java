package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.repo.PackageRecord;
import io.jenkins.plugins.debianbuildd.repo.PublishResult;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.repo.SuiteConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code buildd repo ...}: the reprepro repository of the data directory. */
@Command(name = "repo", mixinStandardHelpOptions = true,
        description = "The buildd's apt repository (reprepro, in repository/): list, include, remove, copy, export, check, key.",
        subcommands = {RepoCommand.ListCmd.class, RepoCommand.Include.class, RepoCommand.Remove.class, RepoCommand.Copy.class,
                RepoCommand.Export.class, RepoCommand.Check.class, RepoCommand.Key.class})
public final class RepoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** reprepro's own list format: {@code unstable|main|amd64: hello 1.0-1}. */
    static void print(PrintWriter out, List<PackageRecord> records) {
        for (PackageRecord r : records) {
            String src = r.isSource() || (r.source().equals(r.name()) && r.sourceVersion().equals(r.version())) ? ""
                    : " (source " + r.source() + " " + r.sourceVersion() + ")";
            out.println(r.target() + ": " + r.name() + " " + r.version() + src);
        }
    }

    static String suiteOf(Instance instance, String name, RepoSub cmd) {
        if (instance.config().suites().stream().noneMatch(s -> s.name().equals(name))) {
            throw cmd.usage("unknown suite '" + name + "' (configured: " + String.join(", ",
                    instance.config().suites().stream().map(s -> s.name()).toList()) + ")");
        }
        return name;
    }

    abstract static class RepoSub extends StandaloneCommand {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List what the repository holds (every configured suite by default), as reprepro list does.")
    static final class ListCmd extends RepoSub {
        @Parameters(arity = "0..*", paramLabel = "SUITE", description = "Suites to list (default: all).")
        List<String> suites;

        @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source package and its binaries.")
        String source;

        @Override
        int run(Instance instance) throws Exception {
            RepreproRepository repo = instance.repository();
            List<String> names = suites == null || suites.isEmpty()
                    ? repo.suites().stream().map(SuiteConfig::codename).toList() : suites;
            int total = 0;
            for (String n : names) {
                suiteOf(instance, n, this);
                List<PackageRecord> records = source == null ? repo.list(n) : repo.listSource(n, source);
                print(out(), records);
                total += records.size();
            }
            out().println("Total " + total + " entr" + (total == 1 ? "y" : "ies"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "include", mixinStandardHelpOptions = true,
            description = {"Publish files into a suite: a .changes (everything it lists, checksums verified), a .dsc"
                    + " (with its files), or .deb/.udeb packages.",
                    "The version must be newer than the suite's (the very same files again are accepted)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:published", "1:refused by the repository (older version, other content, missing file...)",
                    "2:invalid usage"})
    static final class Include extends RepoSub {
        @Parameters(index = "0", paramLabel = "SUITE")
        String suite;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = ".changes, .dsc, .deb or .udeb files.")
        List<Path> files;

        @Option(names = "--component", paramLabel = "COMPONENT", description = "For .dsc and .deb: the component (default: from the section, else the first).")
        String component;

        @Option(names = "--section", paramLabel = "SECTION", description = "For .dsc and .deb: override the section.")
        String section;

        @Option(names = "--priority", paramLabel = "PRIORITY", description = "For .dsc and .deb: override the priority.")
        String priority;

        @Override
        int run(Instance instance) throws Exception {
            suiteOf(instance, suite, this);
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".changes") && !n.endsWith(".dsc") && !n.endsWith(".deb") && !n.endsWith(".udeb")) {
                    throw usage("not a .changes, .dsc, .deb or .udeb file: " + f);
                }
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("no such file: " + f);
                }
            }
            RepreproRepository repo = instance.repository();
            for (Path f : files) {
                Path abs = f.toAbsolutePath().normalize();
                String n = abs.getFileName().toString();
                PublishResult r = n.endsWith(".changes") ? repo.include(suite, abs)
                        : n.endsWith(".dsc") ? repo.includeDsc(suite, abs, component, section, priority)
                        : repo.includeDeb(suite, abs, component, section, priority);
                out().println(n + ": " + r.source() + " " + r.sourceVersion() + " into " + r.codename() + " ("
                        + String.join(" ", r.architectures()) + ")" + (r.alreadyPresent() ? ", already there" : ""));
                print(out(), r.packages());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a source package and every binary built from it from a suite.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:removed", "1:not in the suite", "2:invalid usage"})
    static final class Remove extends RepoSub {
        @Parameters(index = "0", paramLabel = "SUITE")
        String suite;

        @Parameters(index = "1", paramLabel = "SOURCE")
        String source;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "Only this version (default: any).")
        String version;

        @Override
        int run(Instance instance) throws Exception {
            suiteOf(instance, suite, this);
            List<PackageRecord> removed = instance.repository().removeSource(suite, source, version);
            out().println("Removed " + removed.size() + " entr" + (removed.size() == 1 ? "y" : "ies") + ":");
            print(out(), removed);
            return ExitCodes.OK;
        }
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = "Copy source packages (with their binaries) from one suite to another, as a migration does;"
                    + " a version older than the target's is refused.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:copied", "1:not in the origin suite, or it would downgrade the target", "2:invalid usage"})
    static final class Copy extends RepoSub {
        @Option(names = "--from", required = true, paramLabel = "SUITE")
        String from;

        @Option(names = "--to", required = true, paramLabel = "SUITE")
        String to;

        @Option(names = "--binaries", description = "The names are binary packages, copied alone (reprepro copy), not source packages.")
        boolean binaries;

        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        int run(Instance instance) throws Exception {
            suiteOf(instance, from, this);
            suiteOf(instance, to, this);
            if (from.equals(to)) {
                throw usage("--from and --to name the same suite");
            }
            List<PackageRecord> now = new ArrayList<>();
            if (binaries) {
                now.addAll(instance.repository().copy(to, from, names));
            } else {
                for (String n : names) {
                    now.addAll(instance.repository().copySource(to, from, n));
                }
            }
            out().println("Now in " + to + ":");
            print(out(), now);
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the indices and signed Release files again (all suites by default).")
    static final class Export extends RepoSub {
        @Parameters(arity = "0..*", paramLabel = "SUITE")
        List<String> suites;

        @Override
        int run(Instance instance) throws Exception {
            List<String> s = suites == null ? List.of() : suites;
            s.forEach(x -> suiteOf(instance, x, this));
            instance.repository().export(s.toArray(new String[0]));
            out().println("Exported " + (s.isEmpty() ? "every suite" : String.join(", ", s)) + " of " + instance.repository().base());
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check that every package's files are registered and in the pool with their checksums (reprepro check, checkpool).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:consistent", "1:inconsistent (reprepro's findings are printed)", "2:invalid usage"})
    static final class Check extends RepoSub {
        @Override
        int run(Instance instance) throws Exception {
            instance.repository().check();
            out().println(instance.repository().base() + ": consistent");
            return ExitCodes.OK;
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Show the repository's signing key and how apt uses it; --armor prints the public key, --output writes it.")
    static final class Key extends RepoSub {
        @Option(names = "--armor", description = "Print the ASCII-armored public key (for apt's Signed-By or another machine).")
        boolean armor;

        @Option(names = "--output", paramLabel = "FILE", description = "Write the public key to FILE (armored when it ends in .asc).")
        Path output;

        @Override
        int run(Instance instance) throws Exception {
            RepreproRepository repo = instance.repository();
            var key = instance.signingKey();
            if (key.isEmpty()) {
                throw new IllegalStateException("the repository is not signed (Repository-Key: none)");
            }
            Path asc = repo.base().resolve(RepreproRepository.KEYRING_ARMORED);
            if (armor) {
                out().print(Files.readString(asc, StandardCharsets.UTF_8));
                return ExitCodes.OK;
            }
            if (output != null) {
                Path src = output.getFileName().toString().endsWith(".asc") ? asc : repo.base().resolve(RepreproRepository.KEYRING);
                Files.copy(src, output, StandardCopyOption.REPLACE_EXISTING);
                out().println("Wrote " + output);
                return ExitCodes.OK;
            }
            out().println("fingerprint: " + key.get());
            out().println("keyring:     " + repo.base().resolve(RepreproRepository.KEYRING) + " (binary), " + asc + " (armored)");
            out().println("secret key:  " + instance.config().gnupgHome());
            for (var s : instance.config().suites()) {
                out().println("apt:         " + instance.aptLine(s.name()));
            }
            return ExitCodes.OK;
        }
    }
}
