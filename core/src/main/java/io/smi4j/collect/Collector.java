package io.smi4j.collect;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.SimulatedNvmlProvider;
import io.smi4j.nvml.jna.JnaNvml;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Where tools and the agent get their {@link GpuReader} and {@link Poller}: over the real NVML
 * (the usual library search, or {@link CollectorOptions#libraryPath()}), or over a named mock
 * scenario of a {@link SimulatedNvmlProvider} found with {@link ServiceLoader}.
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
     *                                  provider is on the class path, or none knows that scenario
     */
    public static GpuReader openReader(CollectorOptions options) {
        Supplier<Nvml> opener;
        if (options.mockScenario().isPresent()) {
            String scenario = options.mockScenario().get();
            SimulatedNvmlProvider provider = provider(scenario);
            long seed = options.mockSeed();
            opener = () -> provider.create(scenario, seed);
        } else if (options.libraryPath().isPresent()) {
            java.nio.file.Path path = options.libraryPath().get();
            opener = () -> JnaNvml.load(path);
        } else {
            opener = JnaNvml::load;
        }
        return new NvmlGpuReader(opener, options.accountingPidCap());
    }

    /** A started {@link Poller} over {@link #openReader(CollectorOptions)} at the options' interval. */
    public static Poller startPoller(CollectorOptions options) {
        Poller poller = new Poller(openReader(options), options.interval());
        poller.start();
        return poller;
    }

    /** Every mock scenario the providers on the class path offer, in their order. */
    public static List<String> mockScenarios() {
        List<String> names = new ArrayList<>();
        for (SimulatedNvmlProvider p : ServiceLoader.load(SimulatedNvmlProvider.class)) {
            names.addAll(p.scenarios());
        }
        return names;
    }

    private static SimulatedNvmlProvider provider(String scenario) {
        List<String> known = new ArrayList<>();
        for (SimulatedNvmlProvider p : ServiceLoader.load(SimulatedNvmlProvider.class)) {
            if (p.scenarios().contains(scenario)) {
                return p;
            }
            known.addAll(p.scenarios());
        }
        if (known.isEmpty()) {
            throw new IllegalArgumentException("mock scenario '" + scenario
                    + "' asked for, but no NVML simulator is on the class path (add smi4j-mock)");
        }
        throw new IllegalArgumentException(
                "unknown mock scenario '" + scenario + "'; known: " + String.join(", ", known));
    }
}
