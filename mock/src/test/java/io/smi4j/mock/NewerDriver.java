package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import java.util.ArrayList;
import java.util.List;

/**
 * A preset on a driver new enough for every newer vGPU call the binding knows (R580: BAR1 info, the runtime state
 * size, every vGPU capability of nvml.h 13.3 and both driver capabilities), until a preset of that generation exists:
 * its types and vGPUs already hold those facts (the presets always do), its driver answers them now.
 */
public final class NewerDriver {

    /** The name tests list it under. */
    public static final String NAME = "vgpu-host-on-r580";

    static final String R580 = "580.65.06";

    /**
     * Every {@code nvmlDeviceVgpuCapability_t} of 13.3: fractional multi-vGPU, heterogeneous timeslice profiles and
     * sizes, read / write device buffer bandwidth (MB/s), device streaming, mini quarter GPU, compute media engine GPU,
     * warm update, homogeneous placements, MIG timeslicing supported and enabled.
     */
    public static final List<Long> VGPU_CAPABILITIES = List.of(1L, 1L, 1L, 24_000L, 20_000L, 1L, 0L, 0L, 1L, 0L, 1L, 0L);

    /** Both {@code nvmlVgpuDriverCapability_t} of 13.3: heterogeneous multi-vGPU, warm update. */
    public static final List<Long> DRIVER_CAPABILITIES = List.of(1L, 1L);

    private NewerDriver() {
    }

    /** {@code s} on an R580 driver, every vGPU host GPU answering {@link #VGPU_CAPABILITIES}. */
    public static Scenario of(Scenario s) {
        List<SimGpu> gpus = new ArrayList<>();
        for (SimGpu g : s.gpus()) {
            if (g.vgpuHost().isEmpty()) {
                gpus.add(g);
                continue;
            }
            SimVgpuHost h = g.vgpuHost().get();
            gpus.add(Simulation.with(g, new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), h.schedulerLog(),
                    h.heterogeneousMode(), h.types(), h.vgpus(), h.utilizationSamples(), h.processSamples(),
                    VGPU_CAPABILITIES)));
        }
        return new Scenario(NAME, s.driverLoaded(), R580, "13." + R580, 13000, gpus, DRIVER_CAPABILITIES);
    }
}
