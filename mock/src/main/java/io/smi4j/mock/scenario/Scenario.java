package io.smi4j.mock.scenario;

import io.smi4j.nvml.NvmlFunction;
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
 *       FUNCTION_NOT_FOUND when {@code driverVersion} starts with {@code 535.}, checked after the host check; so do
 *       the newer vGPU facts before their driver ({@code nvmlVgpuTypeGetFbReservation} and {@code GspHeapSize}
 *       before R550, {@code nvmlVgpuTypeGetBAR1Info} before R560, {@code nvmlVgpuInstanceGetRuntimeStateSize} before
 *       R570; {@link #exports}), and an empty value of theirs answers NOT_SUPPORTED.</li>
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
 * @param vgpuDriverCapabilities what {@code nvmlGetVgpuDriverCapabilities} answers, indexed by
 *                           {@code nvmlVgpuDriverCapability_t}: -1 NOT_SUPPORTED, a capability beyond the list
 *                           INVALID_ARGUMENT (newer than the driver)
 */
public record Scenario(
        String name,
        boolean driverLoaded,
        String driverVersion,
        String nvmlVersion,
        int cudaDriverVersion,
        List<SimGpu> gpus,
        List<Long> vgpuDriverCapabilities) {

    public Scenario {
        gpus = List.copyOf(gpus);
        vgpuDriverCapabilities = List.copyOf(vgpuDriverCapabilities);
    }

    /** A host whose driver answers no vGPU driver capability. */
    public Scenario(String name, boolean driverLoaded, String driverVersion, String nvmlVersion, int cudaDriverVersion,
            List<SimGpu> gpus) {
        this(name, driverLoaded, driverVersion, nvmlVersion, cudaDriverVersion, gpus, List.of());
    }

    /** This host with {@code host} GPUs instead. */
    public Scenario withGpus(List<SimGpu> host) {
        return new Scenario(name, driverLoaded, driverVersion, nvmlVersion, cudaDriverVersion, host,
                vgpuDriverCapabilities);
    }

    /** The driver's major version ({@code 550} of {@code 550.163.01}), 0 when there is none. */
    public int driverMajor() {
        int dot = driverVersion.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? driverVersion : driverVersion.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * How many GPU instance profile indices this host's driver knows: nvml.h 13.3's 18 from R570 on (the graphics,
     * no-media and all-media profiles came with the Blackwell generation), 12.4's 10 before; a higher index answers
     * INVALID_ARGUMENT. The release that added them is the mock's approximation.
     */
    public int gpuInstanceProfilesKnown() {
        return driverMajor() >= 570 ? 18 : 10;
    }

    /** How many compute instance profile indices this host's driver knows: 13.3's 9 from R570 on, 12.4's 8 before. */
    public int computeInstanceProfilesKnown() {
        return driverMajor() >= 570 ? 9 : 8;
    }

    /**
     * Whether this host's driver exports {@code function}: the newer vGPU facts from their driver generation on,
     * everything else always (the R550-only calls keep their own R535 check).
     */
    public boolean exports(NvmlFunction function) {
        int since = switch (function) {
            case nvmlVgpuTypeGetFbReservation, nvmlVgpuTypeGetGspHeapSize -> 550;
            case nvmlVgpuTypeGetBAR1Info -> 560;
            case nvmlVgpuInstanceGetRuntimeStateSize -> 570;
            default -> 0;
        };
        return driverMajor() >= since;
    }
}
