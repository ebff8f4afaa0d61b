package io.smi4j.model;

import java.util.List;

/**
 * {@code nvmlVgpuSchedulerCapabilities_t}: the policies this GPU supports (the header's three slots
 * without the empty ones) and the legal ranges for setting the scheduler.
 *
 * @param maxTimesliceSeconds largest time slice the GPU accepts
 * @param minTimesliceSeconds smallest time slice the GPU accepts
 * @param maxFrequencyForArrHertz highest ARR scheduling frequency
 * @param minFrequencyForArrHertz lowest ARR scheduling frequency
 */
public record SchedulerCapabilities(
        List<SchedulerPolicy> supportedSchedulers,
        double maxTimesliceSeconds,
        double minTimesliceSeconds,
        boolean arrModeSupported,
        long maxFrequencyForArrHertz,
        long minFrequencyForArrHertz,
        long maxAvgFactorForArr,
        long minAvgFactorForArr) {

    public SchedulerCapabilities {
        supportedSchedulers = List.copyOf(supportedSchedulers);
    }
}
