package io.smi4j.mock.scenario;

import java.util.List;

/**
 * A simulated host at one moment: everything NVML would answer. The same object drives the
 * Java {@code MockNvml} and the native mock {@code libnvidia-ml.so.1}, so the two can be
 * compared value for value.
 *
 * <h2>How a scenario answers (both mocks follow this)</h2>
 * <ul>
 *   <li>A numeric device getter whose value here is -1 (temperature, power, power limit, a clock, fan,
 *       performance state, a utilization rate) answers NOT_SUPPORTED, as on GPUs without that sensor.</li>
 *   <li>vGPU host calls answer NOT_SUPPORTED unless the GPU's virtualization mode is HOST_VGPU and it has a
 *       {@code vgpuHost}; the scheduler calls also while MIG is on. The R550-only calls
 *       ({@code nvmlDeviceGetVgpuHeterogeneousMode}, {@code nvmlDeviceGetVgpuInstancesUtilizationInfo}) answer
 *       FUNCTION_NOT_FOUND when {@code driverVersion} starts with {@code 535.}, checked after the host check.</li>
 *   <li>{@code nvmlDeviceGetGridLicensableFeatures} answers {@code guestLicense}, or "not supported, no features"
 *       (success) when absent. MIG profile and instance queries answer NOT_SUPPORTED while MIG is off;
 *       {@code nvmlDeviceGetMaxMigDeviceCount} is 7 with MIG on, 0 otherwise.</li>
 *   <li>A destroyed vGPU (no longer in the list) answers NOT_FOUND; accounting calls answer NOT_SUPPORTED while
 *       its accounting mode is off.</li>
 * </ul>
 *
 * @param name               the preset's name, e.g. {@code vgpu-host}
 * @param driverLoaded       false: {@code nvmlInit_v2} answers DRIVER_NOT_LOADED (the {@code no-driver} preset)
 * @param cudaDriverVersion  e.g. 12040
 * @param gpus               the physical GPUs, by index
 */
public record Scenario(
        String name,
        boolean driverLoaded,
        String driverVersion,
        String nvmlVersion,
        int cudaDriverVersion,
        List<SimGpu> gpus) {

    public Scenario {
        gpus = List.copyOf(gpus);
    }
}
