package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.incoming.AcceptedUpload;
import io.jenkins.plugins.debianbuildd.incoming.AcceptedUploadHandler;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.IllegalTransitionException;
import io.jenkins.plugins.debianbuildd.wannabuild.OperationResult;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The incoming queue's {@link AcceptedUploadHandler} of the standalone buildd: enters an accepted source
 * version into wanna-build, Needs-Build on every architecture of its build plan, as the archive merge
 * would once it saw the new Sources.
 *
 * <p>Idempotent, as the queue requires (it calls the handler again when it died before recording the
 * call): on each architecture the version is registered only when the package has no row there or an
 * older version; the same version again (or a newer one registered meanwhile) is left alone, whatever
 * state it reached since (Building, Uploaded...). Each architecture is one
 * {@link WannaBuildStore#applyArchiveChange} (the archive merge's action, as its own transaction, which
 * itself treats the same version again as a no-op).
 *
 * <p>Architectures the new version is not built on ({@link BuildScope#AUTO_NOT_FOR_US}: arch:all only,
 * built elsewhere; {@link BuildScope#NOT_FOR_THIS_ARCH}) are not registered; a row of an older version
 * there becomes Auto-Not-For-Us, as the merge does.
 */
public final class NeedsBuildRegistrar implements AcceptedUploadHandler {
    /** What happened on one architecture. */
    public record ArchResult(String arch, BuildScope scope, State before, DebianVersion beforeVersion, State after,
                             boolean changed, String message) {
        @Override
        public String toString() {
            return arch + ": " + message;
        }
    }

    /** What one call did. */
    public record Registration(String uploadId, String suite, String source, DebianVersion version, List<ArchResult> archs) {
        public Registration {
            archs = List.copyOf(archs);
        }

        /** The architectures on which the version is now Needs-Build because of this call. */
        public List<String> registered() {
            return archs.stream().filter(a -> a.changed() && a.after() == State.NEEDS_BUILD).map(ArchResult::arch).toList();
        }
    }

    private final WannaBuildStore store;
    private final String user;
    private final Map<String, Registration> last = new ConcurrentHashMap<>();

    public NeedsBuildRegistrar(WannaBuildStore store, String user) {
        this.store = store;
        this.user = user;
    }

    @Override
    public void accepted(AcceptedUpload upload) {
        register(upload);
    }

    /** The registration of the last call for {@code uploadId} in this process, if any (for the command's report). */
    public Optional<Registration> registration(String uploadId) {
        return Optional.ofNullable(last.get(uploadId));
    }

    public Registration register(AcceptedUpload u) {
        List<ArchResult> out = new ArrayList<>();
        for (Map.Entry<String, BuildScope> e : u.plan().entrySet()) {
            out.add(registerOne(u, e.getKey(), e.getValue()));
        }
        Registration r = new Registration(u.uploadId(), u.suite(), u.source(), u.version(), out);
        last.put(u.uploadId(), r);
        return r;
    }

    private ArchResult registerOne(AcceptedUpload u, String arch, BuildScope scope) {
        Optional<PackageRecord> row = store.get(u.suite(), arch, u.source());
        State before = row.map(PackageRecord::state).orElse(null);
        DebianVersion beforeVersion = row.map(PackageRecord::version).orElse(null);
        if (row.isPresent() && !row.get().version().isOlderThan(u.version())) {
            String what = row.get().version().equals(u.version()) ? "already registered" : "newer version " + row.get().version() + " registered";
            return new ArchResult(arch, scope, before, beforeVersion, before, false, what + " (" + before + ")");
        }
        Fields f = Fields.version(u.version()).section(u.section()).priority(u.priority())
                .message("accepted upload " + u.uploadId());
        try {
            if (scope.builds()) {
                OperationResult o = store.applyArchiveChange(u.suite(), arch, user, u.source(), Action.MERGE_NEW_VERSION,
                        f.notes(row.isPresent() ? "out-of-date" : "uncompiled"));
                return new ArchResult(arch, scope, before, beforeVersion, o.newState(), o.changed(),
                        u.version() + " " + (o.newState() == null ? "removed" : o.newState().debianName())
                                + (before == null ? "" : " (was " + beforeVersion + " " + before + ")"));
            }
            if (row.isPresent()) {
                OperationResult o = store.applyArchiveChange(u.suite(), arch, user, u.source(), Action.MERGE_AUTO_NOT_FOR_US, f);
                return new ArchResult(arch, scope, before, beforeVersion, o.newState(), o.changed(),
                        u.version() + " not built here (" + scope + "): " + o.newState());
            }
            return new ArchResult(arch, scope, null, null, null, false, "not built here (" + scope + ")");
        } catch (IllegalTransitionException e) {
            // Registered meanwhile by another caller (a newer version), or a state the archive does not override.
            return new ArchResult(arch, scope, e.state(), beforeVersion, e.state(), false, e.reason() + " (" + e.state() + ")");
        }
    }
}
