package io.jenkins.plugins.debianbuildd.chroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import io.jenkins.plugins.debianbuildd.exec.Command;
import io.jenkins.plugins.debianbuildd.exec.LocalExec;
import io.jenkins.plugins.debianbuildd.exec.ProcessTree;
import io.jenkins.plugins.debianbuildd.testsupport.HoldChrootLock;
import io.jenkins.plugins.debianbuildd.testsupport.TestChroots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chroot store on real chroots: upgrading a copy of the cached sbuild chroot with mmdebstrap, the
 * lock between builds and upgrades (in this JVM and across processes), and what an interrupted
 * upgrade or creation leaves: the previous chroot as it was, and nothing else.
 */
class ChrootManagerTest {
    private Path root;
    private ChrootManager manager;
    private ChrootId id;

    @BeforeEach
    void copyTheCachedChroot() throws IOException {
        Chroot cached = TestChroots.get(BuilderKind.SBUILD);
        root = Files.createTempDirectory("debian-buildd-chroots-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        id = cached.id();
        Path target = root.resolve(id.fileName());
        try {
            // A hard link costs nothing; the store replaces, never rewrites, a chroot file.
            Files.createLink(target, cached.path());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(cached.path(), target);
        }
        Files.copy(cached.path().resolveSibling(id.name() + ".chroot"), root.resolve(id.name() + ".chroot"));
        manager = new ChrootManager(root);
    }

    @AfterEach
    void removeTheCopy() {
        LocalExec.run(Command.of("rm", "-rf", "--one-file-system", root.toString()), Duration.ofMinutes(1));
    }

    @Test
    void listsWhatItHoldsByName() {
        assertThat(manager.list()).extracting(c -> c.id().name()).containsExactly(TestChroots.suite() + "-"
                + TestChroots.architecture() + "-sbuild");
        Chroot c = manager.require(id);
        assertThat(c.path()).isEqualTo(root.resolve(TestChroots.suite() + "-" + TestChroots.architecture() + "-sbuild.tar.zst"));
        assertThat(c.spec()).isEqualTo(TestChroots.spec(BuilderKind.SBUILD));
        assertThat(c.sizeBytes()).isGreaterThan(50_000_000);
    }

    @Test
    void updateUpgradesInsideAndReplacesTheChrootAtomically() throws IOException {
        Chroot before = manager.require(id);
        Object inodeBefore = Files.readAttributes(before.path(), "unix:ino").get("ino");
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Chroot after = manager.update(id, new ChrootProgress() {
            @Override
            public void line(String line) {
                lines.add(line);
            }

            @Override
            public void step(String description, Duration elapsed) {
                steps.add(description);
            }
        }, Cancellation.none(), Duration.ofSeconds(5));
        assertThat(lines).anyMatch(l -> l.contains("dist-upgrade")).anyMatch(l -> l.startsWith("I: creating tarball"));
        assertThat(steps).anyMatch(s -> s.startsWith("running mmdebstrap")).anyMatch(s -> s.startsWith("updated "));
        assertThat(after.path()).isEqualTo(before.path());
        assertThat(after.created()).isEqualTo(before.created());
        assertThat(after.updated()).isAfterOrEqualTo(before.updated());
        assertThat(Files.readAttributes(after.path(), "unix:ino").get("ino")).isNotEqualTo(inodeBefore);
        String listing = LocalExec.run(Command.of("tar", "--zstd", "-tf", after.path().toString()), Duration.ofMinutes(2))
                .orThrow().stdout();
        assertThat(listing).contains("./usr/bin/apt-get", "./usr/bin/dh");
        assertThat(leftovers()).isEmpty();
        try (ChrootLease lease = manager.acquire(id, Duration.ofSeconds(1))) {
            assertThat(lease.path()).isEqualTo(after.path());
        }
    }

    @Test
    void interruptedUpdateLeavesTheChrootAsItWasAndBuildsWaitMeanwhile() throws Exception {
        Path path = manager.require(id).path();
        FileTime mtime = Files.getLastModifiedTime(path);
        long size = Files.size(path);
        Object inode = Files.readAttributes(path, "unix:ino").get("ino");
        Cancellation cancel = new Cancellation();
        CountDownLatch unpacking = new CountDownLatch(1);
        CompletableFuture<Chroot> update = CompletableFuture.supplyAsync(() -> manager.update(id, line -> {
            if (line.contains("running --setup-hook")) {
                unpacking.countDown();
            }
        }, cancel, Duration.ofSeconds(5)));
        assertThat(unpacking.await(2, TimeUnit.MINUTES)).as("mmdebstrap started unpacking the chroot").isTrue();

        // While it runs, a build cannot have the chroot, nor can a second upgrade.
        assertThatThrownBy(() -> manager.acquire(id, Duration.ofMillis(300)))
                .isInstanceOf(ChrootBusyException.class).hasMessageContaining("being upgraded");
        assertThatThrownBy(() -> manager.update(id, ChrootProgress.SILENT, Cancellation.none(), Duration.ofMillis(300)))
                .isInstanceOf(ChrootBusyException.class);

        cancel.cancel("test interrupts the upgrade");
        assertThatThrownBy(update::join).hasCauseInstanceOf(ChrootException.class).hasMessageContaining("cancelled");

        assertThat(Files.getLastModifiedTime(path)).isEqualTo(mtime);
        assertThat(Files.size(path)).isEqualTo(size);
        assertThat(Files.readAttributes(path, "unix:ino").get("ino")).isEqualTo(inode);
        assertThat(leftovers()).isEmpty();
        assertThat(processesUsing(root)).as("processes of the interrupted upgrade").isEmpty();
        try (ChrootLease lease = manager.acquire(id, Duration.ofSeconds(1))) {
            assertThat(lease.path()).isEqualTo(path);
        }
    }

    @Test
    void aBuildInAnotherProcessKeepsTheChrootFromBeingUpgradedUntilItEnds() throws Exception {
        String cp = System.getProperty("java.class.path");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                HoldChrootLock.class.getName(), root.toString(), id.suite(), id.architecture(), id.kind().id())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("held ");
            assertThatThrownBy(() -> manager.update(id, ChrootProgress.SILENT, Cancellation.none(), Duration.ofMillis(500)))
                    .isInstanceOf(ChrootBusyException.class).hasMessageContaining("another process");
            assertThatThrownBy(() -> manager.remove(id, Duration.ofMillis(500))).isInstanceOf(ChrootBusyException.class);
            // Builds share it.
            try (ChrootLease lease = manager.acquire(id, Duration.ofSeconds(1))) {
                assertThat(lease.path()).exists();
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // The kernel dropped the dead process's lock.
        manager.remove(id, Duration.ofSeconds(5));
        assertThat(manager.list()).isEmpty();
        assertThat(root.resolve(id.fileName())).doesNotExist();
    }

    @Test
    void aBuildInThisProcessKeepsTheChrootFromBeingUpgraded() {
        try (ChrootLease lease = manager.acquire(id, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> manager.update(id, ChrootProgress.SILENT, Cancellation.none(), Duration.ofMillis(300)))
                    .isInstanceOf(ChrootBusyException.class).hasMessageContaining("1 build(s)");
            try (ChrootLease second = manager.acquire(id, Duration.ofSeconds(1))) {
                assertThat(second.path()).isEqualTo(lease.path());
            }
        }
    }

    @Test
    void leftoversOfACrashAreRemovedByTheNextOperation() throws IOException {
        Path half = root.resolve("." + id.name() + ".new-deadbeef.tar.zst");
        Files.writeString(half, "half a tarball");
        Path tmp = Files.createDirectories(root.resolve(".tmp").resolve(id.name() + "-deadbeef").resolve("mmdebstrap.x"));
        assertThat(leftovers()).isNotEmpty();
        manager.remove(id, Duration.ofSeconds(1));
        assertThat(half).doesNotExist();
        assertThat(tmp).doesNotExist();
        assertThat(manager.find(id)).isEmpty();
    }

    @Test
    void cancelledCreationLeavesNothing() throws Exception {
        ChrootSpec spec = ChrootSpec.of(TestChroots.suite(), TestChroots.architecture(), BuilderKind.PBUILDER).withVariant("essential");
        Cancellation cancel = new Cancellation();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> manager.create(spec, line -> {
            seen.add(line);
            if (line.startsWith("I: running apt-get update")) {
                cancel.cancel("test interrupts the creation");
            }
        }, cancel)).isInstanceOf(ChrootException.class).hasMessageContaining("cancelled");
        assertThat(seen).anyMatch(l -> l.startsWith("I: running apt-get update"));
        assertThat(manager.find(spec.id())).isEmpty();
        assertThat(root.resolve(spec.id().fileName())).doesNotExist();
        assertThat(leftovers()).isEmpty();
        assertThat(processesUsing(root)).isEmpty();
    }

