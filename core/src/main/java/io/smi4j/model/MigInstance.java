package io.smi4j.model;

/**
 * One MIG device (a compute instance in a GPU instance) of a MIG-enabled GPU.
 *
 * @param uuid               {@code MIG-...}
 * @param name               e.g. {@code "NVIDIA A100-SXM4-40GB MIG 1g.5gb"}
 * @param profileId          the GPU instance profile id, -1 when not available
 * @param sliceCount         GPU slices of the GPU instance, -1 when not available
 * @param multiprocessorCount SMs of the GPU instance, -1 when not available
 * @param memoryTotalBytes   -1 when not available
 * @param memoryUsedBytes    -1 when not available
 */
public record MigInstance(
        String uuid,
        String name,
        long gpuInstanceId,
        long computeInstanceId,
        long profileId,
        long sliceCount,
        long multiprocessorCount,
        long memoryTotalBytes,
        long memoryUsedBytes) {
}
