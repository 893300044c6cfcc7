package io.jenkins.plugins.debianbuildd.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The layout of a build's work directory, shared by the drivers. */
final class WorkLayout {
    static final String RESULT = "result";
    static final String SCRATCH = "scratch";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private WorkLayout() {
    }

    /** sbuild's log name: {@code <source>_<version>_<arch>-<UTC timestamp>.build}. */
    static String logName(BuildRequest request, Instant start) {
        return request.buildName() + "-" + STAMP.format(start) + ".build";
    }

    static String stamp(Instant start) {
        return STAMP.format(start);
    }

    /** Whether a user without privileges (an unshared user namespace's) can reach {@code dir}. */
    static boolean worldSearchable(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    /** A Perl single-quoted string literal. */
    static String perlString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
