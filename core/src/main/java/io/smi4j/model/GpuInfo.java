package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * One physical GPU in one poll, in the units and with the "not available" values of the
 * {@linkplain io.smi4j.model package conventions} (measurements NaN, counts -1, strings {@code ""}).
 *
 * @param utilizationGpuPercent    {@code nvmlDeviceGetUtilizationRates}: time a kernel ran, 0 to 100
 * @param utilizationMemoryPercent {@code nvmlDeviceGetUtilizationRates}: time memory was read or written, 0 to 100
 * @param memoryTotalBytes         {@code nvmlDeviceGetMemoryInfo_v2}
 * @param temperatureCelsius       {@code nvmlDeviceGetTemperature} (GPU sensor)
 * @param powerUsageWatts          {@code nvmlDeviceGetPowerUsage} (answers milliwatts)
 * @param powerLimitWatts          {@code nvmlDeviceGetEnforcedPowerLimit} (answers milliwatts)
 * @param fanSpeedPercent          {@code nvmlDeviceGetFanSpeed}, of the fan's maximum
 * @param performanceState         {@code nvmlDeviceGetPerformanceState}: 0 (P0, fastest) to 15, -1 not available
 * @param processes the compute processes; while their enumeration fails, those of the last list read
 *                  ({@link GpuHealth#staleLists()})
 * @param vgpuHost  present only on a vGPU host (virtualization mode HOST_VGPU): never an empty section
 * @param vgpuGuest present only inside a VM on a vGPU
 * @param health    whether the GPU could be read in this poll; a GPU that could not be opened has no UUID
 *                  and no readings, a lost one keeps the identity read before
 */
public record GpuInfo(
        int index,
        String uuid,
        String name,
        String pciBusId,
        VirtualizationMode virtualizationMode,
        double utilizationGpuPercent,
        double utilizationMemoryPercent,
        long memoryTotalBytes,
        long memoryUsedBytes,
        long memoryFreeBytes,
        long memoryReservedBytes,
        double temperatureCelsius,
        double powerUsageWatts,
        double powerLimitWatts,
        Clocks clocks,
        double fanSpeedPercent,
        int performanceState,
        Toggle eccMode,
        Toggle migMode,
        List<GpuProcess> processes,
        List<MigInstance> migInstances,
        Optional<VgpuHostInfo> vgpuHost,
        Optional<VgpuGuestInfo> vgpuGuest,
        GpuHealth health) {

    public GpuInfo {
        processes = List.copyOf(processes);
        migInstances = List.copyOf(migInstances);
    }

    /** Whether the GPU is identified (its UUID is known): only then does it get series, MBeans and events. */
    public boolean identified() {
        return !uuid.isEmpty();
    }
}
