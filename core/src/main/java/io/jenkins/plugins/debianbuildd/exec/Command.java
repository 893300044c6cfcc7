package io.jenkins.plugins.debianbuildd.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to run, described but not started: argv (never a shell string), extra environment, and
 * working directory. Core builds these; {@link LocalExec} runs them here, and the Jenkins plugin will
 * hand the same description to an agent's Launcher.
 *
 * @param argv the program and its arguments, each passed to execve unchanged
 * @param environment variables added to (or, with a null value, removed from) the inherited environment
 * @param workingDirectory where the process starts, or null for the caller's directory
 */
public record Command(List<String> argv, Map<String, String> environment, Path workingDirectory) {
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String a : argv) {
            Objects.requireNonNull(a, "argument");
            if (a.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL byte in argument: " + a.replace('\0', '?'));
            }
        }
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    public static Command of(String... argv) {
        return new Command(Arrays.asList(argv), Map.of(), null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null);
    }

    public Command withArgs(String... more) {
        List<String> a = new ArrayList<>(argv);
        a.addAll(Arrays.asList(more));
        return new Command(a, environment, workingDirectory);
    }

    public Command withEnv(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(environment);
        e.put(name, value);
        return new Command(argv, e, workingDirectory);
    }

    public Command in(Path dir) {
        return new Command(argv, environment, dir);
    }

    public String program() {
        return argv.get(0);
    }

    /** For messages and logs only: arguments quoted so a reader sees where each one ends. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
                sb.append(a);
            } else {
                sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
