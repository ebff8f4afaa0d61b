package io.smi4j.model;

import java.util.List;

/**
 * One running vGPU on a physical GPU, in one poll. Numbers are -1 and strings {@code ""}
 * where NVML has no value; utilizations are percents, NaN until a sample arrived.
 *
 * @param id                    the vGPU instance id (unsigned 32-bit, widened)
 * @param fbTotalBytes          the type's framebuffer size
 * @param utilizationTimestampUs the newest utilization sample kept for this vGPU, 0 when none
 * @param gpuInstanceId         the MIG GPU instance backing this vGPU, -1 when not MIG-backed
 * @param accountingPidsTotal   how many PIDs accounting knows, even beyond the configured cap
 * @param accounting            per-PID accounting stats, at most the configured cap
 */
public record VgpuInstance(
        long id,
        String uuid,
        long typeId,
        String typeName,
        String typeClass,
        String vmId,
        VmIdType vmIdType,
        String guestDriverVersion,
        long fbUsedBytes,
        long fbTotalBytes,
        double smUtil,
        double memUtil,
        double encUtil,
        double decUtil,
        double jpgUtil,
        double ofaUtil,
        long utilizationTimestampUs,
        LicenseState licenseState,
        long frameRateLimit,
        Toggle eccMode,
        long encoderCapacity,
        long encoderSessions,
        long encoderAverageFps,
        long encoderAverageLatencyUs,
        long gpuInstanceId,
        Toggle accountingMode,
        int accountingPidsTotal,
        List<VgpuAccounting> accounting) {

    public VgpuInstance {
        accounting = List.copyOf(accounting);
    }
}
