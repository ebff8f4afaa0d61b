package io.smi4j.collect;

import io.smi4j.nvml.Nvml;
import java.time.Duration;
import java.util.Optional;

/**
 * The NVML session a reader polls through, lent to code that must use the same session (scheduler
 * control): NVML sessions are not thread-safe, and a second one would fight the reader's over
 * initialisation and shutdown.
 */
public interface NvmlSession {

    /** How long {@link #whenOpen} waits for a poll in progress before it gives up. */
    Duration WAIT = Duration.ofSeconds(5);

    /** A poll has held the session longer than {@link #WAIT}: an NVML call that does not return (a hung driver). */
    final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BusyException(String message) {
            super(message);
        }
    }

    /** Work on the open session; may throw {@code E}. */
    @FunctionalInterface
    interface Action<T, E extends Exception> {
        T apply(Nvml nvml) throws E;
    }

    /**
     * Runs {@code action} on the open, initialised session, under the lock every poll holds, so it never
     * interleaves with a poll; returns its result. Empty, without running it, while NVML is not usable
     * (not opened yet, or broken and waiting to be initialised again).
     *
     * @throws BusyException when a poll held the session for longer than {@link #WAIT}: never blocks for longer
     */
    <T, E extends Exception> Optional<T> whenOpen(Action<T, E> action) throws E;
}
