package io.smi4j.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --interval}, for the commands that keep polling. */
public final class PollInterval {

    @Option(names = "--interval", paramLabel = "DUR", defaultValue = "2s", converter = Durations.class,
            description = "Poll interval: 500ms, 2s, 1m or ISO-8601 like PT2S (default: ${DEFAULT-VALUE}).")
    Duration interval;
}
