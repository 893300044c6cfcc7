package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The expected transition table, written by hand from wanna-build's {@code bin/wanna-build} (its
 * {@code $actions} table, {@code add_one_building}, {@code add_one_depwait}, {@code set_one_binnmu}, ...)
 * and the man page: the test oracle for {@link Transitions} and for the store. Independent of the
 * implementation on purpose: the code must agree with this grid, not with itself.
 *
 * <p>Cells: a state ({@code BG}) = allowed, leads there; {@code =} = allowed, changes nothing;
 * {@code x} = refused; {@code o:XX} = refused unless overridden, then leads to XX; {@code w:XX} = allowed
 * with wanna-build's warning; {@code -} = the row is deleted; {@code ?} = no row: unknown package;
 * {@code +XX} = no row: the row is created in XX. The suite has the installability check (give-back and
 * binNMU lead to BD-Uninstallable). Rows hold version 1.0-1, the acting user is their builder.
 */
final class TransitionGrid {
    /** Column order. */
    static final List<String> COLUMNS = List.of("NB", "BG", "BT", "BA", "UP", "IN", "DW", "BU", "FA", "NF", "AN", "FR", "DR", "IW", "RW", "--");

    static final Map<String, State> STATES = Map.ofEntries(
            Map.entry("NB", State.NEEDS_BUILD), Map.entry("BG", State.BUILDING), Map.entry("BT", State.BUILT),
            Map.entry("BA", State.BUILD_ATTEMPTED), Map.entry("UP", State.UPLOADED), Map.entry("IN", State.INSTALLED),
            Map.entry("DW", State.DEP_WAIT), Map.entry("BU", State.BD_UNINSTALLABLE), Map.entry("FA", State.FAILED),
            Map.entry("NF", State.NOT_FOR_US), Map.entry("AN", State.AUTO_NOT_FOR_US), Map.entry("FR", State.FAILED_REMOVED),
            Map.entry("DR", State.DEP_WAIT_REMOVED), Map.entry("IW", State.INSTALL_WAIT), Map.entry("RW", State.REUPLOAD_WAIT));

