package io.smi4j.mock.scenario;

/** A compute process on a simulated GPU; instance ids are -1 off MIG. */
public record SimProcess(long pid, String name, long usedGpuMemoryBytes, long gpuInstanceId, long computeInstanceId) {
}
