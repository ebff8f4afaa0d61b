package io.smi4j.mock.scenario;

import io.smi4j.model.AccountingStats;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.VmId;
import java.util.List;

/**
 * A running vGPU instance.
 *
 * @param id              the instance id (unsigned 32-bit; values above 2^31 are normal)
 * @param gpuInstanceId   -1 when not MIG-backed
 * @param accounting      per-PID accounting, in the order {@code nvmlVgpuInstanceGetAccountingPids} lists them
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
        List<Accounting> accounting) {

    public SimVgpu {
        accounting = List.copyOf(accounting);
    }

    /** Accounting of one process inside the vGPU. */
    public record Accounting(long pid, AccountingStats stats) {
    }
}
