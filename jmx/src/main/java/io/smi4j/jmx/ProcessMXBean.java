package io.smi4j.jmx;

/**
 * {@code io.smi4j:type=Process}: this JVM's own GPU use, from the latest snapshot. {@link #getGpuUse()} is one
 * consistent value: this JVM's PIDs, whether NVML's PIDs could be matched to it ({@code FOUND}, {@code NOT_FOUND}:
 * it uses no GPU, {@code OTHER_NAMESPACE}: NVML reports PIDs of a namespace this JVM cannot see, as in a
 * container, so its use is unknown), one entry per GPU process of this JVM or its children (compute and graphics,
 * with its type and its newest per-process utilization: SM, memory, encoder, decoder, JPEG, OFA percents, NaN
 * without a current sample), and the memory of them all in bytes (-1 when not known).
 */
public interface ProcessMXBean {

    /** Empty (no snapshot yet) or one element. */
    ProcessGpuUseData[] getGpuUse();

    /** GPU memory this JVM and its children use, bytes; 0 when none, -1 when not known. */
    long getGpuMemoryUsedBytes();
}
