package io.jenkins.plugins.debianbuildd.relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One element of a relation field: relations separated by {@code |}, any one of which satisfies it. */
public record Alternatives(List<Relation> relations) {
    public Alternatives {
        relations = List.copyOf(relations);
        if (relations.isEmpty()) {
            throw new IllegalArgumentException("empty alternatives");
        }
    }

    public static Alternatives of(Relation... relations) {
        return new Alternatives(List.of(relations));
    }

    public Relation first() {
        return relations.get(0);
    }

    public boolean isSingle() {
        return relations.size() == 1;
    }

    /** The alternatives that apply on {@code hostArch} with {@code profiles}, unrestricted; null when none does. */
    public Alternatives reduce(String hostArch, Set<String> profiles) {
        List<Relation> kept = new ArrayList<>(relations.size());
        for (Relation r : relations) {
            if ((hostArch == null || r.appliesToArch(hostArch)) && (profiles == null || r.appliesToProfiles(profiles))) {
                kept.add(r.withoutRestrictions());
            }
        }
        return kept.isEmpty() ? null : new Alternatives(kept);
    }

    @Override
    public String toString() {
        return relations.stream().map(Relation::toString).collect(Collectors.joining(" | "));
    }
}
