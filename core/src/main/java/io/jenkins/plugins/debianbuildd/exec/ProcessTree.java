package io.jenkins.plugins.debianbuildd.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The processes a command left running, found two ways so that none escapes: the descendants of its
 * first process, and every process of its session (a command started through {@code setsid} owns a
 * session, and a grandchild re-parented to init when its parent dies stays in it). sbuild's
 * {@code unshare} children and pbuilder's chrooted build are found both ways.
 */
public final class ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** The session id of a process ({@code /proc/PID/stat} field 6), empty when it is gone. */
    public static OptionalLong sessionId(long pid) {
        return statField(pid, 6);
    }

    /** Live processes of session {@code sid}, without reading them twice. */
    public static List<ProcessHandle> sessionMembers(long sid) {
        List<ProcessHandle> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(n);
                } catch (NumberFormatException e) {
                    continue;
                }
                OptionalLong s = sessionId(pid);
                if (s.isPresent() && s.getAsLong() == sid) {
                    ProcessHandle.of(pid).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            // No /proc: only descendants can be found.
        }
        return out;
    }

    /** Every live process of the tree: {@code root}, its descendants, and the members of {@code sid} (if > 0). */
    public static Set<ProcessHandle> members(ProcessHandle root, long sid) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        if (root.isAlive()) {
            all.add(root);
        }
        root.descendants().filter(ProcessHandle::isAlive).forEach(all::add);
        if (sid > 1) {
            for (ProcessHandle h : sessionMembers(sid)) {
                if (h.isAlive()) {
                    all.add(h);
                    h.descendants().filter(ProcessHandle::isAlive).forEach(all::add);
                }
            }
        }
        all.remove(ProcessHandle.current());
        return all;
    }

    /**
     * Stops the tree in three steps, so that builders can clean up and nothing survives: SIGTERM to the
     * first process alone (sbuild then aborts its build and ends its unshare session itself), after a
     * third of {@code grace} SIGTERM to every member (a shell script such as pbuilder runs its exit trap
     * only once its foreground child is gone), and after {@code grace} SIGKILL to whatever is left,
     * repeated until nothing is left (a process may fork while its siblings are being killed). Returns
     * the number of processes that had to be killed.
     */
    public static int terminate(ProcessHandle root, long sid, Duration grace) {
        long start = System.nanoTime();
        // Known before anything is signalled: a child that left the session (setsid) is found only as a
        // descendant, and stops being one when its parent dies.
        Set<ProcessHandle> known = members(root, sid);
        root.destroy();
        waitForEnd(known, root, sid, start + grace.toNanos() / 3);
        alive(known, root, sid).forEach(ProcessHandle::destroy);
        waitForEnd(known, root, sid, start + grace.toNanos());
        int killed = 0;
        for (int round = 0; round < 200; round++) {
            Set<ProcessHandle> left = alive(known, root, sid);
            if (left.isEmpty()) {
                return killed;
            }
            for (ProcessHandle h : left) {
                if (h.destroyForcibly()) {
                    killed++;
                }
            }
            sleep(20);
        }
        return killed;
    }

    /** The live processes among those known so far and the tree's current members (which are added to the known). */
    private static Set<ProcessHandle> alive(Set<ProcessHandle> known, ProcessHandle root, long sid) {
        known.addAll(members(root, sid));
        for (ProcessHandle h : List.copyOf(known)) {
            h.descendants().forEach(known::add);
        }
        known.removeIf(h -> !h.isAlive());
        known.remove(ProcessHandle.current());
        return new LinkedHashSet<>(known);
    }

    private static void waitForEnd(Set<ProcessHandle> known, ProcessHandle root, long sid, long deadline) {
        while (System.nanoTime() < deadline && !alive(known, root, sid).isEmpty()) {
            sleep(50);
        }
    }

    /** The command line of a process, arguments separated by spaces; empty when unreadable. */
    public static Optional<String> commandLine(long pid) {
        try {
            byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    b[i] = ' ';
                }
            }
            return Optional.of(new String(b, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong statField(long pid, int field) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] rest = stat.substring(close + 2).split(" ");
        int index = field - 3;
        if (index < 0 || index >= rest.length) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(rest[index]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
