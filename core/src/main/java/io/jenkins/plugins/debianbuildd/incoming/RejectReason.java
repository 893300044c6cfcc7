package io.jenkins.plugins.debianbuildd.incoming;

/** Why an upload was rejected, in the order the checks run. */
public enum RejectReason {
    /** The .changes is not an OpenPGP-signed message. */
    UNSIGNED,
    /** The signature does not verify (tampered text, bad or expired signature). */
    BAD_SIGNATURE,
    /** Signed by a key that is not in the uploaders keyring. */
    UNKNOWN_KEY,
    /** The signed text is not a valid .changes (missing fields, invalid version, bad Files lines). */
    MALFORMED,
    /** A listed file name is not a plain name (a directory part, {@code ..}, a leading {@code -}, odd characters). */
    UNSAFE_FILE_NAME,
    /** A listed file is not there (or is not a regular file), also after waiting for the upload to complete. */
    MISSING_FILE,
    /** A listed file has another size than listed. */
    SIZE_MISMATCH,
    /** A listed file has another SHA-256 than listed. */
    CHECKSUM_MISMATCH,
    /** The Distribution is not a suite of the repository. */
    UNKNOWN_DISTRIBUTION,
    /** No .dsc: incoming takes sourceful uploads (build results are published directly). */
    NO_SOURCE,
    /** The suite already holds this version or a newer one. */
    VERSION_NOT_NEWER,
    /** The .dsc is not signed, and signed .dsc files are required. */
    DSC_UNSIGNED,
    /** The .dsc's signature does not verify against the uploaders keyring. */
    DSC_BAD_SIGNATURE,
    /** The .dsc does not match the .changes, or lists files that are neither uploaded nor in the archive. */
    DSC_INCONSISTENT,
    /** reprepro refused the upload (a file already in the pool with other content, for instance). */
    REPOSITORY_REFUSED,
    /** A file in the incoming directory that no .changes claimed within the timeout. */
    STRAY_FILE
}
