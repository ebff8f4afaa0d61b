package io.smi4j.nvml;

/** {@code nvmlVgpuProcessUtilizationSample_t}: one process inside a vGPU; percents, timestamp in us. */
public record VgpuProcessUtilizationSample(
        long vgpuInstance,
        long pid,
        String processName,
        long timestampUs,
        long smUtil,
        long memUtil,
        long encUtil,
        long decUtil) {
}
