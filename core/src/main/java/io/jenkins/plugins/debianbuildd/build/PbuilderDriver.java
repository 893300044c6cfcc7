package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.AptSource;
import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.Chroot;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.log.LogAnalysis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pbuilder with a base tarball, as many private archives build. Each build gets its own configuration
 * file (no colours, apt's resolver, no shared apt cache), a D hook that runs {@code apt-get update}
 * (the base tarball holds no package lists), and, for extra repositories, rewritten apt sources with the
 * {@code file:} repositories and key directories bind-mounted at the same paths.
 *
 * <p>pbuilder builds from a .dsc only. It has no summary; {@link #status} reads the exit status and the
 * phase the log failed in.
 */
public final class PbuilderDriver implements BuildDriver {
    static final String CONFIG = "pbuilderrc";
    static final String HOOKS = "hooks";

    @Override
    public BuilderKind kind() {
        return BuilderKind.PBUILDER;
    }

    @Override
    public BuildPlan plan(BuildRequest request, Chroot chroot, Path workDirectory, Instant start) {
        if (chroot.id().kind() != BuilderKind.PBUILDER) {
            throw new IllegalArgumentException("pbuilder needs a base tarball chroot, not " + chroot.id());
        }
        if (!(request.source() instanceof SourceRef.Dsc dsc)) {
            throw new IllegalArgumentException("pbuilder builds from a .dsc; fetch " + request.source().source() + "_"
                    + request.source().version() + " first");
        }
        Path work = workDirectory.toAbsolutePath().normalize();
        Path result = work.resolve(WorkLayout.RESULT);
        Path place = work.resolve(WorkLayout.SCRATCH).resolve("place");
        List<String> argv = new ArrayList<>();
        argv.add("pbuilder");
        argv.add("build");
        argv.add("--configfile");
        argv.add(work.resolve(CONFIG).toString());
        argv.add("--basetgz");
        argv.add(chroot.path().toAbsolutePath().toString());
        argv.add("--buildplace");
        argv.add(place.toString());
        argv.add("--buildresult");
        argv.add(result.toString());
        argv.add("--hookdir");
        argv.add(work.resolve(HOOKS).toString());
        argv.add("--distribution");
        argv.add(request.suite());
        argv.add("--architecture");
        argv.add(request.buildArchitecture());
        if (request.isCross()) {
            argv.add("--host-arch");
            argv.add(request.hostArchitecture());
        }
        if (request.binNmu() != null) {
            // --bin-nmu implies an architecture-dependent build (-B).
            argv.add("--bin-nmu");
            argv.add(request.binNmu().changelog());
            argv.add("--bin-nmu-version");
            argv.add(Integer.toString(request.binNmu().number()));
            if (request.binNmu().maintainer() != null) {
                argv.add("--bin-nmu-maintainer");
                argv.add(request.binNmu().maintainer());
            }
        } else if (request.archAny() && request.archAll()) {
            argv.add("--debbuildopts");
            argv.add("-b");
        } else if (request.archAny()) {
            argv.add("--binary-arch");
        } else {
            argv.add("--binary-indep");
        }
        if (!request.profiles().isEmpty()) {
            argv.add("--profiles");
            argv.add(String.join(",", request.profiles()));
        }
        if (!request.extraRepositories().isEmpty()) {
            List<String> lines = new ArrayList<>();
            Set<String> mounts = new LinkedHashSet<>();
            for (AptSource repo : request.extraRepositories()) {
                lines.add(repo.toSourcesLine());
                if (repo.isLocal()) {
                    mounts.add(repo.localPath().toString());
                }
                if (repo.signedBy() != null) {
                    mounts.add(repo.signedBy().toAbsolutePath().getParent().toString());
                }
            }
            // Rewrites the chroot's sources: the chroot's own mirror, then the extra repositories.
            argv.add("--override-config");
            argv.add("--mirror");
            argv.add(chroot.spec().mirror().toString());
            argv.add("--components");
            argv.add(String.join(" ", chroot.spec().components()));
            argv.add("--othermirror");
            argv.add(String.join("|", lines));
            if (!mounts.isEmpty()) {
                argv.add("--bindmounts");
                argv.add(String.join(" ", mounts));
            }
        }
        argv.add(dsc.path().toString());

        List<PreparedFile> files = List.of(
                new PreparedFile(CONFIG, config(), false),
                new PreparedFile(HOOKS + "/D05apt-update", "#!/bin/sh\n# The base tarball holds no package lists.\nset -e\napt-get update\n", true));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DEB_BUILD_OPTIONS", request.buildOptions().isEmpty() ? null : request.buildOptions());
        env.put("LC_ALL", "C.UTF-8");
        Command command = new Command(argv, env, work);
        return new BuildPlan(request, BuilderKind.PBUILDER, command, files,
                List.of(WorkLayout.RESULT, WorkLayout.SCRATCH + "/place", HOOKS), work, result,
                work.resolve(WorkLayout.logName(request, start)), List.of(WorkLayout.SCRATCH));
    }

    static String config() {
        return """
                # Written by debian-buildd for one build.
                USECOLORS=no
                PBUILDERSATISFYDEPENDSCMD=/usr/lib/pbuilder/pbuilder-satisfydepends-apt
                APTCACHE=""
                APTCACHEHARDLINK=no
                """;
    }

    @Override
    public BuildStatus status(int exitCode, LogAnalysis analysis) {
        if (exitCode == 0) {
            return BuildStatus.SUCCESSFUL;
        }
        BuildStatus fromLog = BuildStatus.fromSbuildName(analysis.diagnosis().status());
        return fromLog != null && fromLog != BuildStatus.SUCCESSFUL ? fromLog : BuildStatus.FAILED;
    }
}
