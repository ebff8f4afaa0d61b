package io.smi4j.model;

/**
 * Values NVML answered that cannot be true, by function and kind, since the collector started: each was left out of
 * the snapshot (not available instead) and counted here.
 *
 * @param function the NVML function that answered it, e.g. {@code nvmlDeviceGetVgpuUtilization}
 * @param kind     what was impossible about it
 * @param total    how many such values since the collector started
 */
public record AnomalyTotal(String function, Kind kind, long total) {

    /** What makes a value impossible; the lower-case name is the {@code kind} label of the metric. */
    public enum Kind {
        /** A percent outside 0 to 100 (e.g. 808334905 for a vGPU's utilization). */
        PERCENT_OUT_OF_RANGE,
        /** NVML's all-ones 32-bit "no value" (0xFFFFFFFF) where a number was expected. */
        SENTINEL,
        /** More used than there is (a vGPU using more framebuffer than its type has, GPU memory used over total). */
        USED_OVER_TOTAL,
        /** Free memory larger than the total: an unsigned subtraction that wrapped around. */
        FREE_UNDERFLOW,
        /** A sample timestamp later than now (on the epoch clock). */
        FUTURE_TIMESTAMP
    }
}
