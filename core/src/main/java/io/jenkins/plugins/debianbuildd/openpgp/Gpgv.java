package io.jenkins.plugins.debianbuildd.openpgp;

import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.ExecException;
import io.jenkins.plugins.debianbuildd.exec.ExecResult;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifies OpenPGP signatures with the real {@code gpgv} against a keyring, as apt and dak do.
 * Only a {@code GOODSIG} with a {@code VALIDSIG} and no bad, erroneous, expired or revoked signature
 * counts as verified.
 */
public final class Gpgv {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Who signed: the signing key's fingerprint, the primary key's fingerprint, and the user id gpgv reported. */
    public record Signer(String fingerprint, String primaryFingerprint, String userId) {
    }

    private Gpgv() {
    }

    /**
     * Verifies a cleartext-signed file and returns its signed text, parsed strictly (see {@link ClearSigned}).
     *
     * @throws SignatureException when the file is not signed, or the signature does not verify against the keyring
     */
    public static Verified verifyClearSigned(Path file, Path keyring) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (!ClearSigned.isClearSigned(content)) {
            throw new SignatureException(file + ": not signed (no OpenPGP signature), but a keyring was given");
        }
        ClearSigned split = ClearSigned.parse(content, file.toString());
        Signer signer = verify(file, null, keyring);
        return new Verified(split.text(), signer);
    }

    /** The text of a verified file and who signed it. */
    public record Verified(String text, Signer signer) {
    }

    /**
     * Runs gpgv on {@code file} (an inline-signed file, or a detached signature of {@code data}).
     *
     * @param data the signed data for a detached signature, or null
     */
    public static Signer verify(Path file, Path data, Path keyring) throws IOException {
        if (!Files.isReadable(keyring)) {
            throw new SignatureException("keyring " + keyring + " does not exist or is not readable");
        }
        Path home = Files.createTempDirectory("debian-buildd-gpgv");
        try {
            Path binaryKeyring = binaryKeyring(keyring, home);
            List<String> argv = new ArrayList<>(List.of("gpgv", "--homedir", home.toString(), "--status-fd", "1",
                    "--keyring", binaryKeyring.toAbsolutePath().toString(), "--", file.toAbsolutePath().toString()));
            if (data != null) {
                argv.add(data.toAbsolutePath().toString());
            }
            ExecResult r = LocalExec.run(Command.of(argv), TIMEOUT);
            return interpret(file, keyring, r);
        } finally {
            deleteTree(home);
        }
    }

    static Signer interpret(Path file, Path keyring, ExecResult r) {
        String goodSig = null;
        String validSig = null;
        String primary = null;
        List<String> problems = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.startsWith("[GNUPG:] ")) {
                continue;
            }
            String[] f = line.substring(9).split(" ");
            switch (f[0]) {
                case "GOODSIG" -> goodSig = line.substring(9 + 8).trim();
                case "VALIDSIG" -> {
                    validSig = f.length > 1 ? f[1] : null;
                    primary = f.length > 10 ? f[10] : validSig;
                }
                case "BADSIG" -> problems.add("BAD signature from " + rest(f));
                case "ERRSIG" -> problems.add(f.length > 6 && f[6].equals("9")
                        ? "signed by key " + f[1] + ", which is not in the keyring " + keyring
                        : "cannot check signature by key " + (f.length > 1 ? f[1] : "?"));
                case "NO_PUBKEY" -> problems.add("public key " + (f.length > 1 ? f[1] : "?") + " is not in the keyring " + keyring);
                case "EXPKEYSIG" -> problems.add("signed by EXPIRED key " + rest(f));
                case "EXPSIG" -> problems.add("signature has EXPIRED: " + rest(f));
                case "REVKEYSIG" -> problems.add("signed by REVOKED key " + rest(f));
                case "NODATA" -> problems.add("no signature found");
                default -> {
                    // Informational status lines (NEWSIG, KEY_CONSIDERED, TRUST_*, ...).
                }
            }
        }
        if (!problems.isEmpty() || goodSig == null || validSig == null || r.exitCode() != 0) {
            String why = problems.isEmpty()
                    ? "signature not verified (gpgv exit " + r.exitCode() + "): " + r.stderr().strip()
                    : String.join("; ", problems);
            throw new SignatureException(file + ": " + why);
        }
        String uid = goodSig.indexOf(' ') > 0 ? goodSig.substring(goodSig.indexOf(' ') + 1) : "";
        return new Signer(validSig, primary, uid);
    }

    private static String rest(String[] f) {
        return String.join(" ", java.util.Arrays.copyOfRange(f, 1, f.length));
    }

    /** gpgv reads binary keyrings; apt-style armored {@code .asc} keys are dearmored first. */
    private static Path binaryKeyring(Path keyring, Path home) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(keyring)) {
            head = in.readNBytes(64);
        }
        if (!new String(head, StandardCharsets.US_ASCII).contains("-----BEGIN PGP")) {
            return keyring;
        }
        Path out = home.resolve("keyring.gpg");
        try {
            LocalExec.run(Command.of("gpg", "--batch", "--homedir", home.toString(), "--output", out.toString(),
                    "--dearmor", keyring.toAbsolutePath().toString()), TIMEOUT).orThrow();
        } catch (ExecException e) {
            throw new SignatureException("cannot read armored keyring " + keyring + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
