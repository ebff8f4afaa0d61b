package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.ArrMode;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A host with MIG-backed vGPUs (R580): {@code mig-host}'s GPU 0 (GPU instances 1: 3g, 2 and 3: 2g) made a vGPU host
 * whose vGPUs live on the GPU instances, time-sliced inside each: two 3-10C on instance 1 (full), one 2-5C on
 * instance 2 (one placement left), none on instance 3. Not a preset: a fixture for the tests of the R575 calls and
 * their consumers (the collector, reports, {@code vgpu capacity} through a scenario file) until a preset has them.
 */
public final class MigBackedScenario {

    private static final long GIB = 1L << 30;

    private MigBackedScenario() {
    }

    public static Scenario create() {
        Scenario base = Scenarios.create("mig-host", 7);
        SimGpu g = base.gpus().get(0);
        SimVgpuType big = new SimVgpuType(711, "NVIDIA A100-3-10C", "Compute", 10 * GIB, 2, 9, false);
        SimVgpuType small = new SimVgpuType(712, "NVIDIA A100-2-5C", "Compute", 5 * GIB, 2, 14, true);
        List<SimVgpu> vgpus = List.of(vgpu(0xE000_0001L, 711, 1, 0), vgpu(0xE000_0002L, 711, 1, 1),
                vgpu(0xE000_0003L, 712, 2, 0));
        SimVgpuHost host = new SimVgpuHost(HostVgpuMode.SRIOV,
                Scenarios.create("vgpu-host", 1).gpus().get(0).vgpuHost().orElseThrow().capabilities(),
                new SchedulerState(SchedulerPolicy.EQUAL_SHARE, ArrMode.UNKNOWN, new SchedulerParams(0, 0.002)),
                new SchedulerLog(0, SchedulerPolicy.EQUAL_SHARE, ArrMode.UNKNOWN, new SchedulerParams(0, 0.002),
                        List.of()), -1, List.of(big, small), vgpus, List.of(), List.of(), List.of());
        List<SimGpuInstance> instances = new ArrayList<>();
        for (SimGpuInstance gi : g.gpuInstances()) {
            long id = gi.instance().id();
            SimGpuInstanceVgpus side = id == 1
                    ? side(SchedulerPolicy.FIXED_SHARE, 2, new SimGpuInstanceVgpus.Type(711, false, 1, 2, List.of()))
                    : side(SchedulerPolicy.EQUAL_SHARE, id == 2 ? 1 : 0,
                            new SimGpuInstanceVgpus.Type(712, true, 1, 2, id == 2 ? List.of(1L) : List.of(0L, 1L)));
            instances.add(new SimGpuInstance(gi.profile(), gi.instance(), gi.computeProfiles(), gi.computeInstances(),
                    Optional.of(side)));
        }
        SimGpu vgpuHost = new SimGpu(g.name(), g.uuid(), g.pci(), VirtualizationMode.HOST_VGPU, g.memory(),
                g.utilization(), g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(),
                g.fanSpeedPercent(), g.performanceState(), g.ecc(), g.mig(), List.of(), instances, g.migDevices(),
                Optional.of(host), Optional.empty());
        List<SimGpu> gpus = new ArrayList<>(base.gpus());
        gpus.set(0, vgpuHost);
        return new Scenario("mig-backed", true, "580.95.05", "13.580.95.05", 13000, gpus);
    }

    /** A GPU instance's scheduler with {@code runlists} runlists time-sliced, weighted 2 and 1. */
    private static SimGpuInstanceVgpus side(SchedulerPolicy policy, int runlists, SimGpuInstanceVgpus.Type type) {
        SchedulerParams params = new SchedulerParams(0, 0.002);
        List<SchedulerLogEntry> log = new ArrayList<>();
        for (int e = 0; e < 4 * runlists; e++) {
            int r = e % runlists;
            log.add(new SchedulerLogEntry(1_762_991_000_000_000_000L + e * 2_000_000L, (e + 1) * 1_500_000L / 1e9,
                    1_500_000L / 1e9, r, 2_000_000L / 1e9, e * 10_000L / 1e9, 2 - r));
        }
        return new SimGpuInstanceVgpus(new SchedulerState(policy, ArrMode.UNKNOWN, params),
                new SchedulerLog(0, policy, ArrMode.UNKNOWN, params, log), 0, List.of(type));
    }

    private static SimVgpu vgpu(long id, long typeId, long gpuInstanceId, long placement) {
        return new SimVgpu(id, String.format("%08x-0000-4000-8000-000000000000", id), typeId,
                new VmId("vm-" + id, VmIdType.UUID), "580.95.05", GIB,
                new LicenseInfo(true, new LicenseExpiry(2026, 12, 1, 0, 0, 0, 1), LicenseState.LICENSED), 0, false,
                100, new EncoderStats(0, 0, 0), gpuInstanceId, false, List.of(), placement, new EncoderStats(0, 0, 0),
                Optional.empty());
    }
}
