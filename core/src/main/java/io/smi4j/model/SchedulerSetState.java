package io.smi4j.model;

/**
 * What {@code nvmlDeviceSetVgpuSchedulerState} is asked to set: with ARR enabled an averaging factor
 * and a frequency, otherwise a time slice. On drivers with the v2 call ({@code nvmlDeviceSetVgpuSchedulerState_v2},
 * nvml.h 13.2+) only a policy, an averaging factor and a frequency, each 0 for the driver's default, and no ARR
 * switch ({@link #v2}). Use the factories; unused fields are 0.
 *
 * @param enableArr        ARR on (v1); false for a v2 request
 * @param frequencyHertz   the ARR scheduling frequency (v1), the scheduling frequency (v2)
 * @param timesliceSeconds the time slice without ARR (v1 only)
 * @param v2               a request for the v2 call: {@code enableArr} and {@code timesliceSeconds} do not apply
 */
public record SchedulerSetState(
        SchedulerPolicy policy, boolean enableArr, long avgFactor, long frequencyHertz, double timesliceSeconds,
        boolean v2) {

    public static SchedulerSetState withArr(SchedulerPolicy policy, long avgFactor, long frequencyHertz) {
        return new SchedulerSetState(policy, true, avgFactor, frequencyHertz, 0, false);
    }

    public static SchedulerSetState withTimeslice(SchedulerPolicy policy, double timesliceSeconds) {
        return new SchedulerSetState(policy, false, 0, 0, timesliceSeconds, false);
    }

    /** A v2 request: the policy, the average factor and the frequency, 0 for the driver's default. */
    public static SchedulerSetState v2(SchedulerPolicy policy, long avgFactor, long frequencyHertz) {
        return new SchedulerSetState(policy, false, avgFactor, frequencyHertz, 0, true);
    }
}
