package io.smi4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as a request to stop, for the long-running commands: while installed, the
 * signals do not end the JVM (whose exit code would then be 130 or 143) but count as a stop the
 * command acts on, closing what it opened and exiting 0 like any graceful end.
 */
final class StopSignals implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Takes over SIGINT and SIGTERM until {@link #close()}. */
    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                s.previous.add(Signal.handle(signal, sig -> s.stop.countDown()));
                s.installed.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs): it still stops the command, with the JVM's exit code
            }
        }
        return s;
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return stop.getCount() == 0;
    }

    /** Blocks until a stop is asked for. */
    void await() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the signals back to their previous handlers. */
    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
