package io.smi4j.mock.scenario;

import io.smi4j.nvml.MemoryInfo;

/** A MIG device handle's view: what {@code nvmlDeviceGetMigDeviceHandleByIndex} leads to. */
public record SimMigDevice(
        String name, String uuid, long gpuInstanceId, long computeInstanceId, MemoryInfo memory) {
}
