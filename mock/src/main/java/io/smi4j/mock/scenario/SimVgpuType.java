package io.smi4j.mock.scenario;

/** A vGPU type: static facts, and whether one more can be created now. */
public record SimVgpuType(
        long id,
        String name,
        String typeClass,
        long framebufferBytes,
        long maxInstances,
        long gpuInstanceProfileId,
        boolean creatable) {
}
