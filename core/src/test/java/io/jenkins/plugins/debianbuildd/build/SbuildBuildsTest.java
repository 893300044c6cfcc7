package io.jenkins.plugins.debianbuildd.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.testsupport.RealBuilds;
import org.junit.jupiter.api.Test;

/** Real sbuild builds (unshare mode, the cached tarball chroot). */
class SbuildBuildsTest extends RealBuildsContract {
    @Override
    BuilderKind kind() {
        return BuilderKind.SBUILD;
    }

    @Test
    void summaryFieldsAreGathered() {
        BuildResult r = RealBuilds.get().result(kind(), "hello");
        assertThat(r.summary()).containsEntry("Status", "successful").containsKeys("Build-Time", "Build-Space", "Package-Time");
        assertThat(r.summaryField("Build-Time").orElseThrow()).matches("\\d+");
        BuildResult broken = RealBuilds.get().result(kind(), "broken");
        assertThat(broken.summary()).containsEntry("Status", "attempted").containsEntry("Fail-Stage", "build");
        assertThat(broken.exitCode()).isEqualTo(2);
        BuildResult uninst = RealBuilds.get().result(kind(), "uninst");
        assertThat(uninst.summary()).containsEntry("Status", "given-back").containsEntry("Fail-Stage", "install-deps");
        assertThat(uninst.exitCode()).isEqualTo(3);
    }
}
