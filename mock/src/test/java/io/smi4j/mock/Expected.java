package io.smi4j.mock;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.ArrMode;
import io.smi4j.model.Clocks;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.GridLicense;
import io.smi4j.model.LicenseState;
import io.smi4j.model.MigInstance;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuProcessUtilization;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a first snapshot of a scenario must hold, derived from the scenario independently of the
 * reader: the oracle of the "snapshot holds exactly what the scenario holds" tests.
 */
final class Expected {

    private static final double NaN = Double.NaN;

    private Expected() {
    }

    static List<GpuInfo> gpus(Scenario s, int accountingPidCap) {
        return gpus(s, accountingPidCap, 1);
    }

    /** As {@link #gpus(Scenario, int)} for a reader whose poll {@code samplePoll} brought the vGPUs' samples. */
    static List<GpuInfo> gpus(Scenario s, int accountingPidCap, long samplePoll) {
        List<GpuInfo> out = new ArrayList<>();
        for (int i = 0; i < s.gpus().size(); i++) {
            out.add(gpu(i, s.gpus().get(i), s, accountingPidCap, samplePoll));
        }
        return out;
    }

    /** A process as the first read of a frozen scenario shows it: its sample is of this poll (none with MIG on). */
    static GpuProcess process(SimProcess p, boolean mig, boolean r535) {
        GpuProcess.Type type = p.type().orElse(GpuProcess.Type.COMPUTE);
        if (p.utilization().isEmpty() || mig) {
            return new GpuProcess(p.pid(), p.name(), p.usedGpuMemoryBytes(), p.gpuInstanceId(), p.computeInstanceId(),
                    type, NaN, NaN, NaN, NaN, NaN, NaN, -1);
        }
        ProcessUtilizationSample u = p.utilization().get();
        return new GpuProcess(p.pid(), p.name(), p.usedGpuMemoryBytes(), p.gpuInstanceId(), p.computeInstanceId(),
                type, u.smUtil(), u.memUtil(), u.encUtil(), u.decUtil(), r535 ? NaN : u.jpgUtil(),
                r535 ? NaN : u.ofaUtil(), u.timestampUs() * 1000);
    }

    /**
     * The vGPU driver capabilities a snapshot of {@code s} holds: on a vGPU host, the scenario's capabilities that the
     * enum knows and that answer (not -1); none when none answers.
     */
    static Optional<VgpuDriverCapabilities> driverCapabilities(Scenario s) {
        boolean host = s.gpus().stream().anyMatch(g -> g.virtualizationMode() == VirtualizationMode.HOST_VGPU
                && g.vgpuHost().isPresent());
        List<Long> c = s.vgpuDriverCapabilities();
        if (!host || c.stream().noneMatch(v -> v >= 0)) {
            return Optional.empty();
        }
        return Optional.of(new VgpuDriverCapabilities(toggle(c, 0), toggle(c, 1)));
    }

    /** The scenario's vGPU capabilities of a GPU as a snapshot holds them; none when none answers. */
    static Optional<VgpuCapabilities> capabilities(List<Long> c) {
        if (c.stream().noneMatch(v -> v >= 0)) {
            return Optional.empty();
        }
        return Optional.of(new VgpuCapabilities(toggle(c, 0), toggle(c, 1), toggle(c, 2), bandwidth(c, 3),
                bandwidth(c, 4), toggle(c, 5), toggle(c, 6), toggle(c, 7), toggle(c, 8), toggle(c, 9), toggle(c, 10),
                toggle(c, 11)));
    }

    private static Toggle toggle(List<Long> c, int code) {
        return code >= c.size() || c.get(code) < 0 ? Toggle.UNKNOWN : Toggle.of(c.get(code) != 0);
    }

    private static long bandwidth(List<Long> c, int code) {
        return code >= c.size() || c.get(code) < 0 ? -1 : c.get(code) * 1_000_000L;
    }

    /** A newer fact of the scenario as the snapshot holds it: -1 before the driver that has its call, or when empty. */
    private static long fact(Scenario s, NvmlFunction f, Optional<Long> value) {
        return s.exports(f) ? value.orElse(-1L) : -1;
    }

