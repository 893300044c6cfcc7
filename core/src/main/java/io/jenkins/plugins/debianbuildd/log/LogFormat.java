package io.jenkins.plugins.debianbuildd.log;

/** Which builder wrote a log, recognised from its first lines. */
public enum LogFormat {
    SBUILD,
    PBUILDER,
    UNKNOWN
}
