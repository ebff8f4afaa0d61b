package io.smi4j.cli;

import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --poll-deadline} and {@code --refresh}, for the commands that poll through a {@link io.smi4j.collect.Poller}. */
public final class PollerOptions {

    static final String DEADLINE = "--poll-deadline";
    static final String REFRESH = "--refresh";

    @Option(names = DEADLINE, paramLabel = "DUR", converter = Converters.Interval.class,
            description = "A poll not returned after this long (an NVML call that hangs) is counted as an overrun "
                    + "and the host reported STALE with the last poll's data, " + Durations.INTERVAL_RANGE
                    + " (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = REFRESH, paramLabel = "DUR", converter = Converters.Interval.class,
            description = "How often a vGPU's rarely changing values (licence, encoder capacity, runtime state "
                    + "size, accounting, the guest driver while none is loaded) are read again, each vGPU on its "
                    + "own poll of the cycle; "
                    + "a refresh no longer than the interval reads them every poll, " + Durations.INTERVAL_RANGE
                    + " (default: ${DEFAULT-VALUE}).")
    Duration refresh;

    /** {@code options} with these. */
    CollectorOptions applyTo(CollectorOptions options) {
        return options.withPollDeadline(deadline).withRefresh(refresh);
    }

    /**
     * As a start line shows them at poll {@code interval}: {@code refresh 10s, poll deadline 10s}; a refresh no
     * longer than the interval is {@code refresh every poll}.
     */
    String describe(Duration interval) {
        return "refresh " + (refresh.compareTo(interval) <= 0 ? "every poll" : Durations.format(refresh))
                + ", poll deadline " + Durations.format(deadline);
    }

    /** The default of {@code name}, in the duration grammar, or null when it is not one of these. */
    static String defaultOf(String name) {
        return DEADLINE.equals(name) ? Durations.format(io.smi4j.collect.Poller.DEFAULT_DEADLINE)
                : REFRESH.equals(name) ? Durations.format(CollectorOptions.DEFAULT_REFRESH) : null;
    }
}
