package io.jenkins.plugins.debianbuildd.buildd;

import io.jenkins.plugins.debianbuildd.build.BuildListener;
import io.jenkins.plugins.debianbuildd.build.BuildResult;
import io.jenkins.plugins.debianbuildd.exec.Cancellation;

/**
 * What runs a build for a {@link BuildJob}: sbuild or pbuilder on this machine (the standalone buildd),
 * or a Jenkins agent. It prepares the request (chroot, source, extra repositories) and returns the
 * result; a failure to even start is an exception, which the worker turns into a give-back.
 */
@FunctionalInterface
public interface BuildBackend {
    BuildResult build(BuildJob job, BuildListener listener, Cancellation cancellation) throws Exception;
}
