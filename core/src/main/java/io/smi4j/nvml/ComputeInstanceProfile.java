package io.smi4j.nvml;

/** {@code nvmlComputeInstanceProfileInfo_t} for one compute instance profile index. */
public record ComputeInstanceProfile(
        int profileIndex, long id, long sliceCount, long instanceCount, long multiprocessorCount) {
}
