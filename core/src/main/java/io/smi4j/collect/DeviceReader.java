package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.Clocks;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.MigInstance;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.UtilizationRates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one GPU: its static facts once per session (handle, UUID, name, PCI bus id, maximum clocks), its
 * readings, MIG and virtualization modes, compute and graphics processes and their utilization every poll (a
 * change of either mode asks again what the GPU refused), and the section its mode calls for from the MIG, vGPU
 * guest and vGPU host readers. A GPU is a vGPU host when its virtualization mode is HOST_VGPU; only then are vGPU
 * host calls made.
 */
final class DeviceReader {

    /** The graphics, SM and memory clocks, now and at most. */
    private static final List<CallPolicy.LongCall> CLOCK = List.of(
            (n, h) -> n.deviceClock(h, ClockType.GRAPHICS),
            (n, h) -> n.deviceClock(h, ClockType.SM),
            (n, h) -> n.deviceClock(h, ClockType.MEMORY));
    private static final List<CallPolicy.Call<Long>> MAX_CLOCK = List.of(
            (n, h) -> n.deviceMaxClock(h, ClockType.GRAPHICS),
            (n, h) -> n.deviceMaxClock(h, ClockType.SM),
            (n, h) -> n.deviceMaxClock(h, ClockType.MEMORY));
    /** PIDs come and go: past this many the cache of process names starts again. */
    private static final int PROCESS_NAMES = 4096;

    private final CallPolicy calls;
    private final MigReader migs;
    private final VgpuGuestReader guests;
    private final VgpuHostReader hosts;
    private final Map<Long, String> processNames = new HashMap<>();

    DeviceReader(CallPolicy calls, MigReader migs, VgpuGuestReader guests, VgpuHostReader hosts) {
        this.calls = calls;
        this.migs = migs;
        this.guests = guests;
        this.hosts = hosts;
    }

