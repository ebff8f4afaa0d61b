package io.smi4j.model;

import java.util.List;

/**
 * {@code nvmlVgpuSchedulerCapabilities_t}: the policies this GPU supports (the header's
 * three slots without the empty ones) and the legal ranges for setting the scheduler.
 * Timeslices in nanoseconds, ARR frequency in Hz.
 */
public record SchedulerCapabilities(
        List<SchedulerPolicy> supportedSchedulers,
        long maxTimesliceNs,
        long minTimesliceNs,
        boolean arrModeSupported,
        long maxFrequencyForArr,
        long minFrequencyForArr,
        long maxAvgFactorForArr,
        long minAvgFactorForArr) {

    public SchedulerCapabilities {
        supportedSchedulers = List.copyOf(supportedSchedulers);
    }
}
