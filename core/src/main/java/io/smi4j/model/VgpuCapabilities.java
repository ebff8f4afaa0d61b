package io.smi4j.model;

/**
 * What {@code nvmlDeviceGetVgpuCapabilities} says about one vGPU host GPU, one component per
 * {@code nvmlDeviceVgpuCapability_t} of nvml.h 13.3. A capability the driver does not know (older than the
 * capability) or the GPU does not report is UNKNOWN, or -1 for the bandwidths.
 *
 * @param fractionalMultiVgpu            fractional vGPU profiles may be used in multi-vGPU VMs
 *                                       ({@code FRACTIONAL_MULTI_VGPU})
 * @param heterogeneousTimesliceProfiles timesliced profiles of differing types may run together
 * @param heterogeneousTimesliceSizes    timesliced profiles of differing framebuffer sizes may run together
 * @param readDeviceBufferBytesPerSecond the expected read_device_buffer bandwidth (migration), bytes per second
 *                                       (NVML answers megabytes per second, taken as 10^6 bytes)
 * @param writeDeviceBufferBytesPerSecond the expected write_device_buffer bandwidth, bytes per second
 * @param deviceStreaming                the vGPU profiles support migration data streaming
 * @param miniQuarterGpu                 mini-quarter vGPU profiles are enabled
 * @param computeMediaEngineGpu          compute media engine vGPU profiles are enabled
 * @param warmUpdate                     the GPU supports FSR and warm update
 * @param homogeneousPlacements          the GPU reports placements of timesliced profiles with identical framebuffer
 *                                       sizes
 * @param migTimeslicingSupported        the GPU supports timesliced vGPUs on MIG
 * @param migTimeslicingEnabled          timesliced vGPUs on MIG are enabled
 */
public record VgpuCapabilities(
        Toggle fractionalMultiVgpu,
        Toggle heterogeneousTimesliceProfiles,
        Toggle heterogeneousTimesliceSizes,
        long readDeviceBufferBytesPerSecond,
        long writeDeviceBufferBytesPerSecond,
        Toggle deviceStreaming,
        Toggle miniQuarterGpu,
        Toggle computeMediaEngineGpu,
        Toggle warmUpdate,
        Toggle homogeneousPlacements,
        Toggle migTimeslicingSupported,
        Toggle migTimeslicingEnabled) {
}
