package io.smi4j.agent;

import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test scenario {@value #NAME}: the {@code vgpu-host} preset, frozen (every poll reads the same
 * values), with VM ids holding quotes, backslashes and non-ASCII, to prove the labels survive
 * the real JMX exporter and {@code promtool}; on an R580 driver, so that every vGPU family has series (BAR1 and
 * the runtime state size are newer than R550).
 */
public final class AwkwardVmIdsProvider implements NvmlProvider {

    public static final String NAME = "awkward-vm-ids";

    /** The VM id of the vGPU at position {@code i} of GPU {@code gpu}. */
    public static String vmId(int gpu, int i) {
        return "vm \"" + gpu + "-" + i + "\" C:\\VMs\\Zürich 東京";
    }

    public static Scenario scenario() {
        Scenario base = Scenarios.create("vgpu-host", 1);
        List<SimGpu> gpus = new ArrayList<>();
        for (int g = 0; g < base.gpus().size(); g++) {
            SimGpu gpu = base.gpus().get(g);
            if (gpu.vgpuHost().isEmpty()) {
                gpus.add(gpu);
                continue;
            }
            SimVgpuHost h = gpu.vgpuHost().get();
            List<SimVgpu> vgpus = new ArrayList<>();
            for (int i = 0; i < h.vgpus().size(); i++) {
                SimVgpu v = h.vgpus().get(i);
                vgpus.add(new SimVgpu(v.id(), v.uuid(), v.typeId(), new VmId(vmId(g, i), VmIdType.UUID),
                        v.vmDriverVersion(), v.fbUsageBytes(), v.license(), v.frameRateLimit(), v.eccEnabled(),
                        v.encoderCapacity(), v.encoderStats(), v.gpuInstanceId(), v.accountingMode(), v.accounting(),
                        v.placementId(), v.fbcStats(), v.runtimeStateBytes()));
            }
            SimVgpuHost host = new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), h.schedulerLog(),
                    h.heterogeneousMode(), h.types(), vgpus, h.utilizationSamples(), h.processSamples(),
                    h.vgpuCapabilities());
            gpus.add(new SimGpu(gpu.name(), gpu.uuid(), gpu.pci(), gpu.virtualizationMode(), gpu.memory(),
                    gpu.utilization(), gpu.temperatureC(), gpu.powerUsageMw(), gpu.powerLimitMw(), gpu.clocksMhz(),
                    gpu.maxClocksMhz(), gpu.fanSpeedPercent(), gpu.performanceState(), gpu.ecc(), gpu.mig(),
                    gpu.processes(), gpu.gpuInstances(), gpu.migDevices(), Optional.of(host), gpu.guestLicense()));
        }
        return new Scenario(NAME, base.driverLoaded(), "580.65.06", "13.580.65.06", 13000, gpus,
                base.vgpuDriverCapabilities());
    }

    @Override
    public List<String> scenarios() {
        return List.of(NAME);
    }

    @Override
    public Nvml open(NvmlSource source) {
        if (!opens(source)) {
            throw new IllegalArgumentException("unknown scenario " + source);
        }
        return MockNvml.frozen(scenario());
    }
}
