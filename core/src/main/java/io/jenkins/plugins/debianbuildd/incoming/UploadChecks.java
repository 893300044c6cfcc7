package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.arch.Architectures;
import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.Changes;
import io.jenkins.plugins.debianbuildd.archive.Hashes;
import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FileEntry;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.openpgp.Gpgv;
import io.jenkins.plugins.debianbuildd.openpgp.SignatureException;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.repo.SuiteConfig;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of a claimed upload, in order; the first failure is the rejection. They read only the files
 * in the upload's work directory and query the repository, so running them again after a crash gives
 * the same verdict.
 *
 * <p>File names are checked while the signed .changes is parsed, before any listed name is resolved
 * against a directory: a name like {@code ../x} must never reach the file system, so this check comes
 * before the existence, size and checksum checks.
 */
final class UploadChecks {
    private final IncomingConfig config;
    private final RepreproRepository repository;

    UploadChecks(IncomingConfig config, RepreproRepository repository) {
        this.config = config;
        this.repository = repository;
    }

    /** A rejection found by a check. */
    static final class Rejected extends Exception {
        final RejectReason reason;

        Rejected(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** What the checks established about an acceptable upload. */
    record Facts(String suite, String distribution, String source, DebianVersion version, List<String> architecture,
                 List<String> uploadedArchitectures, String component, String section, String priority,
                 String maintainer, String changedBy, String signer, Map<String, BuildScope> plan) {
    }

    Facts check(Path dir, String changesName) throws Rejected, IOException {
        Path changesFile = dir.resolve(changesName);
        String where = dir + "/";
        if (!Names.isPlainFileName(changesName)) {
            throw new Rejected(RejectReason.UNSAFE_FILE_NAME, "'" + changesName + "' is not a plain file name");
        }
        if (!Files.isRegularFile(changesFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new Rejected(RejectReason.MALFORMED, changesName + " is not a regular file (a symbolic link?)");
        }
        String content;
        try {
            content = Changes.readBounded(changesFile);
        } catch (FormatException e) {
            throw new Rejected(RejectReason.MALFORMED, e.getMessage().replace(where, ""));
        }
        if (!ClearSigned.isClearSigned(content)) {
            throw new Rejected(RejectReason.UNSIGNED, changesName + " is not signed (no OpenPGP signature); sign it with debsign");
        }
        Gpgv.Verified verified = verify(changesFile, where, RejectReason.BAD_SIGNATURE);

        Changes changes;
        try {
            changes = Changes.parse(verified.text(), changesName);
        } catch (FormatException e) {
            throw new Rejected(e.getMessage().contains("unsafe file name") ? RejectReason.UNSAFE_FILE_NAME : RejectReason.MALFORMED,
                    e.getMessage());
        }

        for (FileEntry f : changes.files()) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new Rejected(RejectReason.MISSING_FILE, f.name() + " is listed in " + changesName + " but was not uploaded"
                        + (Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? " as a regular file (a symbolic link?)" : " (or the upload did not complete)"));
            }
            long size = Files.size(p);
            if (size != f.size()) {
                throw new Rejected(RejectReason.SIZE_MISMATCH, f.name() + " has " + size + " bytes, " + changesName + " lists "
                        + f.size());
            }
            String sha256 = Hashes.sha256(p);
            if (!sha256.equals(f.sha256())) {
                throw new Rejected(RejectReason.CHECKSUM_MISMATCH, f.name() + " has SHA-256 " + sha256 + ", " + changesName
                        + " lists " + f.sha256());
            }
        }

        if (changes.distributions().size() != 1) {
            throw new Rejected(RejectReason.UNKNOWN_DISTRIBUTION, changesName + ": Distribution must name exactly one suite, not "
                    + changes.distributions());
        }
        String distribution = changes.distributions().get(0);
        Optional<SuiteConfig> found = repository.suite(distribution);
        if (found.isEmpty()) {
            throw new Rejected(RejectReason.UNKNOWN_DISTRIBUTION, changesName + ": unknown distribution '" + distribution
                    + "' (this archive has " + repository.suites().stream().map(s -> s.suite() == null ? s.codename()
                    : s.codename() + "/" + s.suite()).toList() + ")");
        }
        SuiteConfig suite = found.get();

        FileEntry dscEntry;
        try {
            dscEntry = changes.dsc();
        } catch (FormatException e) {
            throw new Rejected(RejectReason.MALFORMED, e.getMessage());
        }
        if (dscEntry == null || !changes.architectures().contains("source")) {
            throw new Rejected(RejectReason.NO_SOURCE, changesName + " is not a sourceful upload (no .dsc, or no 'source' in"
                    + " Architecture); incoming takes source uploads, build results are published directly");
        }

        if (config.enforceNewerVersion()) {
            Optional<DebianVersion> have = repository.sourceVersion(suite.codename(), changes.source());
            if (have.isPresent() && !changes.sourceVersion().isNewerThan(have.get())) {
                throw new Rejected(RejectReason.VERSION_NOT_NEWER, changes.source() + " " + changes.sourceVersion()
                        + " is not newer than " + have.get() + " in " + suite.codename());
            }
        }

        String component = suite.componentOf(dscEntry.section());
        SourcePackage dsc = checkDsc(dir, dscEntry, changes, suite, component, where);
        List<String> architecture = dsc.architectures();

        for (String a : changes.architectures()) {
            if (!a.equals("source") && !a.equals("all") && !suite.architectures().contains(a)) {
                throw new Rejected(RejectReason.MALFORMED, changesName + " carries binaries for " + a + ", which "
                        + suite.codename() + " does not have");
            }
        }
        String archAll = config.archAllArchitecture(suite.codename(), suite.architectures());
        // The same rule as the archive merge: the Package-List's arch= lists when present, else the Architecture field.
        Map<String, BuildScope> plan = BuildScope.plan(dsc.effectiveArchitectures(), suite.architectures(), archAll);
        return new Facts(suite.codename(), distribution, changes.source(), changes.sourceVersion(), architecture,
                changes.architectures(), component, dscEntry.section(), dscEntry.priority(),
                changes.maintainer(), changes.changedBy(), verified.signer().fingerprint(), plan);
    }

