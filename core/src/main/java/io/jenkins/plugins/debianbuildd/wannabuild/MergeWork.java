package io.jenkins.plugins.debianbuildd.wannabuild;

/** The body of an archive merge: reads {@link MergeSession#current()}, applies changes. */
@FunctionalInterface
public interface MergeWork {
    void run(MergeSession session) throws Exception;
}
