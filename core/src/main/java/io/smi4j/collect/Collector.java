package io.smi4j.collect;

import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlRecorder;
import io.smi4j.nvml.NvmlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where tools and the agent get their {@link GpuReader} and {@link Poller}: over the real NVML (the
 * usual library search, or {@link CollectorOptions#libraryPath()}), or over a named mock scenario,
 * each opened by the {@link NvmlProvider} that {@link ServiceLoader} finds for it.
 *
 * <p>Opening never touches NVML: the library is loaded and initialised by the reader's first
 * read, on the poller's thread. A host without the library or the driver therefore gets a reader
 * whose snapshots say {@link io.smi4j.model.HostStatus#NO_LIBRARY} or
 * {@link io.smi4j.model.HostStatus#NO_DRIVER}, never an exception.
 */
public final class Collector {

    private Collector() {
    }

    /**
     * A reader for {@code options}.
     *
     * @throws IllegalArgumentException with a one-line message when a mock scenario is asked for and no
     *                                  provider is on the class path, or none knows that scenario, or its
     *                                  scenario file is malformed
     */
    public static GpuReader openReader(CollectorOptions options) {
        NvmlSource source = source(options);
        NvmlProvider provider = provider(source);
        provider.check(source);
        return new NvmlGpuReader(() -> provider.open(source), options.accountingPidCap(), options.refreshPolls());
    }

    /** A started {@link Poller} over {@link #openReader(CollectorOptions)} at the options' interval and deadline. */
    public static Poller startPoller(CollectorOptions options) {
        Poller poller = new Poller(openReader(options), options.interval(), "smi4j-poller", options.pollDeadline());
        poller.start();
        return poller;
    }

    /**
     * The host these options read (the real library, or a mock), as a scenario file's text: what {@code smi4j
     * record} writes. Needs an {@link NvmlRecorder} on the class path (the mock module provides it).
     *
     * @param startUs when the recording is taken, microseconds since the epoch
     * @throws IllegalArgumentException as {@link #openReader} does, for a mock scenario no provider knows
     * @throws IllegalStateException    with a one-line message when no recorder is on the class path or NVML
     *                                  fails during the recording
     */
    public static String record(CollectorOptions options, String hostName, long startUs, boolean anonymize) {
        try {
            return record(options, hostName, startUs, anonymize, 1, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording", e);
        }
    }

    /**
     * As {@link #record(CollectorOptions, String, long, boolean)}, over {@code polls} polls {@code intervalMs} apart:
     * the file holds the first poll and a timeline of what changed at each later one.
     *
     * @throws InterruptedException when interrupted between two polls
     */
    public static String record(CollectorOptions options, String hostName, long startUs, boolean anonymize,
            int polls, long intervalMs) throws InterruptedException {
        NvmlSource source = source(options);
        NvmlProvider provider = provider(source);
        provider.check(source);
        NvmlRecorder recorder = ServiceLoader.load(NvmlRecorder.class, Collector.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("recording needs smi4j-mock on the class path"));
        try {
            return recorder.record(provider.open(source), hostName, startUs, anonymize, polls, intervalMs);
        } catch (NvmlException e) {
            throw new IllegalStateException("NVML failed while recording: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a {@code --mock} / {@code mock=} value names a scenario file rather than a preset (a path separator,
     * or {@code .json} at the end): for consumers, which do not see the binding's {@link NvmlSource}.
     */
    public static boolean isScenarioFile(String scenario) {
        return NvmlSource.Simulated.isFile(scenario);
    }

    /** The mock scenario the options name, else the library. */
    private static NvmlSource source(CollectorOptions options) {
        return options.mockScenario()
                .<NvmlSource>map(s -> new NvmlSource.Simulated(s, options.mockSeed()))
                .orElseGet(() -> new NvmlSource.Library(options.libraryPath()));
    }

    /** Every mock scenario the providers on the class path offer, in their order. */
    public static List<String> mockScenarios() {
        List<String> names = new ArrayList<>();
        for (NvmlProvider p : providers()) {
            names.addAll(p.scenarios());
        }
        return names;
    }

    /** Core's class loader, which sees core's own binding whatever the thread's context loader is. */
    private static ServiceLoader<NvmlProvider> providers() {
        return ServiceLoader.load(NvmlProvider.class, Collector.class.getClassLoader());
    }

    private static NvmlProvider provider(NvmlSource source) {
        for (NvmlProvider p : providers()) {
            if (p.opens(source)) {
                return p;
            }
        }
        if (!(source instanceof NvmlSource.Simulated simulated)) {
            throw new IllegalStateException("no NVML binding on the class path: " + source);
        }
        List<String> known = mockScenarios();
        if (known.isEmpty()) {
            throw new IllegalArgumentException("mock scenario '" + simulated.scenario()
                    + "' asked for, but no NVML simulator is on the class path (add smi4j-mock)");
        }
        throw new IllegalArgumentException(
                "unknown mock scenario '" + simulated.scenario() + "'; known: " + String.join(", ", known)
                        + ", or a scenario file (a path containing / or ending in .json)");
    }
}
