package io.smi4j.nvml;

/** {@code nvmlUtilization_t}: percent of the last sample period the GPU / memory was busy. */
public record UtilizationRates(int gpuPercent, int memoryPercent) {
}
