package io.smi4j.model;

import java.util.List;

/**
 * This JVM's own use of the GPUs in one poll: its entries (and its child processes') in NVML's compute process
 * lists ({@link GpuInfo#processes()}).
 *
 * @param pid             this JVM's PID, as it sees itself
 * @param namespacePids   its PIDs in each PID namespace {@code /proc/self/status} shows ({@code NSpid}), outermost
 *                        first; just {@code pid} where the kernel does not say
 * @param mapping         whether NVML's PIDs could be matched to this process
 * @param gpus            one entry per GPU process of this JVM or its children; empty unless {@link PidMapping#FOUND}
 * @param memoryUsedBytes GPU memory of all of {@code gpus} together; 0 when {@link PidMapping#NOT_FOUND}, -1 when
 *                        {@link PidMapping#OTHER_NAMESPACE} or when NVML could not tell a process's memory
 */
public record ProcessGpuUse(
        long pid,
        List<Long> namespacePids,
        PidMapping mapping,
        List<Entry> gpus,
        long memoryUsedBytes) {

    public ProcessGpuUse {
        namespacePids = List.copyOf(namespacePids);
        gpus = List.copyOf(gpus);
    }

    /**
     * One GPU process of this JVM or a child.
     *
     * @param gpuIndex        the GPU
     * @param gpuUuid         the GPU's UUID
     * @param pid             the PID as NVML reports it
     * @param usedMemoryBytes -1 when NVML cannot tell
     */
    public record Entry(int gpuIndex, String gpuUuid, long pid, long usedMemoryBytes) {
    }

    /** Memory this JVM uses on GPU {@code uuid}: 0 when none, -1 when not known. */
    public long memoryUsedBytesOn(String uuid) {
        if (mapping == PidMapping.OTHER_NAMESPACE) {
            return -1;
        }
        long sum = 0;
        for (Entry e : gpus) {
            if (e.gpuUuid().equals(uuid)) {
                if (e.usedMemoryBytes() < 0) {
                    return -1;
                }
                sum += e.usedMemoryBytes();
            }
        }
        return sum;
    }

    /** How NVML's PIDs relate to this process's. */
    public enum PidMapping {
        /** This process (or a child) is in NVML's lists under one of its PIDs. */
        FOUND,
        /** Every PID NVML lists is a process this JVM can see, and none is this one or a child: it uses no GPU. */
        NOT_FOUND,
        /**
         * NVML lists PIDs this JVM cannot see: they are of another PID namespace (a container without the host's
         * PID namespace, where {@code NSpid} shows only the container's PID), so this process's use cannot be told.
         */
        OTHER_NAMESPACE
    }
}
