package io.jenkins.plugins.debianbuildd.incoming;

import io.jenkins.plugins.debianbuildd.openpgp.GnupgHome;
import io.jenkins.plugins.debianbuildd.repo.RepreproRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A processor in its own JVM that stops at a chosen step and waits there to be killed (SIGKILL, no
 * shutdown hooks, no finally blocks): the crash the queue's journal must survive.
 *
 * <p>Arguments: queue root, repository base, GnuPG home, uploaders keyring, step, handler log.
 */
public final class CrashingProcessor {
    private CrashingProcessor() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        RepreproRepository repo = RepreproRepository.open(Path.of(args[1]), new GnupgHome(Path.of(args[2])));
        IncomingQueue.Step stopAt = IncomingQueue.Step.valueOf(args[4]);
        Path log = Path.of(args[5]);
        IncomingQueue queue = new IncomingQueue(IncomingConfig.of(root, Path.of(args[3])), repo, u -> logCall(log, u))
                .withListener((id, step) -> {
                    if (step == stopAt) {
                        System.out.println("REACHED " + step + " " + id);
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        queue.processOnce();
        System.out.println("DONE");
    }

    /** The handler of the test: one line per call, so that repeated deliveries can be counted. */
    static void logCall(Path log, AcceptedUpload u) throws java.io.IOException {
        Files.writeString(log, u.uploadId() + " " + u.source() + " " + u.version() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
