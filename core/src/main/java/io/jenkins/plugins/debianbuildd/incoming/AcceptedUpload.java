package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.repo.PublishResult;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An upload that passed every check and is published: what the wanna-build store needs to queue its builds.
 *
 * @param uploadId the queue's id of this upload (stable across retries; the directory name under accepted/)
 * @param changesName the .changes file name
 * @param suite the codename of the distribution it went into ({@code sid})
 * @param distribution the Distribution field as uploaded ({@code unstable})
 * @param source the source package
 * @param version its version
 * @param architecture the .dsc's Architecture field entries ({@code any all}, {@code linux-any})
 * @param uploadedArchitectures the .changes's Architecture entries ({@code source}, plus any binaries uploaded)
 * @param component the component it went into
 * @param section the section of the .dsc in the .changes
 * @param priority the priority of the .dsc in the .changes
 * @param maintainer the Maintainer field
 * @param changedBy the Changed-By field, or null
 * @param signer the fingerprint of the key that signed the .changes
 * @param plan the build scope on each architecture of the suite ({@link BuildScope#plan}), arch:all on the suite's
 *             designated architecture
 * @param published what the repository now holds of it
 */
public record AcceptedUpload(String uploadId, String changesName, String suite, String distribution, String source,
                             DebianVersion version, List<String> architecture, List<String> uploadedArchitectures,
                             String component, String section, String priority, String maintainer, String changedBy,
                             String signer, Map<String, BuildScope> plan, PublishResult published) {
    public AcceptedUpload {
        architecture = List.copyOf(architecture);
        uploadedArchitectures = List.copyOf(uploadedArchitectures);
        plan = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plan));
    }

    /** The architectures that build this source (Needs-Build), in the suite's order. */
    public List<String> buildArchitectures() {
        List<String> out = new ArrayList<>();
        plan.forEach((arch, scope) -> {
            if (scope.builds()) {
                out.add(arch);
            }
        });
        return out;
    }
}
