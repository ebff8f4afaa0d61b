package io.smi4j.model;

/**
 * What {@code nvmlDeviceSetVgpuSchedulerState} is asked to set: with ARR enabled an averaging factor
 * and a frequency, otherwise a time slice. Use the factories; unused fields are 0.
 *
 * @param frequencyHertz   the ARR scheduling frequency
 * @param timesliceSeconds the time slice without ARR
 */
public record SchedulerSetState(
        SchedulerPolicy policy, boolean enableArr, long avgFactor, long frequencyHertz, double timesliceSeconds) {

    public static SchedulerSetState withArr(SchedulerPolicy policy, long avgFactor, long frequencyHertz) {
        return new SchedulerSetState(policy, true, avgFactor, frequencyHertz, 0);
    }

    public static SchedulerSetState withTimeslice(SchedulerPolicy policy, double timesliceSeconds) {
        return new SchedulerSetState(policy, false, 0, 0, timesliceSeconds);
    }
}
