package io.smi4j.cli;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.mock.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where snapshots come from: the options every collecting command shares, and the checks on them. */
public final class CollectOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--mock", paramLabel = "SCENARIO",
            description = "Simulate a host instead of using NVML: bare-metal, vgpu-host, vgpu-host-large, mig-host, "
                    + "vgpu-guest, no-driver.")
    String mock;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--library", paramLabel = "PATH",
            description = "The libnvidia-ml.so.1 to load instead of searching the usual places.")
    Path library;

    /** The collector options these flags say; an unknown scenario is a usage error. */
    public CollectorOptions toOptions() {
        CollectorOptions o = CollectorOptions.defaults().withSeed(seed);
        if (mock != null) {
            o = o.withMock(requireScenario(spec, mock));
        }
        if (library != null) {
            o = o.withLibraryPath(library);
        }
        return o;
    }

    /** The scenario, if the mock knows it; else a usage error of {@code spec}'s command. */
    static String requireScenario(CommandSpec spec, String scenario) {
        if (!Scenarios.names().contains(scenario)) {
            throw new ParameterException(spec.commandLine(), "unknown mock scenario '" + scenario + "' (scenarios: "
                    + String.join(", ", Scenarios.names()) + ")");
        }
        return scenario;
    }

    /** What is polled, for messages: {@code the mock vgpu-host} or {@code NVML}. */
    public String source() {
        return mock != null ? "the mock " + mock : "NVML";
    }

    /** One poll, checked: no NVIDIA driver or library is exit code 3. */
    public HostSnapshot snapshot() {
        CollectorOptions options = toOptions();
        try (GpuReader reader = openReader(options)) {
            return requireNvidia(reader.read());
        }
    }

    /** A started poller, after its first poll came back with an NVIDIA driver (else exit code 3). */
    public Poller startPoller(Duration interval) {
        CollectorOptions options = toOptions().withInterval(interval);
        Poller poller;
        try {
            poller = Collector.startPoller(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Optional<HostSnapshot> first = poller.awaitSequence(1, Duration.ofSeconds(60));
        if (first.isEmpty()) {
            poller.close();
            throw new CliException(Smi4jCli.FAILURE, "no snapshot from " + source() + " within 60 s");
        }
        try {
            requireNvidia(first.get());
        } catch (CliException e) {
            poller.close();
            throw e;
        }
        return poller;
    }

    /** A reader for these options, to poll on the caller's thread. */
    public GpuReader openReader() {
        return openReader(toOptions());
    }

    private GpuReader openReader(CollectorOptions options) {
        try {
            return Collector.openReader(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The snapshot, unless it says there is no NVIDIA library or driver: exit code 3 with the hint. */
    public static HostSnapshot requireNvidia(HostSnapshot s) {
        if (s.status() == HostStatus.NO_LIBRARY || s.status() == HostStatus.NO_DRIVER) {
            String what = s.status() == HostStatus.NO_LIBRARY ? "no NVIDIA library (libnvidia-ml.so.1)"
                    : "no NVIDIA driver";
            String detail = oneLine(s.statusDetail());
            String scenarios = String.join(", ", Scenarios.names());
            // The binding's own message may already suggest --mock; then only the scenarios are added.
            throw new CliException(Smi4jCli.NO_NVIDIA, what + ": " + detail + (detail.contains("--mock SCENARIO")
                    ? " (scenarios: " + scenarios + ")"
                    : "; to try smi4j without a GPU use --mock SCENARIO (" + scenarios + ")"));
        }
        return s;
    }

    static String oneLine(String s) {
        return s == null || s.isBlank() ? "-" : s.lines().findFirst().orElse("").strip();
    }
}
