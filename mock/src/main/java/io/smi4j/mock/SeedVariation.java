package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.LicenseState;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * {@code --seed} applied to any host, preset or file: the default seed ({@value Scenarios#DEFAULT_SEED}) leaves it
 * exactly as written; another seed re-draws, deterministically, its identities (GPU, MIG device and vGPU UUIDs, VM
 * ids: each by the value it replaces, so the same value maps alike at every poll of a timeline; a MIG-backed vGPU, one
 * with a GPU instance, is a vGPU of its GPU's host list like any other) and its loads (GPU
 * and memory utilization of a busy GPU, temperature, power of a busy board up to its limit, a vGPU's framebuffer use
 * within its type's size, accounted processes' utilization, and which licensed vGPUs have let their licence lapse,
 * about one in twelve; on a time-sliced vGPU host the vGPUs' newest SM and memory samples are scaled to the drawn GPU
 * load, which is then their sum plus the host's small part, as in {@link Simulation#fromVgpus}). What a host is made
 * of (GPUs, types, vGPUs, placements, MIG layout, processes, memory sizes, timestamps, runtime state sizes,
 * capabilities, GPU instances' vGPU types and schedulers) stays, so a varied host adds up as the original does.
 */
final class SeedVariation {

    private static final long MIX = 0x9E37_79B9_7F4A_7C15L;

    private SeedVariation() {
    }

    /** {@code s} for {@code seed}: itself for the default seed. */
    static Scenario apply(Scenario s, long seed) {
        if (seed == Scenarios.DEFAULT_SEED) {
            return s;
        }
        Random loads = new Random(seed * MIX ^ s.name().hashCode());
        List<SimGpu> gpus = new ArrayList<>(s.gpus().size());
        for (SimGpu g : s.gpus()) {
            gpus.add(gpu(g, seed, loads));
        }
        return Simulation.with(s, gpus);
    }

    private static SimGpu gpu(SimGpu g, long seed, Random r) {
        UtilizationRates u = g.utilization();
        boolean busy = u.gpuPercent() > 0 || u.memoryPercent() > 0;
        UtilizationRates util = busy ? new UtilizationRates(5 + r.nextInt(91), 5 + r.nextInt(61)) : u;
        int temp = g.temperatureC() < 0 ? g.temperatureC()
                : Math.max(30, Math.min(85, g.temperatureC() + r.nextInt(21) - 10));
        long power = g.powerUsageMw();
        if (power > Simulation.IDLE_POWER_MW) {
            long limit = g.powerLimitMw() > 0 ? g.powerLimitMw() : Long.MAX_VALUE;
            power = Math.max(Simulation.IDLE_POWER_MW + 1, Math.min(limit, power + r.nextInt(100_001) - 50_000));
        }
        List<SimMigDevice> mig = new ArrayList<>(g.migDevices().size());
        for (SimMigDevice d : g.migDevices()) {
            mig.add(new SimMigDevice(d.name(), uuid(d.uuid(), seed), d.gpuInstanceId(), d.computeInstanceId(),
                    d.memory()));
        }
        Optional<SimVgpuHost> host = g.vgpuHost().map(h -> host(h, seed, r));
        if (busy && host.isPresent() && !host.get().vgpus().isEmpty() && !g.mig().current()) {
            // a time-sliced GPU's utilization is its vGPUs' (their newest samples re-scaled to the drawn load) plus
            // the host's own small part, as the simulation keeps it (Simulation#fromVgpus)
            SimVgpuHost h = Simulation.withNewestSums(host.get(), util.gpuPercent() - util.gpuPercent() % 4,
                    util.memoryPercent() - util.memoryPercent() % 3);
            host = Optional.of(h);
            util = Simulation.fromVgpus(h, util);
        }
        return new SimGpu(g.name(), uuid(g.uuid(), seed), g.pci(), g.virtualizationMode(), g.memory(), util, temp,
                power, g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(), g.fanSpeedPercent(), g.performanceState(),
                g.ecc(), g.mig(), g.processes(), g.gpuInstances(), mig, host, g.guestLicense());
    }

    private static SimVgpuHost host(SimVgpuHost h, long seed, Random r) {
        List<SimVgpu> vgpus = new ArrayList<>(h.vgpus().size());
        for (SimVgpu v : h.vgpus()) {
            SimVgpuType type = Scenarios.typeOf(h.types(), v.typeId());
            LicenseInfo license = v.license();
            if (license.licensed() && r.nextInt(12) == 0) {
                license = new LicenseInfo(false, new LicenseExpiry(0, 0, 0, 0, 0, 0, 0),
                        LicenseState.UNLICENSED_UNRESTRICTED);
            }
            List<SimVgpu.Accounting> acct = new ArrayList<>(v.accounting().size());
            for (SimVgpu.Accounting a : v.accounting()) {
                AccountingStats st = a.stats();
                acct.add(new SimVgpu.Accounting(a.pid(), new AccountingStats(r.nextInt(100), r.nextInt(60),
                        st.maxMemoryUsageBytes(), st.runSeconds(), st.startTimeNs(), st.running())));
            }
            long fb = (long) (type.framebufferBytes() * (0.1 + r.nextDouble() * 0.6));
            vgpus.add(new SimVgpu(v.id(), uuid(v.uuid(), seed), v.typeId(), vm(v.vmId(), seed), v.vmDriverVersion(),
                    fb, license, v.frameRateLimit(), v.eccEnabled(), v.encoderCapacity(), v.encoderStats(),
                    v.gpuInstanceId(), v.accountingMode(), acct, v.placementId(), v.fbcStats(),
                    v.runtimeStateBytes()));
        }
        return new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), h.schedulerLog(), h.heterogeneousMode(),
                h.types(), vgpus, h.utilizationSamples(), h.processSamples(), h.vgpuCapabilities());
    }

    /** Another UUID for {@code uuid} under {@code seed}, keeping its prefix ({@code GPU-}, {@code MIG-}). */
    static String uuid(String uuid, long seed) {
        if (uuid.isEmpty()) {
            return uuid;
        }
        int dash = uuid.indexOf('-');
        String prefix = dash > 0 && dash <= 4 && !uuid.substring(0, dash).matches("[0-9a-fA-F]+")
                ? uuid.substring(0, dash + 1) : "";
        return Scenarios.uuid(prefix, new Random(seed * MIX ^ uuid.hashCode()));
    }

    private static VmId vm(VmId vm, long seed) {
        if (vm.type() == VmIdType.UUID) {
            return new VmId(uuid(vm.id(), seed), vm.type());
        }
        return new VmId(Integer.toString(1 + new Random(seed * MIX ^ vm.id().hashCode()).nextInt(900)), vm.type());
    }
}
