package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.archive.ArchiveMirror;
import io.jenkins.plugins.debianbuildd.archive.Release;
import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.merge.ArchiveMerge;
import io.jenkins.plugins.debianbuildd.merge.PackagesArchSpecific;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The archive merge of a configured suite, as the daemon and {@code buildd merge} run it: the suite's
 * Sources and Packages from our own repository (read through its signed InRelease, like any mirror),
 * and, for what build-dependencies can use, the Packages of the Debian distribution the suite builds
 * against, fetched verified from the configured mirror and kept while they do not change.
 */
final class SuiteMerge {
    private SuiteMerge() {
    }

    /** Merges {@code suite} on {@code architectures} (all of the suite's when null). */
    static List<ArchiveMerge.Report> merge(Instance instance, String suite, List<String> architectures, Consumer<String> progress)
            throws IOException {
        BuilddConfig config = instance.config();
        BuilddConfig.Suite s = config.suite(suite);
        List<String> archs = architectures == null ? s.architectures() : architectures;
        Path indexes = config.cacheDir().resolve("indexes");

        // Our repository, verified with its own key (unsigned when Repository-Key is none).
        ArchiveMirror own = new ArchiveMirror(instance.repository().base().toUri(), instance.repositoryKeyFile().orElse(null), null);
        Release ownRelease = own.release(suite);
        List<Path> sources = new ArrayList<>();
        Map<String, List<Path>> packages = new LinkedHashMap<>();
        for (String component : s.components()) {
            String src = component + "/source/Sources";
            if (listed(ownRelease, src)) {
                sources.add(own.fetchIndex(suite, ownRelease, src, indexes));
            }
            for (String arch : archs) {
                String pk = component + "/binary-" + arch + "/Packages";
                if (listed(ownRelease, pk)) {
                    packages.computeIfAbsent(arch, a -> new ArrayList<>()).add(own.fetchIndex(suite, ownRelease, pk, indexes));
                }
            }
        }
        for (String arch : archs) {
            packages.putIfAbsent(arch, List.of());
        }
        if (sources.isEmpty()) {
            throw new IOException("the repository's " + suite + " has no Sources index (was it exported?)");
        }

        // What the suite builds against: the Debian distribution of its chroots, from the mirror.
        progress.accept("fetching " + s.buildAgainst() + " from " + config.instance().mirror());
        ArchiveMirror mirror = new ArchiveMirror(config.instance().mirror(), config.instance().mirrorKeyring(),
                config.cacheDir().resolve("mirror"));
        Release base = mirror.release(s.buildAgainst());
        Map<String, List<Path>> against = new LinkedHashMap<>();
        for (String arch : archs) {
            List<Path> files = new ArrayList<>();
            for (String component : new HashSet<>(List.of("main"))) {
                files.add(mirror.fetchIndex(s.buildAgainst(), base, component + "/binary-" + arch + "/Packages", indexes));
            }
            against.put(arch, files);
        }
        ArchiveMerge.Input in = new ArchiveMerge.Input(suite, archs, s.archAll(), sources, packages, against,
                PackagesArchSpecific.EMPTY, new HashSet<>(config.instance().buildProfiles()));
        return new ArchiveMerge(instance.store(), config.cacheDir().resolve("merge"), "merge").mergeAll(in, progress);
    }

    private static boolean listed(Release r, String path) {
        for (String ext : new String[] {"", ".gz", ".xz", ".bz2", ".zst"}) {
            if (r.file(path + ext) != null) {
                return true;
            }
        }
        return false;
    }
}
