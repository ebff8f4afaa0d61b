package io.smi4j.model;

/**
 * A process on a GPU (or on one of its MIG instances), from NVML's compute and graphics process lists, with its
 * newest utilization sample ({@code nvmlDeviceGetProcessesUtilizationInfo}, R550+, else
 * {@code nvmlDeviceGetProcessUtilization}). Utilizations are percents (0 to 100) of the GPU's engines, NaN when not
 * available: NVML sends a sample only for a process that used the GPU in its last sample period, none on MIG-enabled
 * GPUs, and a sample no newer one followed for {@value #STALE_AFTER_POLLS} polls is not shown as current (as for
 * vGPUs).
 *
 * @param name              the process name, {@code ""} when NVML cannot tell
 * @param usedMemoryBytes   -1 when NVML cannot tell
 * @param gpuInstanceId     the MIG GPU instance, -1 off MIG
 * @param computeInstanceId the MIG compute instance, -1 off MIG
 * @param type              which lists hold it: compute, graphics or both (once here)
 * @param smUtil            SM (3D / compute) time of this process
 * @param memUtil           frame buffer memory (read / write) time of this process
 * @param encUtil           video encoder time
 * @param decUtil           video decoder time
 * @param jpgUtil           JPEG decoder time (R550's call only)
 * @param ofaUtil           optical flow accelerator time (R550's call only)
 * @param utilizationTimestampNs when the newest sample was taken (NVML's clock), -1 when none came
 */
public record GpuProcess(
        long pid,
        String name,
        long usedMemoryBytes,
        long gpuInstanceId,
        long computeInstanceId,
        Type type,
        double smUtil,
        double memUtil,
        double encUtil,
        double decUtil,
        double jpgUtil,
        double ofaUtil,
        long utilizationTimestampNs) {

    /** Polls without a newer sample after which a process's utilization is no longer shown as current. */
    public static final int STALE_AFTER_POLLS = VgpuInstance.STALE_AFTER_POLLS;

    /** A compute process without a utilization sample. */
    public GpuProcess(long pid, String name, long usedMemoryBytes, long gpuInstanceId, long computeInstanceId) {
        this(pid, name, usedMemoryBytes, gpuInstanceId, computeInstanceId, Type.COMPUTE, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, -1);
    }

    /** Which of NVML's process lists hold a process; nvidia-smi's {@code C}, {@code G}, {@code C+G}. */
    public enum Type {
        /** {@code nvmlDeviceGetComputeRunningProcesses_v3} only. */
        COMPUTE("C"),
        /** {@code nvmlDeviceGetGraphicsRunningProcesses_v3} only. */
        GRAPHICS("G"),
        /** Both lists. */
        COMPUTE_GRAPHICS("C+G");

        private final String smi;

        Type(String smi) {
            this.smi = smi;
        }

        /** As nvidia-smi's process table shows it. */
        public String smi() {
            return smi;
        }
    }
}
