package io.jenkins.plugins.debianbuildd.incoming;

/**
 * Where accepted uploads go after they are published: the daemon wires this to the wanna-build store
 * (Needs-Build on the architectures of {@link AcceptedUpload#plan()}).
 *
 * <p>Delivery is at least once: if the process dies after this method returned but before the queue
 * recorded it, the next run calls it again with the same {@link AcceptedUpload#uploadId()}. Implementations
 * must be idempotent (setting a source version to Needs-Build again is a no-op) or deduplicate by upload id.
 * An exception leaves the upload published and pending; the next run retries the call.
 */
@FunctionalInterface
public interface AcceptedUploadHandler {
    void accepted(AcceptedUpload upload) throws Exception;
}
