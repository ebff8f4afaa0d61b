package io.smi4j.nvml;

/**
 * {@code nvmlVgpuDriverCapability_t} as nvml.h 13.3 has it (the {@code NVML_VGPU_DRIVER_CAP_} prefix left out): what
 * {@code nvmlGetVgpuDriverCapabilities} answers about the host's driver, 1 or 0. nvml.h 12.4 knows only
 * {@link #HETEROGENEOUS_MULTI_VGPU}.
 */
public enum VgpuDriverCapability {
    /** Whether one VM may hold vGPUs of different profiles. */
    HETEROGENEOUS_MULTI_VGPU(0),
    /** Whether the driver can be updated while vGPUs run (warm update). */
    WARM_UPDATE(1);

    private final int code;

    VgpuDriverCapability(int code) {
        this.code = code;
    }

    /** The value of {@code NVML_VGPU_DRIVER_CAP_<name>}. */
    public int code() {
        return code;
    }
}
