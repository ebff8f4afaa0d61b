package io.smi4j.cli;

import io.smi4j.prometheus.IoFailure;
import io.smi4j.collect.Collector;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smi4j record}: what NVML answers on this host, written as a scenario file that --mock replays anywhere. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Write what NVML answers on this host as a scenario file (replay it with --mock FILE). "
                + "Exit 3 when NVML is unusable.")
final class RecordCommand implements Callable<Integer> {

    /** The most polls one recording takes (at the shortest interval, some minutes of a host). */
    static final int MAX_POLLS = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The scenario file to write (default: standard output).")
    Path output;

    @Mixin
    PollInterval poll;

    @Option(names = "--polls", paramLabel = "N", defaultValue = "1",
            description = "Poll N times, --interval apart, 1.." + MAX_POLLS + " (default: ${DEFAULT-VALUE}); the file "
                    + "holds the first poll and a timeline of what changed at each later one.")
    int polls;

    @Option(names = "--anonymize",
            description = "Replace the host name, VM ids, UUIDs, PIDs and process names by placeholders "
                    + "(the same value always by the same placeholder).")
    boolean anonymize;

    @Override
    public Integer call() {
        if (polls < 1 || polls > MAX_POLLS) {
            throw new ParameterException(spec.commandLine(), "--polls must be 1.." + MAX_POLLS + ", was " + polls);
        }
        HostSnapshot first = collect.snapshot(); // NVML unusable: exit 3 with the cause, before anything is written
        long nowUs = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        String file;
        try {
            file = Collector.record(collect.toOptions(), first.hostName(), nowUs, anonymize, polls,
                    poll.interval.toMillis());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IllegalStateException e) {
            throw new CliException(Smi4jCli.FAILURE, CollectOptions.oneLine(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Smi4jCli.FAILURE, "smi4j record: interrupted; nothing written", e);
        }
        if (output == null) {
            spec.commandLine().getOut().print(file);
            spec.commandLine().getOut().flush();
            return Smi4jCli.OK;
        }
        try {
            Files.writeString(output, file);
        } catch (IOException e) {
            throw new CliException(Smi4jCli.FAILURE, "cannot write " + output + ": " + IoFailure.describe(e), e);
        }
        spec.commandLine().getOut().println("smi4j record: wrote " + output + " (" + first.gpus().size() + " GPUs"
                + (polls > 1 ? ", " + polls + " polls" : "") + (anonymize ? ", anonymized" : "")
                + "); replay it with --mock " + output);
        return Smi4jCli.OK;
    }
}
