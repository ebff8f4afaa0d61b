package io.smi4j.nvml;

/**
 * One vGPU utilization sample, from {@code nvmlDeviceGetVgpuUtilization} (sm, mem, enc, dec;
 * {@code jpg} and {@code ofa} are NaN) or the R550 {@code nvmlDeviceGetVgpuInstancesUtilizationInfo}.
 * Values are decoded according to the call's sample value type; timestamps in microseconds.
 */
public record VgpuUtilizationSample(
        long vgpuInstance,
        long timestampUs,
        double sm,
        double mem,
        double enc,
        double dec,
        double jpg,
        double ofa) {
}
