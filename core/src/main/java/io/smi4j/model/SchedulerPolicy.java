package io.smi4j.model;

/** {@code NVML_VGPU_SCHEDULER_POLICY_*}. */
public enum SchedulerPolicy {
    UNKNOWN(0), BEST_EFFORT(1), EQUAL_SHARE(2), FIXED_SHARE(3);

    private final int code;

    SchedulerPolicy(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static SchedulerPolicy of(long code) {
        return code >= 1 && code <= 3 ? values()[(int) code] : UNKNOWN;
    }
}
