package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The files of {@code wanna-build --merge-v3}, in wanna-build's order: the suite's Packages files, then
 * {@code .}, its Sources files, then optionally {@code .} and the Packages files of what the packages build
 * against. {@code %ARCH%} and {@code %SUITE%} in a name are replaced, as wanna-build does, so that one
 * command line serves every architecture. wanna-build's fourth group (sources to consider installed) is
 * not supported.
 */
record MergeV3Arguments(List<Path> packages, List<Path> sources, List<Path> buildAgainst) {

    static final String SEPARATOR = ".";
    static final String SYNOPSIS = "PACKAGES... . SOURCES... [. BUILD-AGAINST-PACKAGES...]";

    static MergeV3Arguments parse(List<String> args, String suite, String arch,
            Function<String, ? extends RuntimeException> usage) {
        List<List<Path>> groups = new ArrayList<>();
        groups.add(new ArrayList<>());
        for (String a : args) {
            if (a.equals(SEPARATOR)) {
                groups.add(new ArrayList<>());
                continue;
            }
            Path p = Path.of(a.replace("%ARCH%", arch).replace("%SUITE%", suite));
            if (!Files.isRegularFile(p)) {
                throw usage.apply("--merge-v3: no such file: " + p);
            }
            groups.get(groups.size() - 1).add(p);
        }
        if (groups.size() < 2 || groups.get(1).isEmpty()) {
            throw usage.apply("--merge-v3 needs " + SYNOPSIS + ": no Sources file given");
        }
        if (groups.size() > 3) {
            throw usage.apply("--merge-v3: a fourth group of files (sources to consider installed) is not supported");
        }
        return new MergeV3Arguments(List.copyOf(groups.get(0)), List.copyOf(groups.get(1)),
                groups.size() > 2 ? List.copyOf(groups.get(2)) : List.of());
    }
}
