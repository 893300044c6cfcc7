package io.jenkins.plugins.debianbuildd.build;

import java.util.Objects;

/**
 * A file a build command needs in its working directory before it starts (a builder's configuration,
 * a hook script), written by whoever runs the command: here, or on a Jenkins agent.
 *
 * @param relativePath where, relative to the work directory (no {@code ..}, not absolute)
 * @param content its text
 * @param executable whether to make it executable
 */
public record PreparedFile(String relativePath, String content, boolean executable) {
    public PreparedFile {
        Objects.requireNonNull(content, "content");
        if (relativePath == null || relativePath.isEmpty() || relativePath.startsWith("/")
                || java.util.Arrays.asList(relativePath.split("/")).contains("..")) {
            throw new IllegalArgumentException("prepared file path must be relative and stay in the work directory: " + relativePath);
        }
    }
}
