package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real apt, confined to a private directory: its own apt.conf (through APT_CONFIG, with the
 * configuration parts directory pointing to an empty one), sources, lists, cache and an empty dpkg status,
 * so that the host's apt configuration and state are neither read nor touched.
 */
public final class PrivateApt {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final Path dir;
    private final Path conf;

    public PrivateApt(Path dir, String architecture) throws IOException {
        this.dir = dir.toAbsolutePath();
        for (String d : List.of("state/lists/partial", "cache/archives/partial", "etc/apt.conf.d", "etc/sources.list.d",
                "etc/trusted.gpg.d", "etc/preferences.d")) {
            Files.createDirectories(this.dir.resolve(d));
        }
        Files.writeString(this.dir.resolve("state/status"), "");
        Files.writeString(this.dir.resolve("etc/sources.list"), "");
        conf = this.dir.resolve("etc/apt.conf");
        String e = this.dir.resolve("etc").toString();
        Files.writeString(conf, String.join("\n",
                "Dir::State \"" + this.dir.resolve("state") + "\";",
                "Dir::State::status \"" + this.dir.resolve("state/status") + "\";",
                "Dir::Cache \"" + this.dir.resolve("cache") + "\";",
                "Dir::Etc::Parts \"" + e + "/apt.conf.d\";",
                "Dir::Etc::SourceList \"" + e + "/sources.list\";",
                "Dir::Etc::SourceParts \"" + e + "/sources.list.d\";",
                "Dir::Etc::Trusted \"" + e + "/trusted.gpg\";",
                "Dir::Etc::TrustedParts \"" + e + "/trusted.gpg.d\";",
                "Dir::Etc::Preferences \"" + e + "/preferences\";",
                "Dir::Etc::PreferencesParts \"" + e + "/preferences.d\";",
                "APT::Architecture \"" + architecture + "\";",
                "APT::Architectures { \"" + architecture + "\"; };",
                // file: sources are read as root here; the _apt sandbox user could not enter the test's directory.
                "APT::Sandbox::User \"root\";",
                "Debug::NoLocking \"true\";",
                "Acquire::Languages \"none\";",
                ""));
    }

    /** Replaces the sources with these one-line-style entries. */
    public void sources(String... lines) throws IOException {
        Files.writeString(dir.resolve("etc/sources.list"), String.join("\n", lines) + "\n");
    }

    private Command apt(String program, String... args) {
        List<String> argv = new ArrayList<>(List.of(program));
        argv.addAll(List.of(args));
        return Command.of(argv).withEnv("APT_CONFIG", conf.toString()).withEnv("LC_ALL", "C.UTF-8");
    }

    public ExecResult update() {
        return LocalExec.run(apt("apt-get", "update"), TIMEOUT);
    }

    /** {@code apt-cache policy} of a package. */
    public String policy(String pkg) {
        return LocalExec.run(apt("apt-cache", "policy", pkg), TIMEOUT).orThrow().stdout();
    }

    /** The Version lines of {@code apt-cache showsrc}. */
    public String showsrc(String pkg) {
        return LocalExec.run(apt("apt-cache", "showsrc", pkg), TIMEOUT).orThrow().stdout();
    }

    /** Downloads a binary package into {@code target} (proves the pool file is where the index says). */
    public ExecResult download(String pkg, Path target) {
        return LocalExec.run(apt("apt-get", "download", pkg).in(target), TIMEOUT);
    }
}
