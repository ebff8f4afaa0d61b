package io.smi4j.cli;

import io.smi4j.collect.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --poll-deadline}, for the commands that poll through a {@link io.smi4j.collect.Poller}. */
public final class PollDeadline {

    static final String OPTION = "--poll-deadline";

    @Option(names = OPTION, paramLabel = "DUR", converter = Converters.Interval.class,
            description = "A poll not returned after this long (an NVML call that hangs) is counted as an overrun "
                    + "and the host reported STALE with the last poll's data, " + Durations.INTERVAL_RANGE
                    + " (default: ${DEFAULT-VALUE}).")
    Duration deadline;
}
