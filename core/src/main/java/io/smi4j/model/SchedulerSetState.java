package io.smi4j.model;

/**
 * {@code nvmlVgpuSchedulerSetState_t}: with ARR enabled NVML takes {@code avgFactor} and
 * {@code frequency}; otherwise a {@code timeslice}. Use the factories; unused fields are 0.
 */
public record SchedulerSetState(
        SchedulerPolicy policy, boolean enableArr, long avgFactor, long frequency, long timesliceNs) {

    public static SchedulerSetState withArr(SchedulerPolicy policy, long avgFactor, long frequency) {
        return new SchedulerSetState(policy, true, avgFactor, frequency, 0);
    }

    public static SchedulerSetState withTimeslice(SchedulerPolicy policy, long timesliceNs) {
        return new SchedulerSetState(policy, false, 0, 0, timesliceNs);
    }
}
