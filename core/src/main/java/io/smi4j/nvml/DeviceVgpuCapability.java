package io.smi4j.nvml;

/**
 * {@code nvmlDeviceVgpuCapability_t} as nvml.h 13.3 has it (the {@code NVML_DEVICE_VGPU_CAP_} prefix left out): what
 * {@code nvmlDeviceGetVgpuCapabilities} answers about one GPU. 1 or 0 (supported / enabled or not), but the two
 * bandwidths, in megabytes per second. Older drivers know the first ones only (nvml.h 12.4: up to
 * {@link #COMPUTE_MEDIA_ENGINE_GPU}).
 */
public enum DeviceVgpuCapability {
    /** Whether fractional vGPU profiles on this GPU can be used in multi-vGPU configurations. */
    FRACTIONAL_MULTI_VGPU(0),
    /** Whether timesliced vGPU profiles of differing types may run concurrently. */
    HETEROGENEOUS_TIMESLICE_PROFILES(1),
    /** Whether timesliced vGPU profiles of differing framebuffer sizes may run concurrently. */
    HETEROGENEOUS_TIMESLICE_SIZES(2),
    /** The GPU's expected read_device_buffer bandwidth, megabytes per second. */
    READ_DEVICE_BUFFER_BW(3),
    /** The GPU's expected write_device_buffer bandwidth, megabytes per second. */
    WRITE_DEVICE_BUFFER_BW(4),
    /** Whether the vGPU profiles on this GPU support migration data streaming. */
    DEVICE_STREAMING(5),
    /** Whether mini-quarter vGPU profiles are enabled. */
    MINI_QUARTER_GPU(6),
    /** Whether compute media engine vGPU profiles are enabled. */
    COMPUTE_MEDIA_ENGINE_GPU(7),
    /** Whether the GPU supports FSR and warm update. */
    WARM_UPDATE(8),
    /** Whether the GPU reports placements of timesliced vGPU profiles with identical framebuffer sizes. */
    HOMOGENEOUS_PLACEMENTS(9),
    /** Whether the GPU supports timesliced vGPUs on MIG. */
    MIG_TIMESLICING_SUPPORTED(10),
    /** Whether timesliced vGPUs on MIG are enabled. */
    MIG_TIMESLICING_ENABLED(11);

    private final int code;

    DeviceVgpuCapability(int code) {
        this.code = code;
    }

    /** The value of {@code NVML_DEVICE_VGPU_CAP_<name>}. */
    public int code() {
        return code;
    }
}
