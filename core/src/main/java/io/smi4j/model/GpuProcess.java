package io.smi4j.model;

/**
 * A compute process on a GPU (or on one of its MIG instances).
 *
 * @param name              the process name, {@code ""} when NVML cannot tell
 * @param usedMemoryBytes   -1 when NVML cannot tell
 * @param gpuInstanceId     the MIG GPU instance, -1 off MIG
 * @param computeInstanceId the MIG compute instance, -1 off MIG
 */
public record GpuProcess(long pid, String name, long usedMemoryBytes, long gpuInstanceId, long computeInstanceId) {
}