    GpuInfo read(GpuState g) {
        CallTarget t = g.target;
        if (g.handle == 0) {
            g.handle = calls.getLong(t, nvmlDeviceGetHandleByIndex_v2, (n, i) -> n.deviceHandleByIndex((int) i),
                    g.index, 0);
            if (g.handle == 0) {
                // lost or not: without a handle nothing identifies the GPU (what is known of it is kept)
                String why = t.failure() != null || !t.suspended(nvmlDeviceGetHandleByIndex_v2) ? t.failure()
                        : "nvmlDeviceGetHandleByIndex_v2 failed in " + CallPolicy.PERSISTENT_POLLS
                                + " polls in a row; asked again every " + CallPolicy.REPROBE_POLLS + " polls";
                return unread(g, new GpuHealth(t.lost() ? GpuHealth.State.LOST : GpuHealth.State.UNAVAILABLE, why));
            }
        }
        long h = g.handle;
        if (g.uuid == null) {
            g.uuid = calls.get(t, nvmlDeviceGetUUID, Nvml::deviceUuid, h, null);
        }
        if (g.name == null) {
            g.name = calls.get(t, nvmlDeviceGetName, Nvml::deviceName, h, null);
        }
        if (g.pciBusId == null) {
            PciInfo pci = calls.get(t, nvmlDeviceGetPciInfo_v3, Nvml::devicePciInfo, h, null);
            g.pciBusId = pci == null ? null : pci.busId();
        }
        // read every poll, as the MIG mode is: a change of mode re-probes what the GPU refused in the old one
        VirtualizationMode virtualization = calls.get(t, nvmlDeviceGetVirtualizationMode,
                Nvml::deviceVirtualizationMode, h, null);
        if (!t.supports(nvmlDeviceGetVirtualizationMode)) {
            virtualization = VirtualizationMode.NONE; // a GPU without virtualization support is bare metal
        }
        if (virtualization != null) {
            if (g.virtualization != null && g.virtualization != virtualization) {
                g.reprobe();
            }
            g.virtualization = virtualization;
        }
        MemoryInfo memory = calls.get(t, nvmlDeviceGetMemoryInfo_v2, Nvml::deviceMemoryInfo, h, null);
        long total = memory == null ? -1 : memory.totalBytes();
        UtilizationRates util = calls.get(t, nvmlDeviceGetUtilizationRates, Nvml::deviceUtilizationRates, h, null);
        double temperature = calls.measured(t, nvmlDeviceGetTemperature, Nvml::deviceTemperature, h);
        double power = NvmlUnits.wattsFromMilliwatts(
                calls.getLong(t, nvmlDeviceGetPowerUsage, Nvml::devicePowerUsage, h, Nvml.NOT_AVAILABLE));
        double powerLimit = NvmlUnits.wattsFromMilliwatts(calls.getLong(t, nvmlDeviceGetEnforcedPowerLimit,
                Nvml::deviceEnforcedPowerLimit, h, Nvml.NOT_AVAILABLE));
        Clocks clocks = clocks(g);
        double fan = calls.measured(t, nvmlDeviceGetFanSpeed, Nvml::deviceFanSpeed, h);
        int pstate = (int) calls.getLong(t, nvmlDeviceGetPerformanceState, Nvml::devicePerformanceState, h, -1);
        EccMode ecc = calls.get(t, nvmlDeviceGetEccMode, Nvml::deviceEccMode, h, null);
        MigMode mig = calls.get(t, nvmlDeviceGetMigMode, Nvml::deviceMigMode, h, null);
        if (mig != null && g.migCurrent != null && g.migCurrent != mig.current()) {
            g.reprobe(); // what the GPU refused in one MIG mode (utilization, the vGPU scheduler) it may answer now
        }
        if (mig != null) {
            g.migCurrent = mig.current();
        }
        List<GpuProcess> processes = processes(g);
        Toggle migMode = mig == null ? Toggle.UNKNOWN : Toggle.of(mig.current());
        List<MigInstance> migInstances = migMode == Toggle.ON ? migs.read(g) : List.of();
        VirtualizationMode virt = g.virtualization == null ? VirtualizationMode.UNKNOWN : g.virtualization;
        Optional<VgpuGuestInfo> guest = virt == VirtualizationMode.VGPU_GUEST ? Optional.of(guests.read(g))
                : Optional.empty();
        Optional<VgpuHostInfo> host = virt == VirtualizationMode.HOST_VGPU ? Optional.of(hosts.read(g))
                : Optional.empty();
        if (t.lost()) {
            // what was read before the GPU fell off the bus is not this poll's state of a working GPU
            return unread(g, new GpuHealth(GpuHealth.State.LOST, t.failure()));
        }
        GpuHealth health = t.failure() == null && t.staleLists().isEmpty() ? GpuHealth.OK
                : new GpuHealth(GpuHealth.State.DEGRADED, t.failure() != null ? t.failure()
                        : "a list call fails persistently: the last list read is shown", t.staleLists());
        return new GpuInfo(g.index, orEmpty(g.uuid), orEmpty(g.name), orEmpty(g.pciBusId), virt,
                util == null ? Double.NaN : calls.percent(nvmlDeviceGetUtilizationRates, NvmlUnits.measured(util.gpuPercent())),
                util == null ? Double.NaN
                        : calls.percent(nvmlDeviceGetUtilizationRates, NvmlUnits.measured(util.memoryPercent())),
                total, memory == null ? -1 : calls.used(nvmlDeviceGetMemoryInfo_v2, memory.usedBytes(), total),
                memory == null ? -1 : calls.free(nvmlDeviceGetMemoryInfo_v2, memory.freeBytes(), total),
                memory == null ? -1 : memory.reservedBytes(),
                temperature, power, powerLimit, clocks, fan, pstate,
                ecc == null ? Toggle.UNKNOWN : Toggle.of(ecc.current()), migMode, processes, migInstances, host, guest,
                health);
    }

