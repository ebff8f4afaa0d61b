package io.smi4j.model;

/** {@code nvmlGpuVirtualizationMode_t}: the gate before any vGPU host call. */
public enum VirtualizationMode {
    /** Bare metal. */
    NONE(0),
    /** The whole GPU passed through to a VM. */
    PASSTHROUGH(1),
    /** Inside a VM, on a vGPU. */
    VGPU_GUEST(2),
    /** A hypervisor host running vGPUs. */
    HOST_VGPU(3),
    /** A hypervisor host in vSGA mode. */
    HOST_VSGA(4),
    /** A number this binding does not know. */
    UNKNOWN(-1);

    private final int code;

    VirtualizationMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static VirtualizationMode of(int code) {
        for (VirtualizationMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return UNKNOWN;
    }
}
