package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of {@link Transitions} against the hand-written {@link TransitionGrid}, every action from every state. */
class TransitionsTableTest {

    @Test
    void everyActionFromEveryStateIsWhatWannaBuildDoes() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Action a : Action.values()) {
            for (String col : TransitionGrid.COLUMNS) {
                TransitionGrid.Cell cell = TransitionGrid.cell(a, col);
                Transitions.Rule rule = Transitions.rule(a, cell.from(), true);
                cells++;
                if (!agrees(cell, rule)) {
                    wrong.add(cell + " but the table says " + rule.verdict() + " -> " + rule.to());
                }
            }
        }
        assertThat(cells).isEqualTo(Action.values().length * 16);
        assertThat(wrong).isEmpty();
    }

    private static boolean agrees(TransitionGrid.Cell cell, Transitions.Rule rule) {
        if (cell.refused()) {
            return rule.verdict() == Transitions.Verdict.REFUSED && rule.reason() != null;
        }
        if (cell.unchanged()) {
            return rule.verdict() == Transitions.Verdict.UNCHANGED
                    || (rule.verdict() == Transitions.Verdict.ALLOWED && rule.to() == cell.from());
        }
        if (cell.deleted()) {
            return rule.verdict() == Transitions.Verdict.ALLOWED && rule.to() == null;
        }
        if (cell.overrideOnly()) {
            return rule.verdict() == Transitions.Verdict.OVERRIDE_ONLY && rule.to() == cell.target() && rule.reason() != null;
        }
        if (cell.warning()) {
            return rule.verdict() == Transitions.Verdict.WARNING && rule.to() == cell.target();
        }
        return rule.verdict() == Transitions.Verdict.ALLOWED && rule.to() == cell.target();
    }

    @Test
    void withoutAnInstallabilityCheckGiveBackAndBinNmuGoStraightToNeedsBuild() {
        assertThat(Transitions.rule(Action.GIVE_BACK, State.BUILDING, false).to()).isEqualTo(State.NEEDS_BUILD);
        assertThat(Transitions.rule(Action.BIN_NMU, State.INSTALLED, false).to()).isEqualTo(State.NEEDS_BUILD);
        assertThat(Transitions.rule(Action.PROPAGATE_RELEASE, State.INSTALL_WAIT, false).to()).isEqualTo(State.NEEDS_BUILD);
        assertThat(Transitions.rule(Action.GIVE_BACK, State.BUILDING, true).to()).isEqualTo(State.BD_UNINSTALLABLE);
    }

    @Test
    void everyStateHasAWayOut() {
        // No state is a trap: from each, some action of the operators or the merge leads elsewhere.
        for (State s : State.values()) {
            boolean out = false;
            for (Action a : Action.values()) {
                Transitions.Rule r = Transitions.rule(a, s, true);
                if (r.verdict() != Transitions.Verdict.REFUSED && r.to() != s) {
                    out = true;
                }
            }
            assertThat(out).as("a way out of " + s).isTrue();
        }
    }
}
