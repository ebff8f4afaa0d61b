package io.smi4j.model;

/**
 * What {@code nvmlGetVgpuDriverCapabilities} says about a vGPU host's driver, one component per
 * {@code nvmlVgpuDriverCapability_t} of nvml.h 13.3; UNKNOWN where the driver does not know the capability.
 *
 * @param heterogeneousMultiVgpu one VM may hold vGPUs of different profiles ({@code HETEROGENEOUS_MULTI_VGPU})
 * @param warmUpdate             the driver can be updated while vGPUs run ({@code WARM_UPDATE})
 */
public record VgpuDriverCapabilities(Toggle heterogeneousMultiVgpu, Toggle warmUpdate) {
}
