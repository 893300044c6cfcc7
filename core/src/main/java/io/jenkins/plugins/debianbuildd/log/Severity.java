package io.jenkins.plugins.debianbuildd.log;

/** How a finding reads: an error, or a warning that did not stop the build. */
public enum Severity {
    ERROR,
    WARNING
}
