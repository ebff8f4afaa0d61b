package io.smi4j.cli;

import io.smi4j.collect.Durations;
import io.smi4j.collect.Poller;
import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code --interval}, for the commands that keep polling. */
public final class PollInterval {

    static final String OPTION = "--interval";

    /** The default of {@value #OPTION}: {@link Poller#DEFAULT_INTERVAL}, written in the duration grammar. */
    static final IDefaultValueProvider DEFAULT = arg -> !(arg instanceof OptionSpec o) ? null
            : OPTION.equals(o.longestName()) ? Durations.format(Poller.DEFAULT_INTERVAL)
            : PollerOptions.defaultOf(o.longestName());

    @Option(names = OPTION, paramLabel = "DUR", converter = Converters.Interval.class,
            description = "Poll interval, " + Durations.INTERVAL_RANGE + ": " + Durations.EXAMPLES
                    + " (default: ${DEFAULT-VALUE}).")
    Duration interval;

}
