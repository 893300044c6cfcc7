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
 * sbuild, as Debian's buildds run it: {@code --chroot-mode=unshare} with the chroot tarball (or schroot
 * with a directory chroot), apt update before the build but no upgrade, no lintian/piuparts/autopkgtest.
 *
 * <p>sbuild writes its log to standard output ({@code --nolog}) and the executor writes the file, so the
 * log can be capped and streamed. A per-build configuration file ({@code SBUILD_CONFIG}) puts the
 * unshare mode's unpacked chroot inside the build's scratch directory and bind-mounts {@code file:}
 * repositories into it.
 */
public final class SbuildDriver implements BuildDriver {
    static final String CONFIG = "sbuild.conf";

    @Override
    public BuilderKind kind() {
        return BuilderKind.SBUILD;
    }

    @Override
    public BuildPlan plan(BuildRequest request, Chroot chroot, Path workDirectory, Instant start) {
        BuilderKind chrootKind = chroot.id().kind();
        if (chrootKind == BuilderKind.PBUILDER) {
            throw new IllegalArgumentException("sbuild cannot use pbuilder chroot " + chroot.id());
        }
        Path work = workDirectory.toAbsolutePath().normalize();
        Path result = work.resolve(WorkLayout.RESULT);
        List<String> argv = new ArrayList<>();
        argv.add("sbuild");
        argv.add("--nolog");
        argv.add("--dist=" + request.suite());
        if (request.isCross()) {
            argv.add("--build=" + request.buildArchitecture());
            argv.add("--host=" + request.hostArchitecture());
        } else {
            argv.add("--arch=" + request.hostArchitecture());
        }
        if (chrootKind == BuilderKind.SCHROOT) {
            argv.add("--chroot-mode=schroot");
            argv.add("--chroot=" + chroot.id().suite() + "-" + chroot.id().architecture() + "-sbuild");
        } else {
            argv.add("--chroot-mode=unshare");
            argv.add("--chroot=" + chroot.path().toAbsolutePath());
        }
        argv.add("--build-dir=" + result);
        // As Debian's buildd: fresh package lists, but the chroot's packages as they are.
        argv.add("--apt-update");
        argv.add("--no-apt-upgrade");
        argv.add("--no-apt-distupgrade");
        argv.add("--no-run-lintian");
        argv.add("--no-run-piuparts");
        argv.add("--no-run-autopkgtest");
        argv.add(request.archAny() ? "--arch-any" : "--no-arch-any");
        argv.add(request.archAll() ? "--arch-all" : "--no-arch-all");
        if (!request.profiles().isEmpty()) {
            argv.add("--profiles=" + String.join(",", request.profiles()));
        }
        if (request.binNmu() != null) {
            argv.add("--binNMU=" + request.binNmu().number());
            argv.add("--make-binNMU=" + request.binNmu().changelog());
            if (request.binNmu().maintainer() != null) {
                argv.add("--maintainer=" + request.binNmu().maintainer());
            }
        }
        List<AptSource> repos = new ArrayList<>(request.extraRepositories());
        if (request.source() instanceof SourceRef.Archive) {
            // apt-get source inside the chroot needs the mirror's Sources.
            repos.add(chroot.spec().mirrorSource().withType("deb-src"));
        }
        Set<Path> bindMounts = new LinkedHashSet<>();
        for (AptSource repo : repos) {
            argv.add("--extra-repository=" + repo.toSourcesLine(null));
            if (repo.signedBy() != null) {
                argv.add("--extra-repository-key=" + repo.signedBy());
            }
            if (repo.isLocal()) {
                bindMounts.add(repo.localPath());
            }
        }
        argv.add(request.source() instanceof SourceRef.Dsc d ? d.path().toString()
                : request.source().source() + "_" + request.source().version());

        List<PreparedFile> files = List.of(new PreparedFile(CONFIG, config(work, bindMounts), false));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SBUILD_CONFIG", work.resolve(CONFIG).toString());
        env.put("DEB_BUILD_OPTIONS", request.buildOptions().isEmpty() ? null : request.buildOptions());
        env.put("LC_ALL", "C.UTF-8");
        Command command = new Command(argv, env, work);
        return new BuildPlan(request, BuilderKind.SBUILD, command, files, List.of(WorkLayout.RESULT, WorkLayout.SCRATCH),
                work, result, work.resolve(WorkLayout.logName(request, start)), List.of(WorkLayout.SCRATCH));
    }

    /** The per-build sbuild configuration (Perl). */
    static String config(Path work, Set<Path> bindMounts) {
        StringBuilder sb = new StringBuilder("# Written by debian-buildd for one build.\n");
        if (WorkLayout.worldSearchable(work)) {
            // The unpacked chroot lives in the build's scratch directory, deleted with it, not in /tmp.
            sb.append("$unshare_tmpdir_template = ")
                    .append(WorkLayout.perlString(work.resolve(WorkLayout.SCRATCH).resolve("chroot.XXXXXXXXXX").toString()))
                    .append(";\n");
        }
        if (!bindMounts.isEmpty()) {
            sb.append("$unshare_bind_mounts = [\n");
            for (Path p : bindMounts) {
                String dir = WorkLayout.perlString(p.toString());
                sb.append("    { directory => ").append(dir).append(", mountpoint => ").append(dir).append(" },\n");
            }
            sb.append("];\n");
        }
        sb.append("1;\n");
        return sb.toString();
    }

    @Override
    public BuildStatus status(int exitCode, LogAnalysis analysis) {
        BuildStatus fromSummary = BuildStatus.fromSbuildName(analysis.summary().get("Status"));
        return fromSummary != null ? fromSummary : BuildStatus.fromSbuildExit(exitCode);
    }
}
