package io.jenkins.plugins.debianbuildd.wannabuild;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.util.Objects;

/**
 * One action asked of one package: who asks, with which version, message and options. The store's
 * operation methods build these; {@link Transitions#apply} decides what they do.
 *
 * @param action   the action
 * @param user     the builder or user name, written to the transactions log (and as builder where wanna-build does)
 * @param version  the version named on the command line (may carry {@code +bN}), or null for "the registered one"
 * @param message  wanna-build's {@code -m}: failure reason, dep-wait list, binNMU changelog line; may be null
 * @param override wanna-build's {@code --override}: take over another builder's package, force a give-back
 * @param number   the binNMU number or the build priority, where the action has one
 * @param fields   what the archive says (merge actions); {@link Fields#none()} otherwise
 * @param origin   for propagation: the row in the other suite the change comes from; null otherwise
 */
public record Request(Action action, String user, DebianVersion version, String message, boolean override, int number,
        Fields fields, PackageRecord origin) {

    public Request {
        Objects.requireNonNull(action, "action");
        Texts.userName(user);
        fields = fields == null ? Fields.none() : fields;
    }

    public static Request of(Action action, String user) {
        return new Request(action, user, null, null, false, 0, Fields.none(), null);
    }

    public static Request merge(Action action, String user, Fields fields) {
        return new Request(action, user, null, fields.message(), false, 0, fields, null);
    }

    public Request withVersion(DebianVersion v) {
        return new Request(action, user, v, message, override, number, fields, origin);
    }

    public Request withMessage(String m) {
        return new Request(action, user, version, m, override, number, fields, origin);
    }

    public Request withOverride(boolean o) {
        return new Request(action, user, version, message, o, number, fields, origin);
    }

    public Request withNumber(int n) {
        return new Request(action, user, version, message, override, n, fields, origin);
    }

    public Request withOrigin(PackageRecord o) {
        return new Request(action, user, version, message, override, number, fields, o);
    }
}
