package io.smi4j.nvml;

/**
 * One process's utilization of a GPU's engines in one sample: {@code nvmlProcessUtilizationSample_t} from
 * {@code nvmlDeviceGetProcessUtilization}, or {@code nvmlProcessUtilizationInfo_v1_t} from the R550
 * {@code nvmlDeviceGetProcessesUtilizationInfo}, which adds JPEG and OFA. Percents as NVML answers them;
 * {@link Nvml#NOT_AVAILABLE} for a value the call does not have (jpg and ofa of the older call).
 *
 * @param timestampUs when the sample was taken, CPU clock in microseconds
 */
public record ProcessUtilizationSample(
        long pid,
        long timestampUs,
        long smUtil,
        long memUtil,
        long encUtil,
        long decUtil,
        long jpgUtil,
        long ofaUtil) {
}
