package io.smi4j.model;

/**
 * The scheduler's parameters (NVML's {@code nvmlVgpuSchedulerParams_t} union, decoded by ARR mode):
 * with ARR enabled an averaging factor and a time slice, otherwise only a time slice.
 *
 * @param avgFactor        the ARR averaging factor, -1 when ARR is not enabled
 * @param timesliceSeconds the time slice
 */
public record SchedulerParams(long avgFactor, double timesliceSeconds) {
}