    private static final String GRID = """
            #                       NB    BG    BT    BA    UP    IN    DW    BU    FA    NF    AN    FR    DR    IW    RW    --
            TAKE                    BG    =     =     =     x     x     x     x     o:BG  x     x     x     x     o:BG  o:BG  ?
            BUILT                   x     BT    x     BT    x     x     x     x     x     x     x     x     x     x     x     ?
            ATTEMPTED               x     BA    x     =     x     x     x     x     x     x     x     x     x     x     x     ?
            UPLOADED                x     UP    UP    UP    =     x     x     x     x     x     x     x     x     UP    UP    ?
            FAILED                  w:FA  FA    FA    FA    w:FA  x     w:FA  w:FA  FA    x     x     x     x     x     x     ?
            DEP_WAIT                w:DW  DW    DW    DW    x     x     DW    w:DW  w:DW  x     x     x     x     x     x     ?
            GIVE_BACK               o:BU  BU    BU    BU    o:BU  x     o:BU  o:NB  o:BU  x     x     x     x     o:BU  o:BU  ?
            NO_BUILD                NF    NF    NF    NF    NF    NF    NF    NF    NF    FA    NF    NF    NF    NF    NF    ?
            FORGET                  -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     ?
            BIN_NMU                 x     x     x     x     x     BU    x     x     x     x     x     x     x     x     x     ?
            BIN_NMU_CANCEL          IN    IN    IN    IN    IN    x     IN    IN    IN    x     x     x     x     IN    IN    ?
            BUILD_PRIORITY          NB    BG    BT    BA    UP    IN    DW    BU    FA    x     AN    x     DR    IW    RW    ?
            PERM_BUILD_PRIORITY     NB    BG    BT    BA    UP    IN    DW    BU    FA    x     AN    x     DR    IW    RW    ?
            MERGE_NEW_VERSION       NB    NB    NB    NB    NB    NB    NB    NB    NB    NF    NB    NB    NB    NB    NB    +NB
            MERGE_INSTALLED         IN    IN    IN    IN    IN    =     IN    IN    IN    IN    IN    IN    IN    IN    IN    +IN
            MERGE_AUTO_NOT_FOR_US   AN    AN    AN    AN    AN    AN    x     AN    x     x     =     x     x     AN    AN    +AN
            MERGE_INSTALLABLE       =     x     x     x     x     x     x     NB    x     x     x     x     x     x     x     ?
            MERGE_BD_UNINSTALLABLE  BU    x     x     x     x     x     BU    BU    x     x     x     x     x     x     x     ?
            MERGE_DEP_WAIT          DW    x     x     x     x     x     DW    DW    x     x     x     x     x     x     x     ?
            MERGE_RELEASE_DEP_WAIT  x     x     x     x     x     x     NB    x     x     x     x     x     x     x     x     ?
            MERGE_FAILED_REMOVED    x     x     x     x     x     x     x     x     FR    x     x     =     x     x     x     ?
            MERGE_DEP_WAIT_REMOVED  x     x     x     x     x     x     DR    x     x     x     x     x     =     x     x     ?
            MERGE_REINSTATE         x     x     x     x     x     x     x     x     x     x     x     FA    DW    x     x     ?
            MERGE_DELETE            -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     ?
            MERGE_REFRESH           NB    BG    BT    BA    UP    IN    DW    BU    FA    NF    AN    FR    DR    IW    RW    ?
            PROPAGATE_INSTALL_WAIT  IW    x     x     x     x     x     x     IW    x     x     x     x     x     =     x     ?
            PROPAGATE_REUPLOAD_WAIT x     x     x     x     x     x     x     x     x     x     x     x     x     RW    =     ?
            PROPAGATE_FAILED        x     x     x     x     x     x     x     x     x     x     x     x     x     FA    x     ?
            PROPAGATE_DEP_WAIT      x     x     x     x     x     x     x     x     x     x     x     x     x     DW    x     ?
            PROPAGATE_RELEASE       x     x     x     x     x     x     x     x     x     x     x     x     x     BU    x     ?
            """;

    /** One expected cell. */
    record Cell(Action action, State from, String text) {
        boolean refused() {
            return text.equals("x") || text.equals("?");
        }

        boolean unchanged() {
            return text.equals("=");
        }

        boolean deleted() {
            return text.equals("-");
        }

        boolean overrideOnly() {
            return text.startsWith("o:");
        }

        boolean warning() {
            return text.startsWith("w:");
        }

        /** The state it leads to (with override for {@code o:}); null when refused, unchanged or deleted. */
        State target() {
            String t = text.replaceFirst("^[ow]:", "").replaceFirst("^\\+", "");
            return STATES.get(t);
        }

        @Override
        public String toString() {
            return action + " from " + (from == null ? "(no row)" : from.debianName()) + " [" + text + "]";
        }
    }

    private static final Map<Action, Map<String, Cell>> CELLS = parse();

    private TransitionGrid() {
    }

    private static Map<Action, Map<String, Cell>> parse() {
        Map<Action, Map<String, Cell>> m = new EnumMap<>(Action.class);
        for (String line : GRID.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != COLUMNS.size() + 1) {
                throw new IllegalStateException("grid line has " + f.length + " fields: " + line);
            }
            Action a = Action.valueOf(f[0]);
            Map<String, Cell> row = new HashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                row.put(COLUMNS.get(i), new Cell(a, STATES.get(COLUMNS.get(i)), f[i + 1]));
            }
            m.put(a, row);
        }
        if (m.size() != Action.values().length) {
            throw new IllegalStateException("grid misses actions");
        }
        return m;
    }

    static Cell cell(Action a, String column) {
        return CELLS.get(a).get(column);
    }

    static String column(State s) {
        if (s == null) {
            return "--";
        }
        return STATES.entrySet().stream().filter(e -> e.getValue() == s).findFirst().orElseThrow().getKey();
    }
}