    private Gpgv.Verified verify(Path file, String where, RejectReason bad) throws Rejected, IOException {
        try {
            return Gpgv.verifyClearSigned(file, config.uploadersKeyring());
        } catch (FormatException e) {
            throw new Rejected(RejectReason.MALFORMED, e.getMessage().replace(where, ""));
        } catch (SignatureException e) {
            String m = e.getMessage().replace(where, "");
            boolean unknown = m.contains("not in the keyring");
            RejectReason reason = bad == RejectReason.BAD_SIGNATURE
                    ? (unknown ? RejectReason.UNKNOWN_KEY : RejectReason.BAD_SIGNATURE) : bad;
            throw new Rejected(reason, m);
        }
    }

    /** The .dsc: signed (when required), the same source and version, and its files uploaded or in the archive. */
    private SourcePackage checkDsc(Path dir, FileEntry dscEntry, Changes changes, SuiteConfig suite, String component,
                                  String where) throws Rejected, IOException {
        Path dsc = dir.resolve(dscEntry.name());
        String name = dscEntry.name();
        String content;
        try {
            content = Changes.readBounded(dsc);
        } catch (FormatException e) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, e.getMessage().replace(where, ""));
        }
        String text;
        if (ClearSigned.isClearSigned(content)) {
            text = verify(dsc, where, RejectReason.DSC_BAD_SIGNATURE).text();
        } else if (config.requireSignedDsc()) {
            throw new Rejected(RejectReason.DSC_UNSIGNED, name + " is not signed (debsign signs the .dsc and the .changes)");
        } else {
            text = content;
        }
        Paragraph p;
        List<FileEntry> files;
        try {
            p = Deb822.parseSingle(text, name);
            files = FileEntry.of(p);
        } catch (FormatException e) {
            throw new Rejected(e.getMessage().contains("unsafe file name") ? RejectReason.UNSAFE_FILE_NAME
                    : RejectReason.DSC_INCONSISTENT, e.getMessage());
        }
        String source = p.get("Source", "").strip();
        String version = p.get("Version", "").strip();
        if (!source.equals(changes.source())) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " is for source '" + source + "', the .changes for '"
                    + changes.source() + "'");
        }
        if (!DebianVersion.isValid(version) || !DebianVersion.parse(version).equals(changes.sourceVersion())) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " has version '" + version + "', the .changes "
                    + changes.sourceVersion());
        }
        List<String> architecture = Architectures.split(p.get("Architecture"));
        if (architecture.isEmpty() || !architecture.stream().allMatch(Names::isArchitectureName)) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, name + ": missing or invalid Architecture field '"
                    + p.get("Architecture") + "'");
        }
        if (files.isEmpty()) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " lists no files");
        }
        Path pool = repository.poolDirectory(component, source);
        for (FileEntry f : files) {
            if (f.sha256() == null) {
                throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " has no SHA-256 for " + f.name());
            }
            FileEntry uploaded = changes.file(f.name());
            if (uploaded != null) {
                if (uploaded.size() != f.size() || !uploaded.sha256().equals(f.sha256())) {
                    throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " lists " + f.name() + " with size " + f.size()
                            + " and SHA-256 " + f.sha256() + ", but the uploaded file has " + uploaded.size() + " bytes and "
                            + uploaded.sha256());
                }
                continue;
            }
            Path archived = pool.resolve(f.name());
            if (!Files.isRegularFile(archived) || !Hashes.sha256(archived).equals(f.sha256())) {
                throw new Rejected(RejectReason.DSC_INCONSISTENT, name + " lists " + f.name() + ", which is neither in the"
                        + " upload nor in the archive" + (Files.isRegularFile(archived) ? " with that content" : ""));
            }
        }
        try {
            return SourcePackage.of(p);
        } catch (FormatException e) {
            throw new Rejected(RejectReason.DSC_INCONSISTENT, e.getMessage());
        }
    }
}
