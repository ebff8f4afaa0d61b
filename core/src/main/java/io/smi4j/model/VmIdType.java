package io.smi4j.model;

/** {@code nvmlVgpuVmIdType_t}. */
public enum VmIdType {
    DOMAIN_ID(0), UUID(1), UNKNOWN(-1);

    private final int code;

    VmIdType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static VmIdType of(int code) {
        return switch (code) {
            case 0 -> DOMAIN_ID;
            case 1 -> UUID;
            default -> UNKNOWN;
        };
    }
}
