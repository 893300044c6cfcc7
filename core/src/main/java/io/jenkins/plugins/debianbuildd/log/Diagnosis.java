package io.jenkins.plugins.debianbuildd.log;

import io.jenkins.plugins.debianbuildd.relation.RelationList;
import java.util.List;
import java.util.Objects;

/**
 * What a log says about how the build ended.
 *
 * @param status sbuild's {@code Status:} word ({@code successful}, {@code attempted}, {@code given-back},
 *     {@code failed}, {@code skipped}), inferred for pbuilder; null when the log does not tell (killed)
 * @param stage the stage that failed in sbuild's words ({@code install-deps}, {@code build}, ...), null on success
 * @param keyLine the first line that explains the failure, or null
 * @param failureClass the kind of failure
 * @param category the suggested wanna-build failure category
 * @param message one line for a human (and for wanna-build's failure message)
 * @param missingDependencies build-dependencies the log shows as uninstallable, in Depends syntax (empty if none)
 * @param details supporting lines (failed tests), at most a few
 */
public record Diagnosis(String status, String stage, Finding keyLine, FailureClass failureClass,
                        FailureCategory category, String message, RelationList missingDependencies,
                        List<String> details) {
    public Diagnosis {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        missingDependencies = missingDependencies == null ? RelationList.EMPTY : missingDependencies;
        details = List.copyOf(details);
    }

    public boolean successful() {
        return failureClass == FailureClass.NONE && "successful".equals(status);
    }
}
