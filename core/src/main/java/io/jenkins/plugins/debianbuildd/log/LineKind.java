package io.jenkins.plugins.debianbuildd.log;

/** How a console should show one line of a live log (Jenkins' annotator, the CLI's colours). */
public enum LineKind {
    PLAIN,
    /** The title line of a section (sbuild's boxed headers, pbuilder's phases). */
    SECTION,
    /** The underline of a sub-section title ({@code Unpack source} / {@code -------------}). */
    SUBSECTION,
    ERROR,
    WARNING
}
