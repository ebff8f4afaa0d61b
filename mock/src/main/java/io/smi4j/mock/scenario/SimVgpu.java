package io.smi4j.mock.scenario;

import io.smi4j.model.AccountingStats;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.VmId;
import java.util.List;
import java.util.Optional;

/**
 * A running vGPU instance.
 *
 * @param id              the instance id (unsigned 32-bit; values above 2^31 are normal)
 * @param gpuInstanceId   -1 when not MIG-backed
 * @param placementId     the first slot it occupies (see {@link SimVgpuType}); NVML reports it only in heterogeneous
 *                        mode
 * @param fbcStats        frame buffer capture sessions ({@code nvmlVgpuInstanceGetFBCStats})
 * @param accounting      per-PID accounting, in the order {@code nvmlVgpuInstanceGetAccountingPids} lists them
 * @param runtimeStateBytes {@code nvmlVgpuInstanceGetRuntimeStateSize} (R570 and later); empty: NOT_SUPPORTED
 */
public record SimVgpu(
        long id,
        String uuid,
        long typeId,
        VmId vmId,
        String vmDriverVersion,
        long fbUsageBytes,
        LicenseInfo license,
        long frameRateLimit,
        boolean eccEnabled,
        long encoderCapacity,
        EncoderStats encoderStats,
        long gpuInstanceId,
        boolean accountingMode,
        List<Accounting> accounting,
        long placementId,
        EncoderStats fbcStats,
        Optional<Long> runtimeStateBytes) {

    public SimVgpu {
        accounting = List.copyOf(accounting);
    }

    /** This vGPU, placed at {@code placement}. */
    public SimVgpu placedAt(long placement) {
        return new SimVgpu(id, uuid, typeId, vmId, vmDriverVersion, fbUsageBytes, license, frameRateLimit, eccEnabled,
                encoderCapacity, encoderStats, gpuInstanceId, accountingMode, accounting, placement, fbcStats,
                runtimeStateBytes);
    }

    /** Accounting of one process inside the vGPU. */
    public record Accounting(long pid, AccountingStats stats) {
    }
}
