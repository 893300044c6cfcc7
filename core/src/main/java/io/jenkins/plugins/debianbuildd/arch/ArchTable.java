package io.jenkins.plugins.debianbuildd.arch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dpkg's architecture tables (cputable, tupletable, ostable), read from {@code /usr/share/dpkg} when the
 * machine has dpkg and from the copy bundled with this library otherwise, so that the answers are the
 * ones dpkg would give.
 */
public final class ArchTable {
    private static final Path DPKG_DIR = Path.of("/usr/share/dpkg");
    private static volatile ArchTable system;

    /** A CPU from cputable. */
    public record Cpu(String name, String gnuName, int bits, boolean littleEndian) {
    }

    private final Map<String, Cpu> cpus;
    private final Map<String, ArchTuple> archToTuple;
    private final Map<ArchTuple, String> tupleToArch;
    private final Set<String> operatingSystems;

    private ArchTable(Map<String, Cpu> cpus, Map<String, ArchTuple> archToTuple, Set<String> operatingSystems) {
        this.cpus = cpus;
        this.archToTuple = archToTuple;
        Map<ArchTuple, String> reverse = new HashMap<>();
        archToTuple.forEach((a, t) -> reverse.putIfAbsent(t, a));
        this.tupleToArch = reverse;
        this.operatingSystems = operatingSystems;
    }

    /** The tables of this machine's dpkg, or the bundled ones. */
    public static ArchTable system() {
        ArchTable t = system;
        if (t == null) {
            synchronized (ArchTable.class) {
                t = system;
                if (t == null) {
                    t = Files.isReadable(DPKG_DIR.resolve("tupletable")) && Files.isReadable(DPKG_DIR.resolve("cputable"))
                            ? fromDirectory(DPKG_DIR) : bundled();
                    system = t;
                }
            }
        }
        return t;
    }

    /** The copy of dpkg's tables shipped with this library. */
    public static ArchTable bundled() {
        return load(name -> {
            InputStream in = ArchTable.class.getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException("bundled dpkg table " + name + " is missing");
            }
            return in;
        });
    }

    public static ArchTable fromDirectory(Path dir) {
        return load(name -> Files.newInputStream(dir.resolve(name)));
    }

    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static ArchTable load(Opener opener) {
        try {
            Map<String, Cpu> cpus = new LinkedHashMap<>();
            for (String[] f : rows(opener.open("cputable"))) {
                cpus.put(f[0], new Cpu(f[0], f[1], Integer.parseInt(f[3]), f[4].equals("little")));
            }
            Map<String, ArchTuple> archToTuple = new LinkedHashMap<>();
            Set<ArchTuple> seenTuples = new java.util.HashSet<>();
            for (String[] f : rows(opener.open("tupletable"))) {
                String tuple = f[0];
                String arch = f[1];
                if (tuple.contains("<cpu>")) {
                    for (String cpu : cpus.keySet()) {
                        String da = arch.replace("<cpu>", cpu);
                        ArchTuple dt = ArchTuple.parse(tuple.replace("<cpu>", cpu));
                        // As dpkg: the first row that produces a name or a tuple wins.
                        if (archToTuple.containsKey(da) || seenTuples.contains(dt)) {
                            continue;
                        }
                        archToTuple.put(da, dt);
                        seenTuples.add(dt);
                    }
                } else {
                    ArchTuple dt = ArchTuple.parse(tuple);
                    archToTuple.put(arch, dt);
                    seenTuples.add(dt);
                }
            }
            Set<String> oses = new java.util.LinkedHashSet<>();
            try {
                for (String[] f : rows(opener.open("ostable"))) {
                    String[] parts = f[0].split("-");
                    oses.add(parts[parts.length - 1]);
                }
            } catch (IOException | RuntimeException e) {
                // ostable only names operating systems for validation; tuples come from tupletable.
            }
            return new ArchTable(Collections.unmodifiableMap(cpus), Collections.unmodifiableMap(archToTuple),
                    Collections.unmodifiableSet(oses));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dpkg architecture tables", e);
        }
    }

    private static List<String[]> rows(InputStream in) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                out.add(line.trim().split("\\s+"));
            }
        }
        return out;
    }

    /** The tuple of a concrete architecture name ({@code armhf} is eabihf-gnu-linux-arm), or null if unknown. */
    public ArchTuple tuple(String arch) {
        if (arch == null) {
            return null;
        }
        // As dpkg: "linux-<arch>" is an old alias of "<arch>".
        if (arch.startsWith("linux-")) {
            int dash = arch.indexOf('-', 6);
            arch = dash < 0 ? arch.substring(6) : arch.substring(6, dash);
        }
        return archToTuple.get(arch);
    }

    /** The architecture name of a tuple, or null when dpkg has none for it. */
    public String name(ArchTuple tuple) {
        return tupleToArch.get(tuple);
    }

    public boolean isKnown(String arch) {
        return "all".equals(arch) || tuple(arch) != null;
    }

    /** The CPU of an architecture, with its bits and endianness, or null when unknown. */
    public Cpu cpu(String arch) {
        ArchTuple t = tuple(arch);
        return t == null ? null : cpus.get(t.cpu());
    }

    public Set<String> architectures() {
        return archToTuple.keySet();
    }

    public Set<String> cpuNames() {
        return cpus.keySet();
    }

    public Set<String> operatingSystems() {
        return operatingSystems;
    }
}
