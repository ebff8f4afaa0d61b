package io.smi4j.model;

/** {@code NVML_VGPU_SCHEDULER_ARR_*}: adaptive round-robin. */
public enum ArrMode {
    DEFAULT(0), DISABLED(1), ENABLED(2), UNKNOWN(-1);

    private final int code;

    ArrMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ArrMode of(long code) {
        return code >= 0 && code <= 2 ? values()[(int) code] : UNKNOWN;
    }
}
