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
     * @param type            which of NVML's lists hold it
     * @param smUtil          percents of the GPU's engines this process used, as {@link GpuProcess} has them (NaN:
     *                        no current sample)
     */
    public record Entry(int gpuIndex, String gpuUuid, long pid, long usedMemoryBytes, GpuProcess.Type type,
            double smUtil, double memUtil, double encUtil, double decUtil, double jpgUtil, double ofaUtil) {

        /** A compute process without a utilization sample. */
        public Entry(int gpuIndex, String gpuUuid, long pid, long usedMemoryBytes) {
            this(gpuIndex, gpuUuid, pid, usedMemoryBytes, GpuProcess.Type.COMPUTE, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN);
        }

        /** {@code process} of GPU {@code gpu}. */
        public static Entry of(GpuInfo gpu, GpuProcess process) {
            return new Entry(gpu.index(), gpu.uuid(), process.pid(), process.usedMemoryBytes(), process.type(),
                    process.smUtil(), process.memUtil(), process.encUtil(), process.decUtil(), process.jpgUtil(),
                    process.ofaUtil());
        }

        /** This entry's utilization of {@code engine}. */
        public double util(Engine engine) {
            return switch (engine) {
                case SM -> smUtil;
                case MEMORY -> memUtil;
                case ENCODER -> encUtil;
                case DECODER -> decUtil;
                case JPEG -> jpgUtil;
                case OFA -> ofaUtil;
            };
        }
    }

    /** A GPU engine NVML samples per process. */
    public enum Engine {
        /** Streaming multiprocessors: 3D / compute. */
        SM,
        /** Frame buffer memory reads and writes. */
        MEMORY,
        ENCODER,
        DECODER,
        /** JPEG decoder (R550's call only). */
        JPEG,
        /** Optical flow accelerator (R550's call only). */
        OFA;

        /** The name in labels and tags: {@code sm}, {@code memory}, ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Percent of GPU {@code uuid}'s {@code engine} this JVM and its children used in their newest samples: the sum
     * over its processes there; 0 when it has none there; NaN when not known (another PID namespace, or a process of
     * it without a current sample).
     */
    public double utilizationOn(String uuid, Engine engine) {
        if (mapping == PidMapping.OTHER_NAMESPACE) {
            return Double.NaN;
        }
        double sum = 0;
        for (Entry e : gpus) {
            if (e.gpuUuid().equals(uuid)) {
                sum += e.util(engine); // NaN stays NaN
            }
        }
        return sum;
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