    /** A GPU not read in this poll: only what identifies it, as far as it is known, and why. */
    private static GpuInfo unread(GpuState g, GpuHealth health) {
        double na = Double.NaN;
        VirtualizationMode virt = g.virtualization == null ? VirtualizationMode.UNKNOWN : g.virtualization;
        return new GpuInfo(g.index, orEmpty(g.uuid), orEmpty(g.name), orEmpty(g.pciBusId), virt, na, na, -1, -1, -1,
                -1, na, na, na, Clocks.NOT_AVAILABLE, na, -1, Toggle.UNKNOWN, Toggle.UNKNOWN, List.of(), List.of(),
                Optional.empty(), Optional.empty(), health);
    }

    private Clocks clocks(GpuState g) {
        return new Clocks(clock(g, 0), clock(g, 1), clock(g, 2), max(g, 0), max(g, 1), max(g, 2));
    }

    /** Clock {@code k} now, in hertz; its maximum is read first, once per session and clock domain. */
    private long clock(GpuState g, int k) {
        CallTarget domain = g.clockDomains[k];
        if (g.maxClocksHz[k] == null) {
            Long mhz = calls.get(domain, nvmlDeviceGetMaxClockInfo, MAX_CLOCK.get(k), g.handle, null);
            if (mhz != null) {
                g.maxClocksHz[k] = NvmlUnits.hertzFromMegahertz(mhz);
            } else if (!domain.supports(nvmlDeviceGetMaxClockInfo)) {
                g.maxClocksHz[k] = -1L;
            }
        }
        return NvmlUnits.hertzFromMegahertz(
                calls.getLong(domain, nvmlDeviceGetClockInfo, CLOCK.get(k), g.handle, Nvml.NOT_AVAILABLE));
    }

    private static long max(GpuState g, int k) {
        return g.maxClocksHz[k] == null ? -1 : g.maxClocksHz[k];
    }

    /**
     * The compute and graphics processes, a process in both lists once (its memory: the larger of the two, as both
     * report the same process), each with its newest utilization sample while that is current.
     */
    private List<GpuProcess> processes(GpuState g) {
        List<ProcessInfo> compute = calls.list(g.processes, GpuHealth.ListKind.PROCESSES, g.target,
                nvmlDeviceGetComputeRunningProcesses_v3, Nvml::deviceComputeRunningProcesses, g.handle);
        List<ProcessInfo> graphics = calls.list(g.graphicsProcesses, GpuHealth.ListKind.GRAPHICS_PROCESSES, g.target,
                nvmlDeviceGetGraphicsRunningProcesses_v3, Nvml::deviceGraphicsRunningProcesses, g.handle);
        Map<Long, ProcessInfo> infos = new LinkedHashMap<>();
        Map<Long, GpuProcess.Type> types = new HashMap<>();
        for (ProcessInfo p : compute == null ? List.<ProcessInfo>of() : compute) {
            infos.merge(p.pid(), p, DeviceReader::larger);
            types.put(p.pid(), GpuProcess.Type.COMPUTE);
        }
        for (ProcessInfo p : graphics == null ? List.<ProcessInfo>of() : graphics) {
            infos.merge(p.pid(), p, DeviceReader::larger);
            types.merge(p.pid(), GpuProcess.Type.GRAPHICS,
                    (a, b) -> a == GpuProcess.Type.COMPUTE ? GpuProcess.Type.COMPUTE_GRAPHICS : a);
        }
        if (infos.isEmpty()) {
            g.processSamples.clear();
            return List.of();
        }
        readProcessUtilization(g);
        g.processSamples.keySet().retainAll(infos.keySet()); // forget processes that ended
        if (processNames.size() > PROCESS_NAMES) {
            processNames.clear();
        }
        List<GpuProcess> out = new ArrayList<>(infos.size());
        for (ProcessInfo p : infos.values()) {
            String name = processNames.get(p.pid());
            if (name == null && calls.worthCalling(g.target)) {
                // a system call, but only worth making while this GPU answers
                name = calls.get(calls.system(), nvmlSystemGetProcessName, Nvml::systemProcessName, p.pid(), null);
                if (name != null) {
                    processNames.put(p.pid(), name);
                }
            }
            GpuState.ProcessSample ps = g.processSamples.get(p.pid());
            // a sample no newer one followed for a while is not this poll's: an idle process's last busy value
            ProcessUtilizationSample s = ps == null || calls.poll() - ps.poll() >= GpuProcess.STALE_AFTER_POLLS
                    ? null : ps.sample();
            out.add(new GpuProcess(p.pid(), orEmpty(name), p.usedGpuMemoryBytes(), p.gpuInstanceId(),
                    p.computeInstanceId(), types.get(p.pid()), util(s, s == null ? 0 : s.smUtil()),
                    util(s, s == null ? 0 : s.memUtil()), util(s, s == null ? 0 : s.encUtil()),
                    util(s, s == null ? 0 : s.decUtil()), util(s, s == null ? 0 : s.jpgUtil()),
                    util(s, s == null ? 0 : s.ofaUtil()),
                    ps == null ? -1 : NvmlUnits.nanosFromMicros(ps.sample().timestampUs())));
        }
        return out;
    }

