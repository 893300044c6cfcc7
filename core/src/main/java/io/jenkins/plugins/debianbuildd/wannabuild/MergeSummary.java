package io.jenkins.plugins.debianbuildd.wannabuild;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a merge changed: how many packages moved from which state to which ({@code null} stands for "no
 * row": new packages come from null, deleted ones go to null), and how many changes were no-ops.
 *
 * @param suite      the suite
 * @param arch       the architecture
 * @param changed    rows written (including propagations to other suites)
 * @param unchanged  applied changes that changed nothing
 * @param moves      count per (from, to) state pair, including same-state updates
 * @param elapsed    wall time of the merge, including waiting for the lock
 */
public record MergeSummary(String suite, String arch, int changed, int unchanged, Map<Move, Integer> moves,
        Duration elapsed) {

    public MergeSummary {
        moves = Map.copyOf(moves);
    }

    /** A move between two states; null means "no row". */
    public record Move(State from, State to) implements Comparable<Move> {
        @Override
        public int compareTo(Move o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (from == null ? "(new)" : from.debianName()) + " -> " + (to == null ? "(deleted)" : to.debianName());
        }
    }

    /** How many moved from {@code from} to {@code to}. */
    public int count(State from, State to) {
        return moves.getOrDefault(new Move(from, to), 0);
    }

    /** One line per move, sorted: {@code Needs-Build -> Building: 3}. */
    @Override
    public String toString() {
        return "merge " + suite + "/" + arch + ": " + changed + " changed, " + unchanged + " unchanged in "
                + elapsed.toMillis() + " ms" + new TreeMap<>(moves).entrySet().stream()
                .map(e -> "\n  " + e.getKey() + ": " + e.getValue()).collect(Collectors.joining());
    }
}
