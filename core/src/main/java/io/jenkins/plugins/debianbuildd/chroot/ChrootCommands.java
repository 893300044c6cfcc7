package io.jenkins.plugins.debianbuildd.chroot;

import io.jenkins.plugins.debianbuildd.exec.Command;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands that make and upgrade chroots, described but not run (a Jenkins agent may run them).
 * mmdebstrap does both: it makes a chroot from the mirror, and upgrades one by unpacking the current
 * chroot in a setup hook and running {@code apt-get dist-upgrade} in a customize hook, writing a new
 * tarball (never the current one, so an interrupted upgrade leaves the current chroot as it was).
 *
 * <p>Tarballs are made in mmdebstrap's unshare mode, whose mounts vanish with its processes; directory
 * chroots (schroot) need real root ownership and use root mode. Paths reach hook scripts through
 * environment variables, never inside the script text.
 */
public final class ChrootCommands {
    static final String FILE_MIRROR_HOOKS = "/usr/share/mmdebstrap/hooks/file-mirror-automount";
    static final String BASE_ENV = "DEBIAN_BUILDD_BASE";
    static final String KEY_ENV = "DEBIAN_BUILDD_KEY_";

    private ChrootCommands() {
    }

    /** mmdebstrap making {@code spec}'s chroot at {@code target} (whose name ends with the builder's suffix). */
    public static Command create(ChrootSpec spec, Path target, Path tmpDir) {
        List<String> argv = common(spec);
        for (String p : spec.include()) {
            argv.add("--include=" + p);
        }
        Map<String, String> env = environment(spec, tmpDir);
        keyHooks(spec, argv, env);
        tail(spec, target, argv);
        return new Command(argv, env, null);
    }

    /** mmdebstrap writing an upgraded copy of the chroot at {@code current} to {@code target}. */
    public static Command update(ChrootSpec spec, Path current, Path target, Path tmpDir) {
        List<String> argv = common(spec);
        // Keep the common options but replace the variant: nothing is installed from scratch.
        argv.removeIf(a -> a.startsWith("--variant="));
        argv.add(2, "--variant=custom");
        Map<String, String> env = environment(spec, tmpDir);
        env.put(BASE_ENV, current.toAbsolutePath().toString());
        if (spec.id().kind().isDirectory()) {
            argv.add("--setup-hook=tar -C \"$" + BASE_ENV + "\" --exclude=./dev/* -c . | tar -C \"$1\" -x");
        } else {
            // mmdebstrap has made /dev in the new root already; unshare mode may not create device nodes.
            argv.add("--setup-hook=tar -C \"$1\" --exclude=./dev/* -xf \"$" + BASE_ENV + "\"");
        }
        keyHooks(spec, argv, env);
        argv.add("--customize-hook=chroot \"$1\" apt-get --yes -o Dpkg::Options::=--force-confold dist-upgrade");
        argv.add("--customize-hook=chroot \"$1\" apt-get --yes --purge autoremove");
        tail(spec, target, argv);
        return new Command(argv, env, null);
    }

    private static List<String> common(ChrootSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("mmdebstrap");
        argv.add(spec.id().kind().isDirectory() ? "--mode=root" : "--mode=unshare");
        argv.add("--variant=" + spec.variant());
        argv.add("--architectures=" + spec.id().architecture());
        argv.add("--components=" + String.join(",", spec.components()));
        for (Path k : spec.keyrings()) {
            argv.add("--keyring=" + k);
        }
        if (spec.hasLocalSources()) {
            argv.add("--hook-dir=" + FILE_MIRROR_HOOKS);
        }
        return argv;
    }

    private static Map<String, String> environment(ChrootSpec spec, Path tmpDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TMPDIR", tmpDir.toAbsolutePath().toString());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        return env;
    }

    /** Keys of signed extra repositories go into the chroot at the path the sources line names. */
    private static void keyHooks(ChrootSpec spec, List<String> argv, Map<String, String> env) {
        int i = 0;
        for (AptSource s : spec.extraSources()) {
            if (s.signedBy() == null) {
                continue;
            }
            String var = KEY_ENV + i++;
            env.put(var, s.signedBy().toString());
            argv.add("--customize-hook=mkdir -p \"$1$(dirname \"$" + var + "\")\" && cp \"$" + var + "\" \"$1$" + var + "\"");
        }
    }

    private static void tail(ChrootSpec spec, Path target, List<String> argv) {
        argv.add(spec.id().suite());
        argv.add(target.toAbsolutePath().toString());
        argv.add(spec.mirror().toString());
        for (AptSource s : spec.extraSources()) {
            argv.add(s.toSourcesLine());
        }
    }

    /**
     * A schroot definition for a directory chroot ({@code /etc/schroot/chroot.d/<name>}), with an
     * overlay per session so that builds never change the chroot, as Debian's buildds set them up.
     */
    public static String schrootDefinition(Chroot chroot) {
        ChrootId id = chroot.id();
        if (!id.kind().isDirectory()) {
            throw new IllegalArgumentException(id + " is a tarball for " + id.kind().id() + ", not a schroot directory chroot");
        }
        return "[" + id.suite() + "-" + id.architecture() + "-sbuild]\n"
                + "description=Debian " + id.suite() + "/" + id.architecture() + " build chroot (debian-buildd)\n"
                + "type=directory\n"
                + "directory=" + chroot.path().toAbsolutePath() + "\n"
                + "union-type=overlay\n"
                + "groups=root,sbuild\n"
                + "root-groups=root,sbuild\n"
                + "profile=sbuild\n";
    }
}
