package io.smi4j.model;

/**
 * {@code nvmlVgpuSchedulerLogEntry_t}: one software runlist scheduling event. Entries are
 * identified by {@code timestampNs}.
 *
 * @param timestampNs                when the runlist ran, nanoseconds on NVML's clock
 * @param timeRunTotalSeconds        the runlist's total run time so far
 * @param timeRunSeconds             how long it ran this time (at most {@code timeRunTotalSeconds})
 * @param swRunlistId                the software runlist (one per vGPU)
 * @param targetTimeSliceSeconds     the time slice it was given
 * @param cumulativePreemptionSeconds its total preemption time so far
 */
public record SchedulerLogEntry(
        long timestampNs,
        double timeRunTotalSeconds,
        double timeRunSeconds,
        long swRunlistId,
        double targetTimeSliceSeconds,
        double cumulativePreemptionSeconds) {
}
