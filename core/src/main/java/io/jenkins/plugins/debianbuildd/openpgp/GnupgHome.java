package io.jenkins.plugins.debianbuildd.openpgp;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GnuPG home directory the project manages (repository signing keys, test keys): key generation,
 * export of public keys for apt and for keyrings, and signing, all through the real {@code gpg}.
 */
public final class GnupgHome {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern FPR = Pattern.compile("(?m)^fpr:+([0-9A-F]{40,64}):");

    private final Path dir;

    public GnupgHome(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        if (!Files.isDirectory(this.dir)) {
            Files.createDirectories(this.dir);
        }
        try {
            Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; gpg only warns.
        }
    }

    public Path dir() {
        return dir;
    }

    /** A gpg command in this home, batch mode, never asking for anything. */
    public Command gpg(String... args) {
        List<String> argv = new ArrayList<>(List.of("gpg", "--homedir", dir.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        argv.addAll(List.of(args));
        return Command.of(argv);
    }

    private ExecResult run(String... args) {
        return LocalExec.run(gpg(args), TIMEOUT).orThrow();
    }

    /**
     * Generates a signing key without passphrase (ed25519, no expiry) for {@code userId}
     * ({@code "Archive Signing Key <archive@example.org>"}), and returns its fingerprint.
     */
    public String generateSigningKey(String userId) {
        run("--quick-generate-key", userId, "ed25519", "sign", "never");
        return fingerprint(userId);
    }

    /** The fingerprint of the (first) secret key matching {@code userId}, or null when there is none. */
    public String fingerprint(String userId) {
        ExecResult r = LocalExec.run(gpg("--with-colons", "--fingerprint", "--list-secret-keys", userId), TIMEOUT);
        if (!r.succeeded()) {
            return null;
        }
        Matcher m = FPR.matcher(r.stdout());
        return m.find() ? m.group(1) : null;
    }

    /** Writes the public key of {@code keyId} as a binary keyring usable by gpgv and apt's Signed-By. */
    public void exportPublicKey(String keyId, Path target, boolean armored) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        List<String> args = new ArrayList<>();
        if (armored) {
            args.add("--armor");
        }
        args.addAll(List.of("--yes", "--output", target.toAbsolutePath().toString(), "--export", keyId));
        run(args.toArray(new String[0]));
        if (Files.size(target) == 0) {
            throw new IOException("gpg exported nothing for key " + keyId);
        }
    }

    /** Cleartext-signs {@code input} into {@code output} with key {@code keyId}, as debsign signs .dsc and .changes. */
    public void clearSign(String keyId, Path input, Path output) {
        run("--yes", "--local-user", keyId, "--digest-algo", "SHA512", "--output", output.toAbsolutePath().toString(),
                "--clearsign", input.toAbsolutePath().toString());
    }

    /** Writes a detached ASCII-armored signature of {@code input} (Release.gpg style). */
    public void detachSign(String keyId, Path input, Path output) {
        run("--yes", "--local-user", keyId, "--digest-algo", "SHA512", "--armor", "--output",
                output.toAbsolutePath().toString(), "--detach-sign", input.toAbsolutePath().toString());
    }

    /** Stops the gpg-agent this home started, so that no process outlives its user. */
    public void stopAgent() {
        LocalExec.run(Command.of("gpgconf", "--homedir", dir.toString(), "--kill", "all"), TIMEOUT);
    }
}
