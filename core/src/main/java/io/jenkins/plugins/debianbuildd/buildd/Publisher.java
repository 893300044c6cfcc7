package io.jenkins.plugins.debianbuildd.buildd;

import java.nio.file.Path;

/** Publishes a successful build's .changes (reprepro include into the job's suite). */
@FunctionalInterface
public interface Publisher {
    /** Publishes; an exception means nothing was published, and the package stays Built until it is. */
    void publish(BuildJob job, Path changes) throws Exception;
}
