package io.smi4j.nvml;

/** A MIG compute instance inside a GPU instance. */
public record ComputeInstance(long handle, long id, long profileId, long gpuInstanceId) {
}
