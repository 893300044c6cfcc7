package io.jenkins.plugins.debianbuildd.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Mount points below a directory, and deleting a directory tree safely. A builder killed at the wrong
 * moment (pbuilder, mmdebstrap in root mode) leaves /proc, /sys, /dev/pts and bind mounts of
 * repositories inside its build place; deleting such a tree naively would delete through the bind
 * mounts. {@link #deleteTree} unmounts first and refuses to delete while anything is still mounted.
 */
public final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /** Mount points at or below {@code dir}, deepest first. */
    public static List<Path> under(Path dir) {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 5) {
                continue;
            }
            Path mp = Path.of(unescape(f[4]));
            if (mp.startsWith(base)) {
                out.add(mp);
            }
        }
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    /** Lazily unmounts everything at or below {@code dir}; returns what is still mounted. */
    public static List<Path> unmountAll(Path dir) {
        for (int round = 0; round < 3; round++) {
            List<Path> mounted = under(dir);
            if (mounted.isEmpty()) {
                return mounted;
            }
            for (Path mp : mounted) {
                try {
                    LocalExec.run(Command.of("umount", "--lazy", mp.toString()), Duration.ofSeconds(30));
                } catch (ExecException e) {
                    // reported below if it stays mounted
                }
            }
        }
        return under(dir);
    }

    /**
     * Deletes {@code dir} and everything in it, without following symbolic links, after unmounting
     * whatever is mounted below it. Refuses (and deletes nothing) when something stays mounted.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> left = unmountAll(dir);
        if (!left.isEmpty()) {
            throw new IllegalStateException("not deleting " + dir + ": still mounted below it: " + left);
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // not an escape
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
