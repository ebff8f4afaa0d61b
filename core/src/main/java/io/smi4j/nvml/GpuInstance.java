package io.smi4j.nvml;

/** A MIG GPU instance: its handle for further calls, id, profile and placement. */
public record GpuInstance(long handle, long id, long profileId, long placementStart, long placementSize) {
}
