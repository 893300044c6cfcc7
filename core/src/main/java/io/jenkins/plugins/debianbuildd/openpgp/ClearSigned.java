package io.jenkins.plugins.debianbuildd.openpgp;

import io.jenkins.plugins.debianbuildd.formats.FormatException;

import java.util.ArrayList;
import java.util.List;

/**
 * An OpenPGP cleartext-signed document (RFC 4880 section 7), as InRelease, .dsc and .changes files are.
 *
 * <p>Splitting is as strict as apt's {@code SplitClearSignedFile}: nothing but empty lines may come before
 * the {@code BEGIN PGP SIGNED MESSAGE} line or after the signature, and there is exactly one signed
 * block. Otherwise text outside the signature could be parsed as if it had been signed.
 *
 * @param text the signed text, dash-escaping undone, each line ending with a newline
 * @param signature the armored signature block, for gpgv
 * @param hashHeaders the {@code Hash:} armor header values
 */
public record ClearSigned(String text, String signature, List<String> hashHeaders) {
    public static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    public static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    public static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";

    /** Whether the text is a cleartext-signed message (its first non-empty line says so). */
    public static boolean isClearSigned(String content) {
        return content.stripLeading().startsWith(BEGIN_MESSAGE);
    }

    /** Splits a cleartext-signed document; {@link FormatException} names the line that breaks the format. */
    public static ClearSigned parse(String content, String source) {
        String[] lines = content.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length || !lines[i].stripTrailing().equals(BEGIN_MESSAGE)) {
            throw new FormatException(source, i + 1, "not an OpenPGP signed message (expected '" + BEGIN_MESSAGE + "')");
        }
        i++;
        List<String> hashes = new ArrayList<>();
        while (i < lines.length && !lines[i].isEmpty()) {
            String h = lines[i].stripTrailing();
            if (h.isEmpty()) {
                break;
            }
            if (!h.startsWith("Hash:")) {
                throw new FormatException(source, i + 1, "unexpected armor header '" + h + "' in signed message");
            }
            for (String alg : h.substring(5).split(",")) {
                hashes.add(alg.strip());
            }
            i++;
        }
        if (i == lines.length) {
            throw new FormatException(source, i, "signed message ends before its text");
        }
        i++;
        StringBuilder text = new StringBuilder();
        int textStart = i;
        while (i < lines.length && !lines[i].stripTrailing().equals(BEGIN_SIGNATURE)) {
            String line = lines[i];
            if (line.startsWith("- ")) {
                line = line.substring(2);
            } else if (line.startsWith("-----")) {
                throw new FormatException(source, i + 1, "unexpected armor line '" + truncate(line)
                        + "' in signed text: the signed message has no signature (missing '" + BEGIN_SIGNATURE + "')");
            } else if (line.startsWith("-")) {
                throw new FormatException(source, i + 1, "line starting with '-' is not dash-escaped in signed text: '"
                        + truncate(line) + "'");
            }
            text.append(line).append('\n');
            i++;
        }
        if (i == lines.length) {
            throw new FormatException(source, textStart, "signed message has no signature (missing '" + BEGIN_SIGNATURE + "')");
        }
        StringBuilder sig = new StringBuilder();
        while (i < lines.length) {
            String line = lines[i].stripTrailing();
            sig.append(line).append('\n');
            i++;
            if (line.equals(END_SIGNATURE)) {
                break;
            }
            if (i == lines.length) {
                throw new FormatException(source, i, "signature block is not terminated (missing '" + END_SIGNATURE + "')");
            }
        }
        for (; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                throw new FormatException(source, i + 1, "content after the signature is not signed: '" + truncate(lines[i]) + "'");
            }
        }
        return new ClearSigned(text.toString(), sig.toString(), List.copyOf(hashes));
    }

    private static String truncate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
