package io.smi4j.collect;

import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import java.util.Objects;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The reader's NVML session: loads the library through the opener and initialises NVML on the first
 * poll (so on the poller's thread), and after a failure shuts down at once (releasing the driver during the
 * back-off) and initialises again 1, 2, 4 ... at most 32 polls apart. No library: {@link HostStatus#NO_LIBRARY}; no kernel driver:
 * {@link HostStatus#NO_DRIVER}; init failing otherwise: {@link HostStatus#ERROR}. Its lock is held by every
 * poll and by {@link #whenOpen}, which waits for it at most {@link #WAIT}.
 */
final class RetryingSession implements NvmlSession {

    /** Back-off cap: retry a broken session at least every 2^5 polls. */
    private static final int MAX_BACKOFF_SHIFT = 5;

    private final Supplier<? extends Nvml> opener;
    /** Held by every poll and by {@link #whenOpen}; timed, so that a hung call blocks no one else for good. */
    private final ReentrantLock lock = new ReentrantLock();
    private Nvml nvml;
    private boolean initialized;
    private boolean reinitRequested;
    private int failedAttempts;
    private long nextAttempt;
    private long lastAttempt;
    private HostStatus downStatus = HostStatus.ERROR;
    private String downDetail = "";
    private String nvmlVersion;

    RetryingSession(Supplier<? extends Nvml> opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public <T, E extends Exception> Optional<T> whenOpen(Action<T, E> action) throws E {
        if (!tryLock(WAIT)) {
            throw new BusyException("NVML is busy: a poll has held it for more than " + WAIT.toSeconds()
                    + " s (an NVML call that does not return?)");
        }
        try {
            return initialized && !reinitRequested ? Optional.of(action.apply(nvml)) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the lock of polls, waiting at most {@code wait}; false when a poll held it all that time. */
    boolean tryLock(Duration wait) {
        try {
            return lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes the lock of polls: a poll waits for scheduler control to finish. */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Opens NVML, or shuts a broken session down and initialises it again, when poll {@code poll} is due to.
     *
     * @return true when a fresh session began: the facts read in the last one must be read again
     */
    boolean openIfDue(long poll) {
        if ((initialized && !reinitRequested) || poll < nextAttempt) {
            return false;
        }
        lastAttempt = poll;
        if (nvml == null) {
            try {
                nvml = opener.get();
            } catch (NvmlException e) {
                down(poll, e.result() == NvmlReturn.LIBRARY_NOT_FOUND ? HostStatus.NO_LIBRARY : HostStatus.ERROR,
                        e.getMessage());
                return false;
            } catch (RuntimeException | LinkageError e) {
                // e.g. JNA itself missing or broken: still a snapshot, never an exception into the poller
                down(poll, HostStatus.ERROR, "cannot load NVML: " + e);
                return false;
            }
        }
        if (initialized) {
            try {
                nvml.shutdown();
            } catch (NvmlException e) {
                // the old session is broken anyway
            }
            initialized = false;
        }
        if (nvmlVersion == null) {
            try {
                nvmlVersion = nvml.systemNvmlVersion();
            } catch (NvmlException e) {
                // answered before init on real drivers; without it the snapshot says ""
            }
        }
        try {
            nvml.init();
        } catch (NvmlException e) {
            down(poll, e.result() == NvmlReturn.DRIVER_NOT_LOADED ? HostStatus.NO_DRIVER : HostStatus.ERROR,
                    e.getMessage());
            return false;
        }
        initialized = true;
        reinitRequested = false;
        return true;
    }

    private void down(long poll, HostStatus status, String detail) {
        downStatus = status;
        downDetail = detail == null ? "" : detail;
        backOff(poll);
    }

    private void backOff(long poll) {
        failedAttempts++;
        nextAttempt = poll + (1L << Math.min(failedAttempts - 1, MAX_BACKOFF_SHIFT));
    }

    /** Whether NVML is initialised: a broken session still is until it is initialised again. */
    boolean initialized() {
        return initialized;
    }

    Nvml nvml() {
        return nvml;
    }

    /** Why NVML is not initialised. */
    HostStatus downStatus() {
        return downStatus;
    }

    String downDetail() {
        return downDetail;
    }

    /** {@code nvmlSystemGetNVMLVersion}, read before the first init; null when it could not be read. */
    String nvmlVersion() {
        return nvmlVersion;
    }

    /**
     * Poll {@code poll} found the session broken (a lost GPU or driver): it is initialised again when due,
     * backing off from the first failure and from each failed re-initialisation.
     */
    void broken(long poll, String why) {
        if (!reinitRequested || lastAttempt == poll) {
            backOff(poll);
        }
        reinitRequested = true;
        // release the driver during the back-off: an open session can block a driver unbind or a GPU reset
        if (initialized) {
            try {
                nvml.shutdown();
            } catch (NvmlException e) {
                // the session is broken anyway
            }
            initialized = false;
        }
        downStatus = HostStatus.ERROR;
        downDetail = why + "; NVML is shut down until it is initialised again at poll " + nextAttempt;
    }

    /** Poll {@code poll} failed in a way the port does not promise (not an NvmlException). */
    void failedUnexpectedly(long poll) {
        reinitRequested = true;
        backOff(poll);
    }

    /** Poll {@code poll} went well: the back-off starts from 1 again, unless a re-initialisation is pending. */
    void succeeded() {
        if (!reinitRequested) {
            failedAttempts = 0;
        }
    }

    void close() {
        if (nvml != null) {
            try {
                nvml.close();
            } catch (RuntimeException e) {
                // closing is best effort; nothing to report to
            }
        }
        nvml = null;
        initialized = false;
    }
}
