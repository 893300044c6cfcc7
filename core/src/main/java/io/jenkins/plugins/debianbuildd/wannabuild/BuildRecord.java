package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One build in the history (wanna-build's pkg_history): how long it took and how much disk it used, which
 * feeds calprio (recently long builds wait longer).
 *
 * @param suite     the suite
 * @param arch      the architecture
 * @param packageName the source package
 * @param version   the version built (with {@code +bN} for a binNMU)
 * @param time      when the build ended
 * @param result    the result
 * @param buildTime how long it took, or null
 * @param diskSpace bytes used, or -1 when unknown
 * @param builder   the builder
 */
public record BuildRecord(String suite, String arch, String packageName, DebianVersion version, Instant time,
        BuildResult result, Duration buildTime, long diskSpace, String builder) {

    public BuildRecord {
        Names.checkSuiteName(suite);
        Names.checkArchitectureName(arch);
        Names.checkPackageName(packageName);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(result, "result");
        if (buildTime != null && buildTime.isNegative()) {
            throw new IllegalArgumentException("negative build time: " + buildTime);
        }
        if (builder != null) {
            Texts.userName(builder);
        }
    }
}
