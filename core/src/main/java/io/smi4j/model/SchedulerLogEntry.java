package io.smi4j.model;

/**
 * {@code nvmlVgpuSchedulerLogEntry_t}: one software runlist scheduling event. Times in
 * nanoseconds; entries are identified by {@code timestampNs}.
 */
public record SchedulerLogEntry(
        long timestampNs,
        long timeRunTotalNs,
        long timeRunNs,
        long swRunlistId,
        long targetTimeSliceNs,
        long cumulativePreemptionTimeNs) {
}
