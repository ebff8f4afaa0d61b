package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * One physical GPU in one poll. Numbers are -1 where NVML has no value for this GPU;
 * strings are {@code ""}.
 *
 * @param vgpuHost  present only on a vGPU host (virtualization mode HOST_VGPU): never an empty section
 * @param vgpuGuest present only inside a VM on a vGPU
 */
public record GpuInfo(
        int index,
        String uuid,
        String name,
        String pciBusId,
        VirtualizationMode virtualizationMode,
        int utilizationGpuPercent,
        int utilizationMemoryPercent,
        long memoryTotalBytes,
        long memoryUsedBytes,
        long memoryFreeBytes,
        long memoryReservedBytes,
        int temperatureC,
        long powerUsageMilliwatts,
        long powerLimitMilliwatts,
        Clocks clocks,
        int fanSpeedPercent,
        int performanceState,
        Toggle eccMode,
        Toggle migMode,
        List<GpuProcess> processes,
        List<MigInstance> migInstances,
        Optional<VgpuHostInfo> vgpuHost,
        Optional<VgpuGuestInfo> vgpuGuest) {

    public GpuInfo {
        processes = List.copyOf(processes);
        migInstances = List.copyOf(migInstances);
    }
}
