package io.smi4j.mock.scenario;

import io.smi4j.model.GpuProcess;
import io.smi4j.nvml.ProcessUtilizationSample;
import java.util.Optional;

/**
 * A process on a simulated GPU; instance ids are -1 off MIG.
 *
 * @param type        which process lists hold it; absent: compute only
 * @param utilization its newest utilization sample (jpg and ofa included: the pre-R550 call leaves them out);
 *                    absent while it has none
 */
public record SimProcess(long pid, String name, long usedGpuMemoryBytes, long gpuInstanceId, long computeInstanceId,
        Optional<GpuProcess.Type> type, Optional<ProcessUtilizationSample> utilization) {

    /** A compute process without a utilization sample. */
    public SimProcess(long pid, String name, long usedGpuMemoryBytes, long gpuInstanceId, long computeInstanceId) {
        this(pid, name, usedGpuMemoryBytes, gpuInstanceId, computeInstanceId, Optional.empty(), Optional.empty());
    }

    /** In {@code nvmlDeviceGetComputeRunningProcesses_v3}'s list. */
    public boolean compute() {
        return type.orElse(GpuProcess.Type.COMPUTE) != GpuProcess.Type.GRAPHICS;
    }

    /** In {@code nvmlDeviceGetGraphicsRunningProcesses_v3}'s list. */
    public boolean graphics() {
        return type.orElse(GpuProcess.Type.COMPUTE) != GpuProcess.Type.COMPUTE;
    }

    /** The same process with {@code memory} bytes and {@code sample}. */
    public SimProcess with(long memory, Optional<ProcessUtilizationSample> sample) {
        return new SimProcess(pid, name, memory, gpuInstanceId, computeInstanceId, type, sample);
    }
}
