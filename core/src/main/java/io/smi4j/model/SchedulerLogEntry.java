package io.smi4j.model;

/**
 * {@code nvmlVgpuSchedulerLogEntry_t} (or {@code _v2_t}): one software runlist scheduling event. Entries are
 * identified by {@code timestampNs}.
 *
 * @param timestampNs                when the runlist ran, nanoseconds on NVML's clock
 * @param timeRunTotalSeconds        the runlist's total run time so far
 * @param timeRunSeconds             how long it ran this time (at most {@code timeRunTotalSeconds})
 * @param swRunlistId                the software runlist (one per vGPU)
 * @param targetTimeSliceSeconds     the time slice it was given
 * @param cumulativePreemptionSeconds its total preemption time so far
 * @param weight                     the runlist's current weight ({@code nvmlDeviceGetVgpuSchedulerLog_v2}, nvml.h
 *                                   13.2 and newer), -1 when read through the v1 log, which has none
 */
public record SchedulerLogEntry(
        long timestampNs,
        double timeRunTotalSeconds,
        double timeRunSeconds,
        long swRunlistId,
        double targetTimeSliceSeconds,
        double cumulativePreemptionSeconds,
        long weight) {

    /** This entry as the v1 log has it: without a weight. */
    public SchedulerLogEntry withoutWeight() {
        return weight == -1 ? this : new SchedulerLogEntry(timestampNs, timeRunTotalSeconds, timeRunSeconds,
                swRunlistId, targetTimeSliceSeconds, cumulativePreemptionSeconds, -1);
    }
}
