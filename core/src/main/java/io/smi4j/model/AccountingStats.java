package io.smi4j.model;

/**
 * {@code nvmlAccountingStats_t} of one process in a vGPU.
 *
 * @param gpuUtilizationPercent    SM utilization over the process's run time, 0 to 100
 * @param memoryUtilizationPercent memory utilization over the process's run time, 0 to 100
 * @param maxMemoryUsageBytes      peak framebuffer use
 * @param runSeconds               how long the process has run (or ran)
 * @param startTimeNs              when it started, nanoseconds on NVML's clock
 * @param running                  whether it still runs
 */
public record AccountingStats(
        double gpuUtilizationPercent,
        double memoryUtilizationPercent,
        long maxMemoryUsageBytes,
        double runSeconds,
        long startTimeNs,
        boolean running) {
}
