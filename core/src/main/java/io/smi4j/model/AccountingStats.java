package io.smi4j.model;

/**
 * {@code nvmlAccountingStats_t} of one process in a vGPU: utilization percents,
 * peak memory in bytes, run time in ms, start time in microseconds since the epoch.
 */
public record AccountingStats(
        long gpuUtilizationPercent,
        long memoryUtilizationPercent,
        long maxMemoryUsageBytes,
        long timeMs,
        long startTimeUs,
        boolean running) {
}
