package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.List;

/**
 * Receives the changes of each committed transaction, after the commit and never for a rolled-back one.
 * It is called on the thread that committed, in commit order per thread; it should return quickly (hand
 * slow work such as mail to an executor). An exception it throws is logged and does not undo the commit.
 */
@FunctionalInterface
public interface StateChangeListener {
    void committed(List<StateChange> changes);
}
