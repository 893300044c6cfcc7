package io.jenkins.plugins.debianbuildd.version;

/** A version string that Debian Policy 5.6.12 (and dpkg) does not accept. */
public final class InvalidVersionException extends IllegalArgumentException {
    private final String version;

    public InvalidVersionException(String version, String reason) {
        super("invalid version '" + version + "': " + reason);
        this.version = version;
    }

    /** The rejected string, as given. */
    public String version() {
        return version;
    }
}