    static GpuInfo gpu(int index, SimGpu g, Scenario scenario, int cap, long samplePoll) {
        boolean r535 = scenario.driverVersion().startsWith("535.");
        boolean utilOk = !g.mig().current() && g.utilization().gpuPercent() >= 0;
        List<GpuProcess> processes = new ArrayList<>();
        for (boolean compute : new boolean[] {true, false}) {
            // the reader lists the compute processes first, then those only in the graphics list
            for (SimProcess p : g.processes()) {
                if (compute ? p.compute() : !p.compute()) {
                    processes.add(process(p, g.mig().current(), r535));
                }
            }
        }
        List<MigInstance> mig = new ArrayList<>();
        for (SimMigDevice m : g.migDevices()) {
            GpuInstanceProfile p = null;
            for (SimGpuInstance gi : g.gpuInstances()) {
                if (gi.instance().id() == m.gpuInstanceId()) {
                    p = gi.profile();
                }
            }
            mig.add(new MigInstance(m.uuid(), m.name(), m.gpuInstanceId(), m.computeInstanceId(),
                    p == null ? -1 : p.id(), p == null ? -1 : p.sliceCount(),
                    p == null ? -1 : p.multiprocessorCount(), m.memory().totalBytes(), m.memory().usedBytes()));
        }
        Optional<VgpuGuestInfo> guest = Optional.empty();
        if (g.virtualizationMode() == VirtualizationMode.VGPU_GUEST) {
            GridLicense l = g.guestLicense().orElse(new GridLicense(false, List.of()));
            LicenseState state = l.supported() ? LicenseState.UNLICENSED : LicenseState.UNKNOWN;
            String product = "";
            for (GridLicense.Feature f : l.features()) {
                if (f.enabled() && f.state() != 0) {
                    state = LicenseState.LICENSED;
                    product = f.productName();
                    break;
                }
            }
            guest = Optional.of(new VgpuGuestInfo(state, product, l.features()));
        }
        Optional<VgpuHostInfo> host = g.virtualizationMode() == VirtualizationMode.HOST_VGPU
                ? Optional.of(overInstances(host(g.vgpuHost().orElseThrow(), g.mig().current(), scenario, cap,
                        samplePoll), migBacked(g, scenario)))
                : Optional.empty();
        return new GpuInfo(index, g.uuid(), g.name(), g.pci().busId(), g.virtualizationMode(),
                utilOk ? g.utilization().gpuPercent() : Double.NaN,
                utilOk ? g.utilization().memoryPercent() : Double.NaN,
                g.memory().totalBytes(), g.memory().usedBytes(), g.memory().freeBytes(), g.memory().reservedBytes(),
                measured(g.temperatureC()), NvmlUnits.wattsFromMilliwatts(g.powerUsageMw()),
                NvmlUnits.wattsFromMilliwatts(g.powerLimitMw()),
                new Clocks(hertz(g.clocksMhz(), 0), hertz(g.clocksMhz(), 1), hertz(g.clocksMhz(), 2),
                        hertz(g.maxClocksMhz(), 0), hertz(g.maxClocksMhz(), 1), hertz(g.maxClocksMhz(), 2)),
                measured(g.fanSpeedPercent()), g.performanceState(), Toggle.of(g.ecc().current()), Toggle.of(g.mig().current()),
                processes, mig, host, guest, g.maxClocksMhz().contains(SimGpu.ANSWERS_UNKNOWN)
                        // in the first polls, until the call is suspended
                        ? new GpuHealth(GpuHealth.State.DEGRADED,
                                "nvmlDeviceGetMaxClockInfo: NVML_ERROR_UNKNOWN (999): Unknown Error")
                        : GpuHealth.OK);
    }

    static VgpuHostInfo host(SimVgpuHost h, boolean migOn, Scenario scenario, int cap, long samplePoll) {
        boolean r535 = scenario.driverVersion().startsWith("535.");
        // the v2 state (R580+) has no ARR mode
        boolean v2 = MockNvml.hasSchedulerV2(scenario.driverVersion());
        List<SchedulerLogEntry> log = new ArrayList<>(v2 ? MockNvml.weighted(h.schedulerLog().entries())
                : h.schedulerLog().entries());
        log.sort(Comparator.comparingLong(SchedulerLogEntry::timestampNs));
        boolean mixed = !r535 && h.heterogeneousMode() == 1;
        List<VgpuTypeInfo> types = new ArrayList<>();
        for (SimVgpuType t : h.types()) {
            long running = h.vgpus().stream().filter(v -> v.typeId() == t.id()).count();
            List<Long> free = mixed && t.creatable() ? t.creatablePlacements() : List.of();
            // one type's placements never overlap: each creatable placement is one more vGPU
            long capacity = !t.creatable() ? 0 : mixed ? free.size() : t.maxInstances() - running;
            types.add(new VgpuTypeInfo(t.id(), t.name(), t.typeClass(), t.framebufferBytes(), t.maxInstances(),
                    t.creatable(), t.gpuInstanceProfileId(), t.maxInstancesPerVm(), r535 ? -1 : t.placementSize(),
                    r535 ? List.of() : t.supportedPlacements(), free, running, capacity,
                    fact(scenario, NvmlFunction.nvmlVgpuTypeGetBAR1Info, t.bar1Bytes()),
                    fact(scenario, NvmlFunction.nvmlVgpuTypeGetFbReservation, t.fbReservationBytes()),
                    fact(scenario, NvmlFunction.nvmlVgpuTypeGetGspHeapSize, t.gspHeapBytes())));
        }
        List<VgpuInstance> vgpus = new ArrayList<>();
        for (SimVgpu v : h.vgpus()) {
            vgpus.add(vgpu(v, Scenarios.typeOf(h.types(), v.typeId()), newest(h, v.id()), processes(h, v.id()), r535,
                    mixed, cap, fact(scenario, NvmlFunction.nvmlVgpuInstanceGetRuntimeStateSize, v.runtimeStateBytes()), samplePoll));
        }
        return new VgpuHostInfo(h.hostMode(), migOn ? Optional.empty() : Optional.of(h.capabilities()),
                migOn ? Optional.empty() : Optional.of(v2 ? new SchedulerState(h.state().policy(), ArrMode.UNKNOWN,
                        h.state().params()) : h.state()), migOn ? -1 : h.schedulerLog().engineId(),
                migOn ? List.of() : log.subList(Math.max(0, log.size() - VgpuHostInfo.RECENT_LOG_ENTRIES), log.size()),
                migOn ? 0 : log.size(), r535 || h.heterogeneousMode() < 0 ? Toggle.UNKNOWN
                        : Toggle.of(h.heterogeneousMode() == 1), types, vgpus, capabilities(h.vgpuCapabilities()));
    }

