package io.smi4j.mock.scenario;

import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.util.List;

/**
 * The vGPU host side of a simulated GPU.
 *
 * @param schedulerLog           the log as NVML holds it now (at most 200 entries)
 * @param heterogeneousMode      -1: the driver lacks the call (R535)
 * @param types                  supported vGPU types; {@link SimVgpuType#creatable()} marks the creatable ones
 * @param vgpus                  the running vGPU instances
 * @param utilizationSamples     the buffered utilization samples NVML would return for lastSeen 0
 * @param processSamples         the buffered vGPU process utilization samples
 * @param vgpuCapabilities       what {@code nvmlDeviceGetVgpuCapabilities} answers, indexed by
 *                               {@code nvmlDeviceVgpuCapability_t}: -1 NOT_SUPPORTED, a capability beyond the list
 *                               INVALID_ARGUMENT (newer than the driver)
 */
public record SimVgpuHost(
        HostVgpuMode hostMode,
        SchedulerCapabilities capabilities,
        SchedulerState state,
        SchedulerLog schedulerLog,
        int heterogeneousMode,
        List<SimVgpuType> types,
        List<SimVgpu> vgpus,
        List<VgpuUtilizationSample> utilizationSamples,
        List<VgpuProcessUtilizationSample> processSamples,
        List<Long> vgpuCapabilities) {

    public SimVgpuHost {
        types = List.copyOf(types);
        vgpus = List.copyOf(vgpus);
        utilizationSamples = List.copyOf(utilizationSamples);
        processSamples = List.copyOf(processSamples);
        vgpuCapabilities = List.copyOf(vgpuCapabilities);
    }
}
