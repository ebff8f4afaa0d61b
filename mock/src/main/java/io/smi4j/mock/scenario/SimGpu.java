package io.smi4j.mock.scenario;

import io.smi4j.model.GridLicense;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.UtilizationRates;
import java.util.List;
import java.util.Optional;

/**
 * One simulated physical GPU.
 *
 * @param clocksMhz    current clocks indexed by {@link io.smi4j.nvml.ClockType#code()} (graphics, sm, memory, video)
 * @param maxClocksMhz maximum clocks, same indexing; -1: NOT_SUPPORTED, {@link #ANSWERS_UNKNOWN}: the driver answers
 *                     UNKNOWN (as real vGPU guests do)
 * @param vgpuHost     the vGPU host side; present only when {@code virtualizationMode} is HOST_VGPU
 * @param guestLicense the licence a VM sees; present only when {@code virtualizationMode} is VGPU_GUEST
 * @param migDevices   MIG devices; non-empty only when MIG is on
 */
public record SimGpu(
        String name,
        String uuid,
        PciInfo pci,
        VirtualizationMode virtualizationMode,
        MemoryInfo memory,
        UtilizationRates utilization,
        int temperatureC,
        long powerUsageMw,
        long powerLimitMw,
        List<Long> clocksMhz,
        List<Long> maxClocksMhz,
        int fanSpeedPercent,
        int performanceState,
        EccMode ecc,
        MigMode mig,
        List<SimProcess> processes,
        List<SimGpuInstance> gpuInstances,
        List<SimMigDevice> migDevices,
        Optional<SimVgpuHost> vgpuHost,
        Optional<GridLicense> guestLicense) {

    /** A maximum clock the driver answers UNKNOWN for, on every call. */
    public static final long ANSWERS_UNKNOWN = -2;

    public SimGpu {
        clocksMhz = List.copyOf(clocksMhz);
        maxClocksMhz = List.copyOf(maxClocksMhz);
        processes = List.copyOf(processes);
        gpuInstances = List.copyOf(gpuInstances);
        migDevices = List.copyOf(migDevices);
    }
}
