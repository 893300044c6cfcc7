package io.jenkins.plugins.debianbuildd.log;

/**
 * A section of a build log: one of sbuild's boxed headers ({@code | Install package build dependencies |})
 * or one of pbuilder's phases ({@code I: Installing the build-deps}), or a sub-section under one.
 *
 * @param title as written
 * @param level 1 for sections, 2 for sub-sections
 * @param stage the build stage it belongs to, in sbuild's words ({@code fetch-src}, {@code install-deps},
 *     {@code build}, ...), or null when it has none
 * @param startLine the line of the title, 1-based
 * @param endLine the last line before the next section of the same or a higher level
 */
public record LogSection(String title, int level, String stage, long startLine, long endLine) {
    public boolean contains(long line) {
        return line >= startLine && line <= endLine;
    }
}