    @Test
    void aChrootOfTheSameNameFromAnotherSpecIsNotReused() {
        ChrootSpec other = TestChroots.spec(BuilderKind.SBUILD).withInclude("ccache");
        assertThatThrownBy(() -> manager.ensure(other, ChrootProgress.SILENT, Cancellation.none()))
                .isInstanceOf(ChrootException.class).hasMessageContaining("exists with another spec");
        assertThat(manager.ensure(TestChroots.spec(BuilderKind.SBUILD), ChrootProgress.SILENT, Cancellation.none()).path())
                .isEqualTo(manager.pathOf(id));
    }

    /** Files an unfinished operation could leave: temporary chroots and mmdebstrap's directories. */
    private List<Path> leftovers() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().contains(".new-") || p.getFileName().toString().contains(".old-"))
                    .forEach(out::add);
        }
        Path tmpParent = manager.temporaryDirectory();
        if (Files.isDirectory(tmpParent)) {
            try (Stream<Path> s = Files.list(tmpParent)) {
                s.forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> processesUsing(Path dir) {
        List<String> out = new ArrayList<>();
        String d = dir.toString();
        ProcessHandle.allProcesses().forEach(h -> {
            if (h.pid() != ProcessHandle.current().pid()) {
                ProcessTree.commandLine(h.pid()).filter(c -> c.contains(d)).ifPresent(c -> out.add(h.pid() + ": " + c));
            }
        });
        return out;
    }
}
