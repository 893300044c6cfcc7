package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.archive.BuildScope;
import io.jenkins.plugins.debianbuildd.archive.Changes;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Names;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.incoming.Journal.Phase;
import io.jenkins.plugins.debianbuildd.incoming.ProcessReport.Outcome;
import io.jenkins.plugins.debianbuildd.incoming.ProcessReport.Status;
import io.jenkins.plugins.debianbuildd.openpgp.ClearSigned;
import io.jenkins.plugins.debianbuildd.repo.PackageRecord;
import io.jenkins.plugins.debianbuildd.repo.PublishResult;
import io.jenkins.plugins.debianbuildd.repo.RepreproException;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An incoming queue: the directory where uploads arrive (a .changes and the files it lists, as dput and
 * dupload write them), checked, published to the repository, and handed to the build queue.
 *
 * <pre>
 * root/
 *   incoming/        uploads arrive here (dput's target)
 *   work/&lt;id&gt;/        an upload being processed: its .changes, its files, and .journal (its state)
 *   accepted/&lt;id&gt;/    processed uploads, as uploaded (the repository holds copies in its pool)
 *   rejected/&lt;id&gt;/    rejected uploads with all their files and &lt;changes&gt;.reason; never deleted
 *   .lock            held by the processor at work
 * </pre>
 *
 * <p>One processor works on a queue at a time (a lock file, and a lock per directory within the JVM). An
 * upload is claimed by moving its files into its own work directory, after its journal is written; every
 * later step updates the journal by an atomic rename and finishes with one atomic rename of the whole
 * directory into accepted/ or rejected/. A processor that dies at any point leaves a journal that the
 * next run resumes from: a claim is completed, the checks (which change nothing) run again, the
 * repository include is replayed (it is idempotent), the handler is called (at least once, see
 * {@link AcceptedUploadHandler}). No upload is lost, and none is published or moved twice.
 */
public final class IncomingQueue {

    /** Points of the processing at which a {@link StepListener} is told, for tracing (and crash tests). */
    public enum Step {
        /** The .changes is in the work directory, the other files not yet. */
        CLAIMING,
        /** Every file is in the work directory. */
        CLAIMED,
        /** reprepro included the upload; the journal does not say so yet. */
        INCLUDED,
        /** The journal records the publish. */
        PUBLISHED,
        /** The handler returned; the journal does not say so yet. */
        HANDLED,
        /** The journal records the rejection; the move to rejected/ follows. */
        REJECTING,
        /** The upload is in accepted/ or rejected/. */
        FINISHED
    }

    /** Told of each {@link Step}, on the processing thread. */
    @FunctionalInterface
    public interface StepListener {
        void reached(String uploadId, Step step);
    }

    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final IncomingConfig config;
    private final RepreproRepository repository;
    private final AcceptedUploadHandler handler;
    private final StepListener listener;
    private final UploadChecks checks;

    public IncomingQueue(IncomingConfig config, RepreproRepository repository, AcceptedUploadHandler handler) throws IOException {
        this(config, repository, handler, (id, step) -> { });
    }

    private IncomingQueue(IncomingConfig config, RepreproRepository repository, AcceptedUploadHandler handler,
                          StepListener listener) throws IOException {
        this.config = config;
        this.repository = repository;
        this.handler = handler;
        this.listener = listener;
        this.checks = new UploadChecks(config, repository);
        for (Path d : List.of(config.incoming(), config.work(), config.accepted(), config.rejected())) {
            Files.createDirectories(d);
        }
    }

    /** The same queue telling {@code l} of each step. */
    public IncomingQueue withListener(StepListener l) throws IOException {
        return new IncomingQueue(config, repository, handler, l);
    }

    public IncomingConfig config() {
        return config;
    }

    /**
     * One run: resumes what a previous run left in work/, then processes every complete upload in
     * incoming/ (in name order), then moves stray files that no upload claimed within the timeout.
     * Returns {@link ProcessReport#busy()} when another processor held the queue for the whole lock wait.
     */
    public ProcessReport processOnce() throws IOException {
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(config.root(), k -> new ReentrantLock());
        long until = System.nanoTime() + config.lockWait().toNanos();
        try {
            if (!jvm.tryLock(config.lockWait().toNanos(), TimeUnit.NANOSECONDS)) {
                return new ProcessReport(true, List.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessReport(true, List.of());
        }
        try (FileChannel ch = FileChannel.open(config.root().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            while ((lock = ch.tryLock()) == null) {
                if (System.nanoTime() - until >= 0) {
                    return new ProcessReport(true, List.of());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new ProcessReport(true, List.of());
                }
            }
            try {
                return run();
            } finally {
                lock.release();
            }
        } finally {
            jvm.unlock();
        }
    }

    private ProcessReport run() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path w : sortedEntries(config.work())) {
            if (Files.isDirectory(w, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Outcome o = resume(w);
                    if (o != null) {
                        outcomes.add(o);
                    }
                } catch (IOException | RuntimeException e) {
                    // One upload the file system or a bug stops must not stop the others; it stays for the next run.
                    outcomes.add(deferred(w.getFileName().toString(), null, w, "cannot process: " + e));
                }
            }
        }
        for (Path f : sortedEntries(config.incoming())) {
            String name = f.getFileName().toString();
            // The listing is a snapshot: an earlier upload of this run may have taken this file with it.
            if (name.endsWith(".changes") && Files.exists(f, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    outcomes.add(intake(f));
                } catch (IOException | RuntimeException e) {
                    outcomes.add(deferred(null, name, f, "cannot process: " + e));
                }
            }
        }
        outcomes.addAll(strays());
        return new ProcessReport(false, outcomes);
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Intake: is the upload complete, then claim it.

    /** A file an upload lists, as its (not yet verified) .changes says. */
    private record Listed(String name, long size) {
    }

    private Outcome intake(Path changes) throws IOException {
        String name = changes.getFileName().toString();
        List<Listed> listed = List.of();
        if (Files.isRegularFile(changes, LinkOption.NOFOLLOW_LINKS)) {
            String waiting = null;
            String content = readQuietly(changes);
            if (content != null) {
                String head = content.strip();
                if (ClearSigned.BEGIN_MESSAGE.startsWith(head)) {
                    waiting = name + " is still being written";
                } else if (ClearSigned.isClearSigned(content)) {
                    try {
                        listed = listedFiles(ClearSigned.parse(content, name).text());
                    } catch (FormatException e) {
                        waiting = name + " is incomplete (" + e.reason() + ")";
                    }
                } else {
                    listed = listedFiles(content);
                }
            }
            if (waiting == null) {
                waiting = missing(listed);
            }
            // A .changes whose own name is unsafe is rejected whatever else arrives.
            if (waiting != null && Names.isPlainFileName(name)) {
                Duration age = age(changes, listed);
                if (age.compareTo(config.incompleteTimeout()) < 0) {
                    return new Outcome(null, name, Status.WAITING, null, waiting + "; waiting up to "
                            + config.incompleteTimeout().toMinutes() + " min", changes);
                }
            }
        }
        Set<String> elsewhere = namesListedByOthers(changes);
        List<String> move = new ArrayList<>();
        List<String> copy = new ArrayList<>();
        for (Listed l : listed) {
            Path p = config.incoming().resolve(l.name);
            if (l.name.equals(name) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    || move.contains(l.name) || copy.contains(l.name)) {
                continue;
            }
            // A file another pending upload also lists (a shared .orig.tar) stays for it; a link is never followed.
            if (elsewhere.contains(l.name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                copy.add(l.name);
            } else {
                move.add(l.name);
            }
        }
        String id = newId(name);
        Path w = config.work().resolve(id);
        Files.createDirectory(w);
        Paragraph journal = Paragraph.builder()
                .set("Upload", id)
                .set("Changes", quoteName(name))
                .set("Received", Instant.now().toString())
                .set("Phase", Phase.CLAIMING.name())
                .setLines("Move", move)
                .setLines("Copy", copy)
                .build();
        Journal.write(w, journal);
        Files.move(changes, w.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        listener.reached(id, Step.CLAIMING);
        return resume(w);
    }

    /** What is still missing or short, or null when every listed file is there with at least its size. */
    private String missing(List<Listed> listed) throws IOException {
        for (Listed l : listed) {
            Path p = config.incoming().resolve(l.name);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return l.name + " has not arrived";
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) < l.size) {
                return l.name + " is still arriving (" + Files.size(p) + " of " + l.size + " bytes)";
            }
        }
        return null;
    }

    /** Time since the last write to the upload's files: an upload still arriving keeps touching them. */
    private static Duration age(Path changes, List<Listed> listed) throws IOException {
        FileTime newest = Files.getLastModifiedTime(changes, LinkOption.NOFOLLOW_LINKS);
        for (Listed l : listed) {
            Path p = changes.resolveSibling(l.name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            }
        }
        Duration d = Duration.between(newest.toInstant(), Instant.now());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The plain file names a .changes text lists, read leniently (the text is not verified yet): this only
     * decides which files to wait for and take along. Names that are not plain are never resolved.
     */
    private static List<Listed> listedFiles(String text) {
        Map<String, Listed> out = new LinkedHashMap<>();
        Paragraph p;
        try {
            List<Paragraph> all = Deb822.parse(text, "changes");
            if (all.isEmpty()) {
                return List.of();
            }
            p = all.get(0);
        } catch (FormatException e) {
            return List.of();
        }
        for (String field : List.of("Files", "Checksums-Sha256", "Checksums-Sha1")) {
            for (String line : p.lines(field)) {
                String[] f = line.split("\\s+");
                if (f.length < 3 || !Names.isPlainFileName(f[f.length - 1])) {
                    continue;
                }
                long size;
                try {
                    size = Long.parseLong(f[1]);
                } catch (NumberFormatException e) {
                    size = 0;
                }
                out.putIfAbsent(f[f.length - 1], new Listed(f[f.length - 1], size));
            }
        }
        return new ArrayList<>(out.values());
    }

    private Set<String> namesListedByOthers(Path changes) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Path other : sortedEntries(config.incoming())) {
            if (!other.equals(changes) && other.getFileName().toString().endsWith(".changes")
                    && Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS)) {
                String content = readQuietly(other);
                if (content != null) {
                    String text = content;
                    if (ClearSigned.isClearSigned(content)) {
                        try {
                            text = ClearSigned.parse(content, other.toString()).text();
                        } catch (FormatException e) {
                            // Still arriving: its file list may be incomplete, the part read so far counts.
                        }
                    }
                    listedFiles(text).forEach(l -> names.add(l.name));
                }
            }
        }
        return names;
    }

    private static String readQuietly(Path file) {
        try {
            return Changes.readBounded(file);
        } catch (IOException | FormatException e) {
            return null;
        }
    }

    /** A fresh id: the .changes name and the time, unique among work/, accepted/ and rejected/. */
    private String newId(String changesName) {
        String base = changesName.endsWith(".changes") ? changesName.substring(0, changesName.length() - 8) : changesName;
        base = base.replaceAll("[^A-Za-z0-9+.~_=-]", "_").replaceFirst("^[^A-Za-z0-9]+", "");
        if (base.isEmpty()) {
            base = "upload";
        }
        if (base.length() > 150) {
            base = base.substring(0, 150);
        }
        String id = base + "-" + ID_TIME.format(Instant.now());
        String candidate = id;
        for (int n = 1; exists(candidate); n++) {
            candidate = id + "-" + n;
        }
        return candidate;
    }

    private boolean exists(String id) {
        return Files.exists(config.work().resolve(id)) || Files.exists(config.accepted().resolve(id))
                || Files.exists(config.rejected().resolve(id));
    }

    /** deb822 values cannot hold every byte a hostile file name might; the journal keeps a safe spelling. */
    private static String quoteName(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static String unquoteName(String quoted) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '%' && i + 2 < quoted.length()) {
                out.write(Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // Processing a claimed upload, phase by phase; each phase may be where a previous run stopped.

    private Outcome resume(Path w) throws IOException {
        String id = w.getFileName().toString();
        if (!Files.exists(Journal.file(w))) {
            return orphan(w);
        }
        while (true) {
            Paragraph j = Journal.read(w);
            String changesName = unquoteName(j.require("Changes").strip());
            switch (Journal.phase(j)) {
                case CLAIMING -> {
                    finishClaim(w, j, changesName);
                    Journal.write(w, j.toBuilder().set("Phase", Phase.CLAIMED.name()).build());
                    listener.reached(id, Step.CLAIMED);
                }
                case CLAIMED -> {
                    try {
                        UploadChecks.Facts facts = checks.check(w, changesName);
                        Journal.write(w, withFacts(j.toBuilder(), facts).set("Phase", Phase.PUBLISHING.name()).build());
                    } catch (UploadChecks.Rejected r) {
                        reject(w, j, r.reason, r.getMessage());
                    } catch (RepreproException e) {
                        return deferred(id, changesName, w, "repository: " + e.getMessage());
                    }
                }
                case PUBLISHING -> {
                    PublishResult published;
                    try {
                        published = repository.include(j.require("Suite").strip(), w.resolve(changesName));
                    } catch (RepreproException e) {
                        if (e.reason() == RepreproException.Reason.LOCKED) {
                            return deferred(id, changesName, w, e.getMessage());
                        }
                        reject(w, j, RejectReason.REPOSITORY_REFUSED, e.getMessage().replace(w + "/", ""));
                        continue;
                    }
                    listener.reached(id, Step.INCLUDED);
                    List<String> lines = new ArrayList<>();
                    for (PackageRecord r : published.packages()) {
                        lines.add(String.join(" ", r.codename(), r.component(), r.architecture(), r.type(), r.name(),
                                r.version().toString(), r.source(), r.sourceVersion().toString(), r.fileKey()));
                    }
                    Journal.write(w, j.toBuilder().set("Phase", Phase.PUBLISHED.name())
                            .set("Already-Present", published.alreadyPresent() ? "yes" : "no")
                            .setLines("Published", lines).build());
                    listener.reached(id, Step.PUBLISHED);
                }
                case PUBLISHED -> {
                    try {
                        handler.accepted(accepted(id, changesName, j));
                    } catch (Exception e) {
                        return deferred(id, changesName, w, "handler failed: " + e);
                    }
                    listener.reached(id, Step.HANDLED);
                    Journal.write(w, j.toBuilder().set("Phase", Phase.HANDLED.name()).build());
                }
                case HANDLED -> {
                    Path target = config.accepted().resolve(id);
                    finish(w, target);
                    listener.reached(id, Step.FINISHED);
                    return new Outcome(id, changesName, Status.ACCEPTED, null, j.require("Source").strip() + " "
                            + j.require("Version").strip() + " published to " + j.require("Suite").strip(), target);
                }
                case REJECTING -> {
                    writeReason(w, j, changesName);
                    Path target = config.rejected().resolve(id);
                    finish(w, target);
                    listener.reached(id, Step.FINISHED);
                    return new Outcome(id, changesName, Status.REJECTED, RejectReason.valueOf(j.require("Reason").strip()),
                            j.text("Message"), target);
                }
                default -> throw new IllegalStateException("unknown phase in " + Journal.file(w));
            }
        }
    }

    private void finishClaim(Path w, Paragraph j, String changesName) throws IOException {
        Path incomingChanges = config.incoming().resolve(changesName);
        if (!Files.exists(w.resolve(changesName), LinkOption.NOFOLLOW_LINKS) && Files.exists(incomingChanges, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(incomingChanges, w.resolve(changesName), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String name : j.lines("Move")) {
            Path src = config.incoming().resolve(name);
            Path dst = w.resolve(name);
            if (!Files.exists(dst, LinkOption.NOFOLLOW_LINKS) && Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        for (String name : j.lines("Copy")) {
            Path src = config.incoming().resolve(name);
            Path dst = w.resolve(name);
            if (!Files.exists(dst, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(src, LinkOption.NOFOLLOW_LINKS)) {
                // A copy appears under its name only when complete: written aside (a dot name no upload file has), then renamed.
                Path part = w.resolve("." + name + ".part");
                Files.copy(src, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, dst, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private void reject(Path w, Paragraph j, RejectReason reason, String message) throws IOException {
        Journal.write(w, j.toBuilder().set("Phase", Phase.REJECTING.name()).set("Reason", reason.name())
                .setText("Message", printable(message)).build());
        listener.reached(w.getFileName().toString(), Step.REJECTING);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.strip().codePoints().forEach(c -> sb.appendCodePoint(c == '\n' || !Character.isISOControl(c) ? c : '?'));
        return sb.toString();
    }

    private void writeReason(Path w, Paragraph j, String changesName) throws IOException {
        String base = Names.isPlainFileName(changesName) ? changesName : "upload.changes";
        Path reason = w.resolve(base + ".reason");
        for (int n = 1; Files.exists(reason, LinkOption.NOFOLLOW_LINKS) && !isOurReason(reason); n++) {
            reason = w.resolve(base + ".reason-" + n);
        }
        String text = Paragraph.builder()
                .set("Upload", j.require("Upload").strip())
                .set("Changes", quoteName(changesName))
                .set("Reason", j.require("Reason").strip())
                .setText("Message", j.text("Message"))
                .set("Rejected", Instant.now().toString())
                .build().toString();
        Path tmp = w.resolve(".reason.new");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, reason, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isOurReason(Path f) {
        try {
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) < 65536
                    && Files.readString(f).startsWith("Upload: ");
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void finish(Path w, Path target) throws IOException {
        Files.deleteIfExists(w.resolve(Journal.NAME + ".new"));
        Files.move(w, target, StandardCopyOption.ATOMIC_MOVE);
        Journal.syncDirectory(target.getParent());
        Journal.syncDirectory(w.getParent());
    }

    private Outcome deferred(String id, String changesName, Path w, String message) {
        return new Outcome(id, changesName, Status.DEFERRED, null, message, w);
    }

    /** A work directory without a journal: created by a run that died before writing it. */
    private Outcome orphan(Path w) throws IOException {
        try (Stream<Path> s = Files.list(w)) {
            if (s.findAny().isEmpty()) {
                Files.delete(w);
                return null;
            }
        }
        String id = w.getFileName().toString();
        Paragraph j = Paragraph.builder().set("Upload", id).set("Changes", "unknown").set("Phase", Phase.REJECTING.name())
                .set("Reason", RejectReason.MALFORMED.name())
                .setText("Message", "found in work/ without a journal; kept for inspection").build();
        Journal.write(w, j);
        return resume(w);
    }

    // ---------------------------------------------------------------------------------------------
    // Journal contents

    private static Paragraph.Builder withFacts(Paragraph.Builder b, UploadChecks.Facts f) {
        List<String> plan = new ArrayList<>();
        f.plan().forEach((arch, scope) -> plan.add(arch + " " + scope.name()));
        b.set("Suite", f.suite()).set("Distribution", f.distribution()).set("Source", f.source())
                .set("Version", f.version().toString()).set("Architecture", String.join(" ", f.architecture()))
                .set("Uploaded-Architecture", String.join(" ", f.uploadedArchitectures()))
                .set("Component", f.component()).set("Signed-By", f.signer()).setLines("Plan", plan);
        set(b, "Section", f.section());
        set(b, "Priority", f.priority());
        set(b, "Maintainer", f.maintainer());
        set(b, "Changed-By", f.changedBy());
        return b;
    }

    private static void set(Paragraph.Builder b, String field, String value) {
        if (value != null && !value.isBlank()) {
            b.set(field, value.strip());
        }
    }

    private static AcceptedUpload accepted(String id, String changesName, Paragraph j) {
        Map<String, BuildScope> plan = new LinkedHashMap<>();
        for (String line : j.lines("Plan")) {
            String[] f = line.split(" ");
            plan.put(f[0], BuildScope.valueOf(f[1]));
        }
        List<PackageRecord> records = new ArrayList<>();
        for (String line : j.lines("Published")) {
            String[] f = line.split(" ");
            records.add(new PackageRecord(f[0], f[1], f[2], f[3], f[4], DebianVersion.parse(f[5]), f[6],
                    DebianVersion.parse(f[7]), f[8]));
        }
        String suite = j.require("Suite").strip();
        String source = j.require("Source").strip();
        DebianVersion version = DebianVersion.parse(j.require("Version").strip());
        List<String> uploaded = List.of(j.require("Uploaded-Architecture").strip().split(" "));
        PublishResult published = new PublishResult(suite, source, version, uploaded, records,
                "yes".equals(j.get("Already-Present")));
        return new AcceptedUpload(id, changesName, suite, j.require("Distribution").strip(), source, version,
                List.of(j.require("Architecture").strip().split(" ")), uploaded, j.require("Component").strip(),
                j.get("Section"), j.get("Priority"), j.get("Maintainer"), j.get("Changed-By"),
                j.require("Signed-By").strip(), plan, published);
    }

    // ---------------------------------------------------------------------------------------------
    // Strays

    /** Files no pending upload lists, untouched for the completion timeout: moved to rejected/, never deleted. */
    private List<Outcome> strays() throws IOException {
        Set<String> wanted = new LinkedHashSet<>();
        List<Path> entries = sortedEntries(config.incoming());
        for (Path p : entries) {
            if (p.getFileName().toString().endsWith(".changes")) {
                wanted.add(p.getFileName().toString());
                String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? readQuietly(p) : null;
                if (content != null) {
                    String text = content;
                    if (ClearSigned.isClearSigned(content)) {
                        try {
                            text = ClearSigned.parse(content, p.toString()).text();
                        } catch (FormatException e) {
                            // Partly written: keep what it lists so far.
                        }
                    }
                    for (Listed l : listedFiles(text)) {
                        wanted.add(l.name);
                    }
                }
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (wanted.contains(name) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Duration age = Duration.between(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant(), Instant.now());
            if (age.compareTo(config.incompleteTimeout()) < 0) {
                continue;
            }
            String id = newId(name + ".stray");
            Path w = config.work().resolve(id);
            Files.createDirectory(w);
            Journal.write(w, Paragraph.builder().set("Upload", id).set("Changes", quoteName(name))
                    .set("Phase", Phase.REJECTING.name()).set("Reason", RejectReason.STRAY_FILE.name())
                    .setText("Message", "'" + printable(name) + "' was not listed by any .changes within "
                            + config.incompleteTimeout().toMinutes() + " min").build());
            Files.move(p, w.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            out.add(resume(w));
        }
        return out;
    }
}
