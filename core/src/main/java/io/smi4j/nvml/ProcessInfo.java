package io.smi4j.nvml;

/**
 * {@code nvmlProcessInfo_t} from {@code nvmlDeviceGetComputeRunningProcesses_v3}.
 * {@code usedGpuMemoryBytes} is {@link Nvml#NOT_AVAILABLE} when NVML cannot tell (under WDDM,
 * or without permission); the instance ids are {@link Nvml#NOT_AVAILABLE} off MIG.
 */
public record ProcessInfo(long pid, long usedGpuMemoryBytes, long gpuInstanceId, long computeInstanceId) {
}
