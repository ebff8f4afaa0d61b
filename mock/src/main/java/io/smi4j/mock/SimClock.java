package io.smi4j.mock;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The simulation's clock. Step 0 is the start; each step is {@link Scenarios#STEP_US} later
 * (one default poll interval), and every timestamp the mock reports (scheduler log, utilization
 * samples, accounting start times, licence expiry) is on this clock.
 *
 * <p>{@link #real()} starts at the real start time and never runs ahead of the wall clock: a
 * step's time is at most the wall clock minus {@link #LAG_US} when it is taken, so a mock polled
 * faster than every two seconds reports times that are not in the future of the poll. Values stay
 * deterministic for a seed (they move per step); only the times depend on when the mock runs.
 * {@link #fixed(Instant)} starts at a given instant and ignores the wall clock, for output that must
 * not depend on when it is made (golden files, {@code -D}{@value #START_PROPERTY}).
 */
public final class SimClock {

    /** The system property that fixes the start of the mocks tools create (an ISO-8601 instant). */
    public static final String START_PROPERTY = "smi4j.mock.start";

    /** How far a real-time simulation keeps behind the wall clock. */
    static final long LAG_US = 1_000_000L;

    private final long startUs;
    private final LongSupplier wallUs;

    private SimClock(long startUs, LongSupplier wallUs) {
        this.startUs = startUs;
        this.wallUs = wallUs;
    }

    /** Starts now (less the lag) and follows the wall clock. */
    public static SimClock real() {
        return new SimClock(wallNowUs() - LAG_US, SimClock::wallNowUs);
    }

    /** Starts at {@code start} and moves exactly one step per step, whatever the wall clock says. */
    public static SimClock fixed(Instant start) {
        return new SimClock(micros(start), null);
    }

    /** The clock of the mocks tools create: {@link #fixed} at {@value #START_PROPERTY} when set, else {@link #real()}. */
    public static SimClock forTools() {
        String start = System.getProperty(START_PROPERTY);
        if (start == null || start.isBlank()) {
            return real();
        }
        Instant at;
        try {
            at = Instant.parse(start.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("-D" + START_PROPERTY + " takes an instant like 2025-11-13T00:00:00Z, not '"
                    + start.strip() + "'");
        }
        if (at.isAfter(Instant.now())) {
            // the mock's log entries and samples would lie in the future, which NVML never reports
            throw new IllegalArgumentException("-D" + START_PROPERTY + " must not be in the future: " + at);
        }
        return fixed(at);
    }

    /** Step 0, microseconds since the epoch. */
    long startUs() {
        return startUs;
    }

    /** The time of step {@code step}, microseconds since the epoch; always after {@code previousUs}. */
    long stepUs(long step, long previousUs) {
        long t = startUs + step * Scenarios.STEP_US;
        if (wallUs != null) {
            t = Math.min(t, wallUs.getAsLong() - LAG_US);
        }
        return Math.max(previousUs + 1, t);
    }

    private static long wallNowUs() {
        return micros(Instant.now());
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }
}
