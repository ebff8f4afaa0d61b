package io.smi4j.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks a long-running command until SIGINT/SIGTERM, running its cleanup on the way out. */
final class UntilSignal {

    private UntilSignal() {
    }

    /** Runs {@code cleanup} when the JVM is asked to stop, and blocks the caller until then. */
    static void await(Runnable cleanup) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cleanup.run();
            } finally {
                done.countDown();
            }
        }, "smi4j-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
