package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import java.util.List;

/**
 * The simulated hosts the benchmarks use: the mock's presets, plus {@code bare-metal-1}, the
 * first GPU of {@code bare-metal} alone. Every path (MockNvml, JnaNvml over the native mock, the
 * C harness) is given the same frozen {@link Scenario}, so they answer the same values.
 */
final class Hosts {

    /** The hosts of the poll benchmarks, smallest first. */
    static final List<String> POLLED = List.of("bare-metal-1", "bare-metal", "vgpu-host", "vgpu-host-large");
    static final String LARGE = "vgpu-host-large";
    static final long SEED = 1;
    /**
     * Polls before measuring or recording: the first reads the static facts, the second
     * consumes the utilization samples, every later one is the steady state.
     */
    static final int WARM_POLLS = 3;

    private Hosts() {
    }

    static Scenario scenario(String name) {
        if (name.equals("bare-metal-1")) {
            Scenario s = Scenarios.create("bare-metal", SEED);
            return new Scenario(name, s.driverLoaded(), s.driverVersion(), s.nvmlVersion(), s.cudaDriverVersion(),
                    s.gpus().subList(0, 1));
        }
        return Scenarios.create(name, SEED);
    }

    /** A steady-state snapshot of {@code name}, as the consumers (MBeans, scrape, JFR, dashboard) get it. */
    static HostSnapshot snapshot(String name) {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(scenario(name)), 64)) {
            return Polls.requireClean(name, warm(reader));
        }
    }

    /** Polls {@code reader} into its steady state; returns the last snapshot. */
    static HostSnapshot warm(NvmlGpuReader reader) {
        HostSnapshot s = reader.read();
        for (int i = 1; i < WARM_POLLS; i++) {
            s = reader.read();
        }
        return s;
    }
}