    private static ProcessInfo larger(ProcessInfo a, ProcessInfo b) {
        return b.usedGpuMemoryBytes() > a.usedGpuMemoryBytes() ? b : a;
    }

    private static double util(ProcessUtilizationSample s, long percent) {
        return s == null || percent < 0 ? Double.NaN : percent;
    }

    /**
     * The process utilization samples newer than the last one seen, from {@code nvmlDeviceGetProcessesUtilizationInfo}
     * where the driver has it (R550+), else {@code nvmlDeviceGetProcessUtilization}; each PID keeps its newest. As
     * for vGPUs: no sample for a while asks for all the driver holds (its clock may have gone backwards), and a
     * sample from the future is skipped (as the cursor it would hide every later one).
     */
    private void readProcessUtilization(GpuState g) {
        CallTarget t = g.target;
        boolean rewind = g.lastProcessSampleUs > 0
                && calls.poll() - g.lastProcessArrivalPoll >= GpuProcess.STALE_AFTER_POLLS;
        long cursor = rewind ? 0 : g.lastProcessSampleUs;
        List<ProcessUtilizationSample> samples = calls.get(t, nvmlDeviceGetProcessesUtilizationInfo,
                Nvml::deviceProcessesUtilizationInfo, g.handle, cursor, null);
        if (samples == null && !t.supports(nvmlDeviceGetProcessesUtilizationInfo)) {
            samples = calls.get(t, nvmlDeviceGetProcessUtilization, Nvml::deviceProcessUtilization, g.handle, cursor,
                    null);
        }
        if (samples == null) {
            return;
        }
        if (rewind) {
            g.lastProcessSampleUs = 0;
        }
        NvmlFunction f = t.supports(nvmlDeviceGetProcessesUtilizationInfo) ? nvmlDeviceGetProcessesUtilizationInfo
                : nvmlDeviceGetProcessUtilization;
        for (ProcessUtilizationSample s : samples) {
            if (calls.future(f, s.timestampUs())) {
                continue;
            }
            g.lastProcessSampleUs = Math.max(g.lastProcessSampleUs, s.timestampUs());
            GpuState.ProcessSample kept = g.processSamples.get(s.pid());
            if (kept != null && s.timestampUs() <= kept.sample().timestampUs()) {
                continue; // not new (after a rewind the same newest sample comes again)
            }
            g.lastProcessArrivalPoll = calls.poll();
            // checked once, when read: an impossible value is not available, not 4.29e9 percent
            g.processSamples.put(s.pid(), new GpuState.ProcessSample(new ProcessUtilizationSample(s.pid(),
                    s.timestampUs(), checked(f, s.smUtil()), checked(f, s.memUtil()), checked(f, s.encUtil()),
                    checked(f, s.decUtil()), checked(f, s.jpgUtil()), checked(f, s.ofaUtil())), calls.poll()));
        }
    }

    /** A percent checked against 0..100 (counted as an anomaly otherwise), -1 when not available. */
    private long checked(NvmlFunction f, long percent) {
        if (percent < 0) {
            return -1;
        }
        double p = calls.percent(f, percent);
        return Double.isNaN(p) ? -1 : percent;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