    /**
     * The GPU instances' vGPU sides as the scenario holds them (R575 and later, MIG on): per instance with a vGPU side,
     * by id, its state and log (v2 on R580+), its types by id with the capacity counted from the scenario's free
     * placements (one type's placements never overlap: each is one more vGPU, at most the maximum minus those
     * running) and its vGPUs.
     */
    /**
     * The host with its MIG-backed side, and each type's creatable capacity on the GPU the sum of what its GPU
     * instances can still take (0 when no instance offers it, -1 when one does not know).
     */
    private static VgpuHostInfo overInstances(VgpuHostInfo h, Optional<MigBackedVgpu> mb) {
        if (mb.isEmpty()) {
            return h;
        }
        List<VgpuTypeInfo> types = new ArrayList<>();
        for (VgpuTypeInfo t : h.types()) {
            long sum = 0;
            for (var gi : mb.get().gpuInstances()) {
                for (var it : gi.types()) {
                    if (it.typeId() == t.typeId()) {
                        sum = sum < 0 || it.creatableCapacity() < 0 ? -1 : sum + it.creatableCapacity();
                    }
                }
            }
            types.add(new VgpuTypeInfo(t.typeId(), t.name(), t.typeClass(), t.framebufferBytes(), t.maxInstances(),
                    t.creatable(), t.gpuInstanceProfileId(), t.maxInstancesPerVm(), t.placementSize(),
                    t.supportedPlacementIds(), t.creatablePlacementIds(), t.running(), sum, t.bar1Bytes(),
                    t.fbReservationBytes(), t.gspHeapBytes()));
        }
        return new VgpuHostInfo(h.hostMode(), h.schedulerCapabilities(), h.schedulerState(), h.schedulerEngineId(),
                h.recentLogEntries(), h.logEntriesTotal(), h.heterogeneousMode(), types, h.vgpus(),
                h.vgpuCapabilities(), h.runlistShares(), mb);
    }

    static Optional<MigBackedVgpu> migBacked(SimGpu g, Scenario scenario) {
        if (!g.mig().current() || !scenario.driverVersion().matches("(57[5-9]|5[89]\\d|[6-9]\\d\\d)\\..*")) {
            return Optional.empty();
        }
        SimVgpuHost h = g.vgpuHost().orElseThrow();
        boolean v2 = MockNvml.hasSchedulerV2(scenario.driverVersion());
        List<GpuInstanceVgpus> out = new ArrayList<>();
        List<SimGpuInstance> instances = new ArrayList<>(g.gpuInstances());
        instances.sort(Comparator.comparingLong(gi -> gi.instance().id()));
        for (SimGpuInstance gi : instances) {
            if (gi.vgpuHost().isEmpty()) {
                continue;
            }
            SimGpuInstanceVgpus side = gi.vgpuHost().get();
            long giId = gi.instance().id();
            List<SimVgpu> on = h.vgpus().stream().filter(v -> v.gpuInstanceId() == giId)
                    .sorted(Comparator.comparingLong(SimVgpu::id)).toList();
            List<GpuInstanceVgpuType> types = new ArrayList<>();
            List<SimGpuInstanceVgpus.Type> simTypes = new ArrayList<>(side.types());
            simTypes.sort(Comparator.comparingLong(SimGpuInstanceVgpus.Type::typeId));
            for (SimGpuInstanceVgpus.Type t : simTypes) {
                long running = on.stream().filter(v -> v.typeId() == t.typeId()).count();
                long capacity = t.creatable()
                        ? Math.min(t.creatablePlacements().size(), t.maxInstancesPerGpuInstance() - running) : 0;
                types.add(new GpuInstanceVgpuType(t.typeId(), Scenarios.typeOf(h.types(), t.typeId()).name(),
                        t.maxInstancesPerGpuInstance(), t.creatable(), t.creatable() ? t.placementSize() : -1,
                        t.creatable() ? t.creatablePlacements() : List.of(), running, capacity));
            }
            List<SchedulerLogEntry> log = new ArrayList<>(side.schedulerLog().entries());
            log.sort(Comparator.comparingLong(SchedulerLogEntry::timestampNs));
            if (!v2) {
                log.replaceAll(SchedulerLogEntry::withoutWeight);
            }
            SchedulerState st = side.state();
            out.add(new GpuInstanceVgpus(giId, gi.profile().id(),
                    Optional.of(new SchedulerState(st.policy(), ArrMode.UNKNOWN, st.params())),
                    side.schedulerLog().engineId(), log, log.size(), Toggle.of(side.heterogeneousMode() == 1), types,
                    on.stream().map(SimVgpu::id).toList()));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new MigBackedVgpu(out));
    }

