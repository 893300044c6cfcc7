package io.jenkins.plugins.debianbuildd.build;

import java.util.Objects;

/**
 * A binary-only rebuild (binNMU): version suffix {@code +bN} and the one-line changelog entry that says
 * why, as wanna-build hands them to buildd.
 *
 * @param number N of {@code +bN}, at least 1
 * @param changelog the changelog entry (one line, e.g. "Rebuild against libfoo2")
 * @param maintainer who the changelog entry is from ({@code Name <email>}), or null for the builder's default
 */
public record BinNmu(int number, String changelog, String maintainer) {
    public BinNmu {
        if (number < 1) {
            throw new IllegalArgumentException("binNMU number must be at least 1, not " + number);
        }
        Objects.requireNonNull(changelog, "changelog");
        if (changelog.isBlank() || changelog.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("binNMU changelog must be one non-empty line without control characters");
        }
        if (maintainer != null && (maintainer.chars().anyMatch(c -> c < ' ') || !maintainer.matches(".+ <[^<>\\s]+@[^<>\\s]+>"))) {
            throw new IllegalArgumentException("binNMU maintainer must read 'Name <email>': '" + maintainer + "'");
        }
    }
}
