package io.jenkins.plugins.debianbuildd.arch;

/** dpkg's architecture tuple, {@code abi-libc-os-cpu}; "any" in a wildcard's tuple matches every value. */
public record ArchTuple(String abi, String libc, String os, String cpu) {
    public static ArchTuple parse(String tuple) {
        String[] p = tuple.split("-", 4);
        if (p.length != 4) {
            throw new IllegalArgumentException("not an abi-libc-os-cpu tuple: " + tuple);
        }
        return new ArchTuple(p[0], p[1], p[2], p[3]);
    }

    /** Whether this (concrete) tuple matches a wildcard tuple, component by component. */
    public boolean matches(ArchTuple wildcard) {
        return part(wildcard.abi, abi) && part(wildcard.libc, libc) && part(wildcard.os, os) && part(wildcard.cpu, cpu);
    }

    private static boolean part(String pattern, String value) {
        return pattern.equals("any") || pattern.equals(value);
    }

    @Override
    public String toString() {
        return abi + "-" + libc + "-" + os + "-" + cpu;
    }
}
