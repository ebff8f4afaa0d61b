package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.ArrMode;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The preset {@code vgpu-host-r580}: an SR-IOV hypervisor on R580 (vGPU 19) with two NVIDIA RTX PRO 6000 Blackwell
 * Server Edition GPUs, read through the v2 scheduler calls ({@code nvmlDeviceGetVgpuSchedulerState_v2} /
 * {@code Log_v2} / {@code SetVgpuSchedulerState_v2}): the state has no ARR mode, every log entry carries its runlist's
 * weight (the placement slots of the vGPU's type, so bigger vGPUs get more of the GPU's time).
 * <ul>
 *   <li>GPU 0: heterogeneous mode, fixed share, four 8Q and two 24Q vGPUs side by side.</li>
 *   <li>GPU 1: no VMs (its scheduler can be changed), best effort.</li>
 * </ul>
 * Its own class so the preset converts to a scenario file on its own; registered in {@link Scenarios}.
 */
final class R580Preset {

    static final String NAME = "vgpu-host-r580";
    static final String DRIVER = "580.95.05";
    private static final long GIB = 1L << 30;

    private R580Preset() {
    }

    static Scenario create(Random rnd, long startUs) {
        Scenarios.IdSource ids = new Scenarios.IdSource(0xD000_0020L);
        List<SimVgpuType> types = types();
        List<SimGpu> gpus = new ArrayList<>(2);
        gpus.add(Scenarios.hostGpu(rnd, ids, "NVIDIA RTX PRO 6000 Blackwell Server Edition", 0x2BB510DEL,
                0x204E10DEL, 0x41, 96 * GIB, types, new int[] {4, 2}, new int[] {1, 3},
                v2State(SchedulerPolicy.FIXED_SHARE, 33, 2_000_000), 1, true, startUs));
        gpus.add(Scenarios.hostGpu(rnd, ids, "NVIDIA RTX PRO 6000 Blackwell Server Edition", 0x2BB510DEL,
                0x204E10DEL, 0xC1, 96 * GIB, types, new int[] {}, new int[] {},
                v2State(SchedulerPolicy.BEST_EFFORT, 0, 1_000_000), 1, true, startUs));
        return new Scenario(NAME, true, DRIVER, "13." + DRIVER, 13000, gpus);
    }

    /** The v2 state: no ARR mode (not applicable), the average factor and time slice the driver reports. */
    private static SchedulerState v2State(SchedulerPolicy policy, long avgFactor, long timesliceNs) {
        return new SchedulerState(policy, ArrMode.UNKNOWN, new SchedulerParams(avgFactor, timesliceNs / 1e9));
    }

    /** Quadro (Q) types of the 96 GB board: one placement slot per GiB. */
    private static List<SimVgpuType> types() {
        int[] sizes = {4, 8, 12, 24, 48, 96};
        List<SimVgpuType> types = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            types.add(new SimVgpuType(1180 + i, "NVIDIA RTX PRO 6000 Blackwell DC-" + sizes[i] + "Q", "Quadro",
                    sizes[i] * GIB, 96 / sizes[i], Nvml.NOT_AVAILABLE, true).withMaxInstancesPerVm(sizes[i] >= 48 ? 2 : 1));
        }
        return types;
    }
}
