package io.jenkins.plugins.debianbuildd.build;

import io.jenkins.plugins.debianbuildd.log.FailureCategory;
import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the daemon tells wanna-build after a build, in wanna-build's terms: {@code --built},
 * {@code --attempted} (Build-Attempted, with a failure message and category), {@code --dep-wait} with
 * the missing dependencies, or {@code --give-back} (Needs-Build again, to be retried here later or
 * elsewhere). {@link Dispositions#of} decides which.
 */
public sealed interface Disposition permits Disposition.Built, Disposition.BuildAttempted, Disposition.DepWait,
        Disposition.GiveBack {

    enum Kind {
        BUILT,
        ATTEMPTED,
        DEP_WAIT,
        GIVE_BACK
    }

    Kind kind();

    /** One line for wanna-build's log and the build's record. */
    String message();

    /** Built: the .changes to upload. */
    record Built(Path changes, String message) implements Disposition {
        public Built {
            Objects.requireNonNull(changes, "changes");
        }

        @Override
        public Kind kind() {
            return Kind.BUILT;
        }
    }

    /** Build-Attempted: the package failed to build; {@code category} is a suggestion for the buildd admin. */
    record BuildAttempted(String message, FailureCategory category) implements Disposition {
        public BuildAttempted {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(category, "category");
        }

        @Override
        public Kind kind() {
            return Kind.ATTEMPTED;
        }
    }

    /** Dep-Wait: build-dependencies are missing; wanna-build waits until they are available. */
    record DepWait(RelationList dependencies, String message) implements Disposition {
        public DepWait {
            if (dependencies == null || dependencies.isEmpty()) {
                throw new IllegalArgumentException("a dep-wait needs the dependencies it waits for");
            }
        }

        @Override
        public Kind kind() {
            return Kind.DEP_WAIT;
        }
    }

    /** Give-back: not the package's fault; build it again (here later, or on another buildd). */
    record GiveBack(String message) implements Disposition {
        public GiveBack {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Kind kind() {
            return Kind.GIVE_BACK;
        }
    }
}
