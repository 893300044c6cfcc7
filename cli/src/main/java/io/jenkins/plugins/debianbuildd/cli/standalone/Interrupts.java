package io.jenkins.plugins.debianbuildd.cli.standalone;

import io.jenkins.plugins.debianbuildd.exec.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during long work: cancels it and lets it finish its cleanup (stop the
 * build's processes, give the package back, remove a half-made chroot) before the JVM exits.
 */
final class Interrupts implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private Interrupts(Cancellation cancellation, Duration grace) {
        hook = new Thread(() -> {
            cancellation.cancel("interrupted (SIGINT or SIGTERM)");
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "buildd-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Cancels {@code cancellation} on a signal, then waits up to {@code grace} for {@link #close()}. */
    static Interrupts cancelOnSignal(Cancellation cancellation, Duration grace) {
        return new Interrupts(cancellation, grace);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook is running and now returns.
        }
    }
}
