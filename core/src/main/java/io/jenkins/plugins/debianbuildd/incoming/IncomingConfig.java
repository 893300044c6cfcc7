package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.formats.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an incoming queue works.
 *
 * @param root the queue's directory (incoming/, work/, accepted/, rejected/ under it)
 * @param uploadersKeyring the keyring (binary or armored) whose keys may sign uploads
 * @param incompleteTimeout how long an upload whose files are still arriving waits before it is rejected
 * @param enforceNewerVersion whether the checks reject a version that is not newer than the suite's. Off, the
 *                            repository decides at publish time: the very files it already holds (a repeated
 *                            upload) are accepted again, anything else not newer is refused there
 *                            (reprepro never replaces a version by an older or equal one)
 * @param requireSignedDsc whether the .dsc must be signed too (as debsign does), not only the .changes
 * @param archAllArchitectures per suite codename, the architecture that builds arch:all packages; a suite not
 *                             listed uses amd64 when it has it, else its first architecture
 * @param lockWait how long a run waits for another processor of the same queue
 */
public record IncomingConfig(Path root, Path uploadersKeyring, Duration incompleteTimeout, boolean enforceNewerVersion,
                             boolean requireSignedDsc, Map<String, String> archAllArchitectures, Duration lockWait) {
    public IncomingConfig {
        root = root.toAbsolutePath().normalize();
        uploadersKeyring = uploadersKeyring.toAbsolutePath().normalize();
        if (incompleteTimeout.isNegative() || lockWait.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
        archAllArchitectures = Map.copyOf(archAllArchitectures);
        archAllArchitectures.forEach((suite, arch) -> {
            Names.checkSuiteName(suite);
            Names.checkArchitectureName(arch);
        });
    }

    /** Defaults: a 30 minute completion timeout, newer versions enforced, signed .dsc required, 30 s lock wait. */
    public static IncomingConfig of(Path root, Path uploadersKeyring) {
        return new IncomingConfig(root, uploadersKeyring, Duration.ofMinutes(30), true, true, Map.of(), Duration.ofSeconds(30));
    }

    public IncomingConfig withIncompleteTimeout(Duration d) {
        return new IncomingConfig(root, uploadersKeyring, d, enforceNewerVersion, requireSignedDsc, archAllArchitectures, lockWait);
    }

    public IncomingConfig withEnforceNewerVersion(boolean b) {
        return new IncomingConfig(root, uploadersKeyring, incompleteTimeout, b, requireSignedDsc, archAllArchitectures, lockWait);
    }

    public IncomingConfig withRequireSignedDsc(boolean b) {
        return new IncomingConfig(root, uploadersKeyring, incompleteTimeout, enforceNewerVersion, b, archAllArchitectures, lockWait);
    }

    public IncomingConfig withArchAllArchitecture(String suite, String arch) {
        Map<String, String> m = new LinkedHashMap<>(archAllArchitectures);
        m.put(suite, arch);
        return new IncomingConfig(root, uploadersKeyring, incompleteTimeout, enforceNewerVersion, requireSignedDsc, m, lockWait);
    }

    public IncomingConfig withLockWait(Duration d) {
        return new IncomingConfig(root, uploadersKeyring, incompleteTimeout, enforceNewerVersion, requireSignedDsc,
                archAllArchitectures, d);
    }

    /** The arch:all architecture of a suite with these architectures. */
    public String archAllArchitecture(String codename, List<String> architectures) {
        String a = archAllArchitectures.get(codename);
        if (a != null) {
            return a;
        }
        return architectures.contains("amd64") ? "amd64" : architectures.get(0);
    }

    public Path incoming() {
        return root.resolve("incoming");
    }

    public Path work() {
        return root.resolve("work");
    }

    public Path accepted() {
        return root.resolve("accepted");
    }

    public Path rejected() {
        return root.resolve("rejected");
    }
}
