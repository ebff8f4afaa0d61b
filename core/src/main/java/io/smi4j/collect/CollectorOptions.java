package io.smi4j.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a tool or the agent collects: the real NVML (optionally from a given library path)
 * or a named mock scenario, the poll interval, and the per-vGPU cap on accounting PIDs.
 *
 * @param mockScenario      a scenario of an {@link io.smi4j.nvml.NvmlProvider} on the class path
 * @param mockSeed          the simulation's seed
 * @param libraryPath       the {@code libnvidia-ml.so.1} to load instead of the usual search
 * @param interval          the poll interval, {@link Durations#MIN_INTERVAL} .. {@link Durations#MAX_INTERVAL}
 * @param accountingPidCap  at most this many PIDs per vGPU get accounting stats each poll
 * @param pollDeadline      a poll that has not returned after this long is an overrun and makes the host STALE
 *                          ({@link Poller}); {@link Durations#MIN_INTERVAL} .. {@link Durations#MAX_INTERVAL}
 * @param refresh           how often the values of a vGPU that change rarely (licence, encoder capacity, runtime
 *                          state size, accounting, the guest driver while none is loaded) are read again: every
 *                          {@link #refreshPolls()} polls;
 *                          {@link Durations#MIN_INTERVAL} .. {@link Durations#MAX_INTERVAL}, default
 *                          {@link #DEFAULT_REFRESH}; at most the interval: every poll
 */
public record CollectorOptions(
        Optional<String> mockScenario,
        long mockSeed,
        Optional<Path> libraryPath,
        Duration interval,
        int accountingPidCap,
        Duration pollDeadline,
        Duration refresh) {

    public static final int DEFAULT_ACCOUNTING_PID_CAP = 64;
    /**
     * The default {@link #refresh()}: a vGPU's licence, encoder capacity, runtime state size and accounting at most
     * 10 s old.
     */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);

    public CollectorOptions {
        Durations.requireInterval(interval, "the poll interval");
        if (accountingPidCap < 0) {
            throw new IllegalArgumentException("accounting PID cap must be >= 0, was " + accountingPidCap);
        }
        Durations.requireInterval(pollDeadline, "the poll deadline");
        Durations.requireInterval(refresh, "the refresh");
    }

    /** How many polls apart the rarely changing values are read: the refresh over the interval, rounded up, at least 1. */
    public int refreshPolls() {
        long polls = (refresh.toNanos() + interval.toNanos() - 1) / interval.toNanos();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, polls));
    }

    /** Real NVML, default interval and cap. */
    public static CollectorOptions defaults() {
        return new CollectorOptions(Optional.empty(), 1L, Optional.empty(), Poller.DEFAULT_INTERVAL,
                DEFAULT_ACCOUNTING_PID_CAP, Poller.DEFAULT_DEADLINE, DEFAULT_REFRESH);
    }

    public CollectorOptions withMock(String scenario) {
        return new CollectorOptions(Optional.of(scenario), mockSeed, libraryPath, interval, accountingPidCap,
                pollDeadline, refresh);
    }

    public CollectorOptions withSeed(long seed) {
        return new CollectorOptions(mockScenario, seed, libraryPath, interval, accountingPidCap, pollDeadline, refresh);
    }

    public CollectorOptions withLibraryPath(Path path) {
        return new CollectorOptions(mockScenario, mockSeed, Optional.of(path), interval, accountingPidCap,
                pollDeadline, refresh);
    }

    public CollectorOptions withInterval(Duration newInterval) {
        return new CollectorOptions(mockScenario, mockSeed, libraryPath, newInterval, accountingPidCap, pollDeadline, refresh);
    }

    public CollectorOptions withAccountingPidCap(int cap) {
        return new CollectorOptions(mockScenario, mockSeed, libraryPath, interval, cap, pollDeadline, refresh);
    }

    public CollectorOptions withRefresh(Duration newRefresh) {
        return new CollectorOptions(mockScenario, mockSeed, libraryPath, interval, accountingPidCap, pollDeadline,
                newRefresh);
    }

    public CollectorOptions withPollDeadline(Duration deadline) {
        return new CollectorOptions(mockScenario, mockSeed, libraryPath, interval, accountingPidCap, deadline, refresh);
    }
}
