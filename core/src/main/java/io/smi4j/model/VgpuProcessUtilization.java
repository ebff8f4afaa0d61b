package io.smi4j.model;

/**
 * One process inside a vGPU as NVML last sampled it ({@code nvmlDeviceGetVgpuProcessUtilization}, what
 * {@code nvidia-smi vgpu -p} shows), in the {@linkplain io.smi4j.model package conventions}: percents
 * (0 to 100) of the vGPU's engines, NaN when not available.
 *
 * @param pid         the process id inside the VM
 * @param processName its name, as the guest reports it
 * @param timestampNs when the sample was taken (NVML's clock)
 */
public record VgpuProcessUtilization(
        long pid,
        String processName,
        double smUtil,
        double memUtil,
        double encUtil,
        double decUtil,
        long timestampNs) {
}
