package io.smi4j.model;

/** {@code nvmlHostVgpuMode_t}. */
public enum HostVgpuMode {
    NON_SRIOV(0), SRIOV(1), UNKNOWN(-1);

    private final int code;

    HostVgpuMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static HostVgpuMode of(int code) {
        return switch (code) {
            case 0 -> NON_SRIOV;
            case 1 -> SRIOV;
            default -> UNKNOWN;
        };
    }
}
