package io.smi4j.collect;

import io.smi4j.model.HostSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls a {@link GpuReader} on one daemon thread at a fixed interval, keeps the latest
 * {@link HostSnapshot} and hands each one to the subscribers. The reader (and so NVML
 * init) is only ever touched on the poller thread. {@code start}, {@code stop} and
 * {@code close} are idempotent; nothing here throws into its caller, and neither a
 * failing reader nor a failing subscriber stops the polling.
 *
 * <p>A poll never hangs the product: a second daemon thread watches the poll in progress, and when it has not
 * returned within the deadline (an NVML call that does not return), counts the overrun
 * ({@link HostSnapshot#pollOverruns()}) and publishes the last snapshot a poll completed as
 * {@link io.smi4j.model.HostStatus#STALE}, its time (and so its age) unchanged. Subscribers are never called
 * concurrently.
 */
public final class Poller implements AutoCloseable {

    /** The default poll interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** The default per-poll deadline: a poll that has not returned after it makes the host STALE. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    /** How long {@link #stop()} waits for a poll in progress to finish. */
    static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(Poller.class.getName());

    private final GpuReader reader;
    private final long intervalNanos;
    private final long deadlineNanos;
    private final String threadName;
    private final List<Consumer<HostSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    /** Subscribers whose failure was already logged at WARNING: later ones go to FINE, so a log is not flooded. */
    private final Set<Consumer<HostSnapshot>> failedSubscribers = ConcurrentHashMap.newKeySet();
    private boolean readerFailureLogged;
    private final Object lock = new Object();
    private volatile HostSnapshot latest;
    private Thread thread;
    private volatile Thread watchdog;
    private boolean closed;
    /** Held while publishing, so that the poller and the watchdog never call subscribers at once. */
    private final Object publishing = new Object();
    /** When the poll in progress started ({@link System#nanoTime()}); 0 between polls. */
    private volatile long pollStarted;
    // guarded by publishing
    private boolean overrunCounted;
    private long overruns;
    private HostSnapshot lastCompleted;

    public Poller(GpuReader reader, Duration interval) {
        this(reader, interval, "smi4j-poller");
    }

    public Poller(GpuReader reader, Duration interval, String threadName) {
        this(reader, interval, threadName, DEFAULT_DEADLINE);
    }

    /**
     * @param deadline how long a poll may take before it is counted as an overrun and the host reported
     *                 {@link io.smi4j.model.HostStatus#STALE}; positive
     */
    public Poller(GpuReader reader, Duration interval, String threadName, Duration deadline) {
        this.reader = Objects.requireNonNull(reader, "reader");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + interval);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("poll deadline must be positive, was " + deadline);
        }
        this.intervalNanos = interval.toNanos();
        this.deadlineNanos = deadline.toNanos();
        this.threadName = threadName;
    }

    /** Starts polling (the first poll at once). Does nothing when running or closed. */
    public void start() {
        synchronized (lock) {
            if (closed || thread != null) {
                return;
            }
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            watchdog = new Thread(this::watch, threadName + "-deadline");
            watchdog.setDaemon(true);
            thread.start();
            watchdog.start();
        }
    }

    /** Stops polling and waits for the poller thread to end; {@link #start()} may resume it. */
    public void stop() {
        Thread t;
        Thread w;
        synchronized (lock) {
            t = thread;
            w = watchdog;
            thread = null;
            watchdog = null;
        }
        if (w != null) {
            w.interrupt(); // it parks only, so it ends at once
        }
        if (t != null) {
            t.interrupt();
            if (t != Thread.currentThread()) {
                try {
                    t.join(STOP_WAIT.toMillis()); // a poll parked in a call that never returns is left behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Stops polling for good and closes the reader. Returns within {@link #STOP_WAIT} plus the reader's own bound
     * ({@link NvmlGpuReader}: 2 s) even when a poll is parked in an NVML call that never returns.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop();
        try {
            reader.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the GPU reader failed", e);
        }
    }

    /** The newest snapshot, empty until the first poll completed. */
    public Optional<HostSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * Calls {@code subscriber} with every snapshot from the next poll on, on the poller thread.
     * Subscribers must be quick; an exception from one is logged and ignored.
     *
     * @return closing it unsubscribes
     */
    public AutoCloseable subscribe(Consumer<HostSnapshot> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscribers.add(subscriber);
        return () -> {
            subscribers.remove(subscriber);
            failedSubscribers.remove(subscriber);
        };
    }

    /**
     * Waits until a snapshot with a sequence number of at least {@code sequence} was published.
     *
     * @return that snapshot, or empty on timeout
     */
    public Optional<HostSnapshot> awaitSequence(long sequence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HostSnapshot s = latest;
            if (s != null && s.sequence() >= sequence) {
                return Optional.of(s);
            }
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void run() {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            pollStarted = started == 0 ? 1 : started; // the watchdog finds it when it wakes (see watch())
            HostSnapshot snapshot;
            try {
                snapshot = reader.read();
            } catch (RuntimeException | Error e) {
                // GpuReader promises not to throw; if one does anyway, keep polling.
                LOG.log(readerFailureLogged ? Level.FINE : Level.WARNING, "GPU reader failed; polling continues", e);
                readerFailureLogged = true;
                snapshot = null;
            }
            synchronized (publishing) {
                pollStarted = 0;
                overrunCounted = false;
                if (snapshot != null) {
                    snapshot = snapshot.withPollOverruns(overruns);
                    lastCompleted = snapshot;
                    publish(snapshot);
                }
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime(); // a slow poll: no catch-up burst
                continue;
            }
            LockSupport.parkNanos(wait);
        }
    }

    /** Under {@link #publishing}: makes {@code snapshot} the latest and hands it to every subscriber. */
    private void publish(HostSnapshot snapshot) {
        latest = snapshot;
        for (Consumer<HostSnapshot> s : subscribers) {
            try {
                s.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.log(failedSubscribers.add(s) ? Level.WARNING : Level.FINE,
                        "snapshot subscriber failed; it stays subscribed", e);
            }
        }
    }

    /**
     * The watchdog: parks until the deadline of the poll in progress, and reports an overrun once per poll. It is not
     * woken when a poll starts (that would cost a wake-up of two threads every poll): with no poll in progress it
     * parks one deadline, so that it wakes before the deadline of any poll that starts meanwhile, sees that poll and
     * parks until its deadline; an overrun is still reported when it falls due.
     */
    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            long started = pollStarted;
            long wait = deadlineNanos;
            if (started != 0) {
                long left = started + deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    overran(started);
                } else {
                    wait = left;
                }
            }
            LockSupport.parkNanos(this, wait);
        }
    }

    private void overran(long started) {
        synchronized (publishing) {
            if (pollStarted != started || overrunCounted) {
                return; // it returned meanwhile, or this overrun is counted already
            }
            overrunCounted = true;
            overruns++;
            HostSnapshot last = lastCompleted;
            if (last == null) {
                return; // the first poll hangs: nothing to serve yet, the latest snapshot stays empty
            }
            publish(last.stale("a poll has not returned within its deadline of " + Durations.format(
                    Duration.ofNanos(deadlineNanos)) + " (an NVML call that does not return?); serving poll "
                    + last.sequence() + " of " + last.time() + (last.status().usable() ? "" : " (" + last.status()
                    + ")"), overruns));
        }
    }
}
