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

    /**
     * A policy a user typed: {@code best-effort}, {@code equal_share}, {@code FIXED_SHARE} (case, {@code -} and
     * {@code _} do not matter). The one parser of the CLI and the JMX control operation.
     *
     * @throws IllegalArgumentException naming the three policies, for anything else (UNKNOWN included)
     */
    public static SchedulerPolicy parse(String text) {
        String v = text == null ? "" : text.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (SchedulerPolicy p : values()) {
            if (p != UNKNOWN && p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown scheduler policy '" + text + "' (use best-effort, equal-share or fixed-share)");
    }

    public static SchedulerPolicy of(long code) {
        return code >= 1 && code <= 3 ? values()[(int) code] : UNKNOWN;
    }
}
