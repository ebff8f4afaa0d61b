package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;

/**
 * The {@code faulty-host} preset: the hosts of {@code vgpu-host} with one fault of each kind a monitor must tell
 * apart from health, at once. GPU 0's first vGPU answers an all-ones SM utilization sample and its second uses 1 GiB
 * more framebuffer than its type has; GPU 1 cannot be opened ({@code nvmlDeviceGetHandleByIndex_v2} answers UNKNOWN);
 * GPU 2's vGPU list ({@code nvmlDeviceGetActiveVgpus}) times out every third poll; GPU 3 falls off the bus in poll 2
 * and stays lost, also after a new {@code nvmlInit_v2}. The host is the data ({@link #scenario}), the faults are its
 * {@link FaultPlan} ({@link #faults()}).
 */
final class FaultyHostPreset {

    static final String NAME = "faulty-host";

    private FaultyHostPreset() {
    }

    /** {@code vgpu-host}'s GPUs and vGPUs for {@code seed}, at {@code startUs}, under this preset's name. */
    static Scenario scenario(long seed, long startUs) {
        Scenario s = Scenarios.create("vgpu-host", seed, startUs);
        return new Scenario(NAME, s.driverLoaded(), s.driverVersion(), s.nvmlVersion(), s.cudaDriverVersion(),
                s.gpus());
    }

    static FaultPlan faults() {
        return FaultPlan.none()
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_ALL_ONES, 0, 0))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.VGPU_FB_OVER_TYPE, 0, 1))
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 1))
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.TIMEOUT, 2, 3,
                        Long.MAX_VALUE, 3))
                .with(FaultPlan.Aimed.lostFrom(3, 2));
    }
}
