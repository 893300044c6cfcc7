package io.jenkins.plugins.debianbuildd.testsupport;

import io.jenkins.plugins.debianbuildd.chroot.BuilderKind;
import io.jenkins.plugins.debianbuildd.chroot.ChrootId;
import io.jenkins.plugins.debianbuildd.chroot.ChrootLease;
import io.jenkins.plugins.debianbuildd.chroot.ChrootManager;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process using a chroot, for the cross-process lock tests: takes a build's hold on the chroot
 * (root, suite, arch, builder), prints "held", and keeps it until killed.
 */
public final class HoldChrootLock {
    private HoldChrootLock() {
    }

    public static void main(String[] args) throws Exception {
        ChrootManager m = new ChrootManager(Path.of(args[0]));
        try (ChrootLease lease = m.acquire(new ChrootId(args[1], args[2], BuilderKind.fromId(args[3])), Duration.ofSeconds(30))) {
            System.out.println("held " + lease.path());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