    static VgpuUtilizationSample newest(SimVgpuHost h, long id) {
        VgpuUtilizationSample best = null;
        for (VgpuUtilizationSample s : h.utilizationSamples()) {
            if (s.vgpuInstance() == id && (best == null || s.timestampUs() >= best.timestampUs())) {
                best = s;
            }
        }
        return best;
    }

    /** The newest sample of each process in vGPU {@code id}, in the order the processes first appear. */
    static List<VgpuProcessUtilization> processes(SimVgpuHost h, long id) {
        List<VgpuProcessUtilization> out = new ArrayList<>();
        for (VgpuProcessUtilizationSample s : h.processSamples()) {
            if (s.vgpuInstance() != id) {
                continue;
            }
            VgpuProcessUtilization p = new VgpuProcessUtilization(s.pid(), s.processName(), measured(s.smUtil()),
                    measured(s.memUtil()), measured(s.encUtil()), measured(s.decUtil()),
                    NvmlUnits.nanosFromMicros(s.timestampUs()));
            int same = -1;
            for (int i = 0; i < out.size(); i++) {
                same = out.get(i).pid() == p.pid() ? i : same;
            }
            if (same < 0) {
                out.add(p);
            } else if (p.timestampNs() >= out.get(same).timestampNs()) {
                out.set(same, p);
            }
        }
        return out;
    }

    static VgpuInstance vgpu(SimVgpu v, SimVgpuType t, VgpuUtilizationSample s, List<VgpuProcessUtilization> processes,
            boolean r535, boolean mixed, int cap, long runtimeStateBytes, long samplePoll) {
        List<VgpuAccounting> acct = new ArrayList<>();
        if (v.accountingMode()) {
            for (SimVgpu.Accounting a : v.accounting()) {
                if (acct.size() < cap) {
                    acct.add(new VgpuAccounting(a.pid(), a.stats()));
                }
            }
        }
        double nan = Double.NaN;
        return new VgpuInstance(v.id(), v.uuid(), v.typeId(), t.name(), t.typeClass(), v.vmId().id(),
                v.vmId().type(), v.vmDriverVersion().equals("Not Available") ? "" : v.vmDriverVersion(),
                v.fbUsageBytes(), t.framebufferBytes(),
                s == null ? nan : s.sm(), s == null ? nan : s.mem(), s == null ? nan : s.enc(),
                s == null ? nan : s.dec(), s == null || r535 ? nan : s.jpg(), s == null || r535 ? nan : s.ofa(),
                s == null ? -1 : NvmlUnits.nanosFromMicros(s.timestampUs()), v.license().state(),
                measured(v.frameRateLimit()), Toggle.of(v.eccEnabled()), measured(v.encoderCapacity()),
                v.encoderStats().sessionCount(), measured(v.encoderStats().averageFps()),
                NvmlUnits.secondsFromMicros(v.encoderStats().averageLatencyUs()), v.fbcStats().sessionCount(),
                measured(v.fbcStats().averageFps()), NvmlUnits.secondsFromMicros(v.fbcStats().averageLatencyUs()),
                v.gpuInstanceId(),
                mixed ? v.placementId() : -1, Toggle.of(v.accountingMode()), v.accountingMode() ? v.accounting().size() : 0, acct, processes,
                s == null ? -1 : samplePoll, runtimeStateBytes);
    }

    /** A measurement NVML answers as a whole number, -1 (not available) as NaN. */
    private static double measured(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private static long hertz(List<Long> megahertz, int index) {
        return NvmlUnits.hertzFromMegahertz(megahertz.get(index));
    }
}
