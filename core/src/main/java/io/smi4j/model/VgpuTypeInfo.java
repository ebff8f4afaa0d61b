package io.smi4j.model;

/**
 * A vGPU type a physical GPU supports (static facts, read once) and whether it can be
 * created right now.
 *
 * @param typeClass             e.g. {@code "Compute"}, {@code "Quadro"}, {@code "NVS"}
 * @param maxInstances          how many of this type the GPU holds, -1 when not available
 * @param creatable             in {@code nvmlDeviceGetCreatableVgpus} at this poll
 * @param gpuInstanceProfileId  the MIG profile backing this type, -1 when not MIG-backed
 */
public record VgpuTypeInfo(
        long typeId,
        String name,
        String typeClass,
        long framebufferBytes,
        long maxInstances,
        boolean creatable,
        long gpuInstanceProfileId) {
}
