package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;

/** Real pbuilder builds (the cached base tarball). */
class PbuilderBuildsTest extends RealBuildsContract {
    @Override
    BuilderKind kind() {
        return BuilderKind.PBUILDER;
    }
}
