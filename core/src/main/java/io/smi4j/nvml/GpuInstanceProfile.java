package io.smi4j.nvml;

/** {@code nvmlGpuInstanceProfileInfo_t} for one MIG GPU instance profile index. */
public record GpuInstanceProfile(
        int profileIndex,
        long id,
        long sliceCount,
        long instanceCount,
        long multiprocessorCount,
        long memorySizeMiB) {
}
