package io.smi4j.cli;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.model.HostSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where snapshots come from: the options every collecting command shares, and the checks on them. */
public final class CollectOptions {

    /** The system property naming the NVML library (as {@code --library} does). */
    private static final String LIBRARY_PROPERTY = "smi4j.nvml.library";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--mock", paramLabel = "SCENARIO|FILE",
            description = "Simulate a host instead of using NVML: bare-metal, vgpu-host, vgpu-host-large, "
                    + "vgpu-host-r580, mig-host, vgpu-guest, no-driver, faulty-host, or a scenario file (a path "
                    + "containing / or ending in .json).")
    String mock;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", converter = Converters.Seed.class,
            description = "Seed of the simulation, 0 or more (default: ${DEFAULT-VALUE}).")
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

    /**
     * The scenario, if the mock knows it or it names a scenario file; else a usage error of {@code spec}'s command.
     * A file is read when the reader opens ({@link Collector#openReader}), where a malformed one is a usage error too.
     */
    static String requireScenario(CommandSpec spec, String scenario) {
        if (!Collector.mockScenarios().contains(scenario) && !Collector.isScenarioFile(scenario)) {
            throw new ParameterException(spec.commandLine(), "unknown mock scenario '" + scenario + "' (scenarios: "
                    + String.join(", ", Collector.mockScenarios()) + ", or a scenario file: a path containing / or ending in .json)");
        }
        return scenario;
    }

    /** What is polled, for messages: {@code the mock vgpu-host} or {@code NVML}. */
    public String source() {
        return mock != null ? "the mock " + mock : "NVML";
    }

    /** One poll, checked: NVML unusable is exit code 3. */
    public HostSnapshot snapshot() {
        return requireUsable(poll());
    }

    /** One poll, unchecked (its status may say NVML is unusable). */
    public HostSnapshot poll() {
        CollectorOptions options = toOptions();
        try (GpuReader reader = openReader(options)) {
            return reader.read();
        }
    }

    /** A started poller, after its first poll found NVML usable (else exit code 3). */
    public Poller startPoller(Duration interval, PollerOptions pollerOptions) {
        CollectorOptions options = pollerOptions.applyTo(toOptions().withInterval(interval));
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
            requireUsable(first.get());
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

    /**
     * The snapshot, when NVML was usable (OK or DEGRADED); else exit code 3 with one line naming the cause and what to do
     * (the advice to install the driver only when the library was searched for, not given).
     */
    public HostSnapshot requireUsable(HostSnapshot s) {
        boolean libraryGiven = library != null || System.getProperty(LIBRARY_PROPERTY) != null;
        if (s.status().usable()) {
            return s; // DEGRADED too: the GPUs that answer are worth showing, their health says the rest
        }
        String mock = this.mock != null ? "the simulated host has none (--mock " + this.mock + ")"
                : "to try smi4j without a GPU use --mock SCENARIO (" + String.join(", ", Collector.mockScenarios())
                        + ") or --mock FILE.json";
        String detail = oneLine(s.statusDetail());
        String message = switch (s.status()) {
            case NO_LIBRARY -> libraryGiven
                    ? "cannot load the NVIDIA library: " + detail + "; " + mock
                    : "no NVIDIA library (libnvidia-ml.so.1): " + detail
                            + "; install the NVIDIA driver, pass --library PATH, or " + mock;
            case NO_DRIVER -> "no NVIDIA driver: " + detail + "; " + mock;
            default -> "NVML unusable (" + s.status() + "): " + detail;
        };
        throw new CliException(Smi4jCli.NO_NVIDIA, message);
    }

    /** {@code s} on one line: its lines joined with spaces; {@code -} when blank. */
    static String oneLine(String s) {
        return s == null || s.isBlank() ? "-"
                : s.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + " " + b).orElse("-");
    }
}
