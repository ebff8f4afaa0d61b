package io.smi4j.collect;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.CallError;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.Clocks;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.GridLicense;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.MigInstance;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link GpuReader} over the {@link Nvml} port: GPUs, their processes, MIG instances, and on
 * vGPU hosts a {@link VgpuHostInfo} per GPU; inside a VM a {@link VgpuGuestInfo}.
 *
 * <h2>What is read when</h2>
 * <ul>
 *   <li>The library is opened and NVML initialised on the first {@link #read()}, so on the
 *       poller's thread. No library: {@link HostStatus#NO_LIBRARY}; no kernel driver:
 *       {@link HostStatus#NO_DRIVER}; init failing otherwise: {@link HostStatus#ERROR}. Failed
 *       attempts, and a lost GPU or driver (a fatal code such as GPU_IS_LOST), are retried by
 *       shutting NVML down and initialising it again with back-off: after 1, 2, 4 ... at most 32 polls.</li>
 *   <li>Static facts are read once per session: names, UUIDs, PCI ids, virtualization mode, maximum
 *       clocks, vGPU host mode and scheduler capabilities, vGPU type names, classes, framebuffer sizes
 *       and maximum instances, and per vGPU instance its UUID, type, VM, ECC, frame-rate limit and
 *       accounting mode. Everything else is read every poll.</li>
 *   <li>A GPU is a vGPU host when its virtualization mode is HOST_VGPU; only then are vGPU host
 *       calls made. A call answering NOT_SUPPORTED (or FUNCTION_NOT_FOUND: the driver lacks it) is
 *       remembered per device and not made again this session; it is not an error.</li>
 *   <li>vGPU utilization is read incrementally from the newest timestamp seen, with the R550
 *       {@code nvmlDeviceGetVgpuInstancesUtilizationInfo} when the driver has it, else
 *       {@code nvmlDeviceGetVgpuUtilization}; each vGPU keeps its newest sample. Scheduler log
 *       entries are reported once each, by timestamp, in the first poll that sees them.</li>
 *   <li>Any other failure costs only the value concerned (-1, {@code ""}, empty) and is recorded
 *       as a {@link CallError}. A vGPU answering NOT_FOUND was destroyed since the enumeration and is
 *       left out of the snapshot.</li>
 * </ul>
 *
 * <p>Single-threaded like the port: only the poller thread calls {@link #read()}. {@link #session()}
 * lends the open session to code that runs on that thread or holds the reader's monitor.
 */
public final class NvmlGpuReader implements GpuReader {

    /** Back-off cap: retry a broken session at least every 2^5 polls. */
    private static final int MAX_BACKOFF_SHIFT = 5;
    private static final String NOT_AVAILABLE_TEXT = "Not Available";

    // per-device call bits: a set bit means the device answered NOT_SUPPORTED for that call
    private static final int UTIL = 0;
    private static final int TEMP = 1;
    private static final int POWER = 2;
    private static final int POWER_LIMIT = 3;
    private static final int CLOCK = 4; // + ClockType ordinal (3 clocks read)
    private static final int MAX_CLOCK = 8; // + ClockType ordinal
    private static final int FAN = 12;
    private static final int PSTATE = 13;
    private static final int ECC = 14;
    private static final int MIG_MODE = 15;
    private static final int PROCESSES = 16;
    private static final int VIRT_MODE = 17;
    private static final int GRID = 18;
    private static final int HOST_MODE = 19;
    private static final int CAPS = 20;
    private static final int SCHED_STATE = 21;
    private static final int SCHED_LOG = 22;
    private static final int HETERO = 23;
    private static final int CREATABLE = 24;
    private static final int UTIL_INFO = 25;
    private static final int UTIL_V1 = 26;
    private static final int SUPPORTED = 27;
    private static final int MEMORY = 28;
    private static final int MIG_MAX = 29;
    private static final int ACTIVE = 30;
    private static final int PCI = 31;

    // per-vGPU call bits
    private static final int V_LICENSE_INFO = 0;
    private static final int V_LICENSE_STATUS = 1;
    private static final int V_ENC_CAP = 2;
    private static final int V_ENC_STATS = 3;
    private static final int V_ECC = 4;
    private static final int V_FRL = 5;
    private static final int V_GI = 6;
    private static final int V_ACCT_MODE = 7;
    private static final int V_DRIVER = 8;
    private static final int V_VMID = 9;

    private final Supplier<? extends Nvml> opener;
    private final int accountingPidCap;
    private final ArrayList<CallError> errors = new ArrayList<>();
    /**
     * Scheduler log entries seen per GPU index: survives re-initialisation, and a poll whose UUID read failed
     * (a GPU's log is never reported as "nothing seen yet" once it was seen).
     */
    private final Map<Integer, SchedulerLogHistory> logs = new HashMap<>();
    /** Failed calls since the collector started, by function and code; the list is rebuilt only after a failure. */
    private final Map<CallKey, long[]> errorTotals = new java.util.LinkedHashMap<>();
    private List<CallErrorTotal> errorTotalsList = List.of();
    /** vGPU type facts by type id, per session. */
    private final Map<Long, TypeFacts> typeFacts = new HashMap<>();
    private final Map<Long, String> processNames = new HashMap<>();

    private String hostName;
    private Nvml nvml;
    private boolean initialized;
    private boolean reinitRequested;
    private int failedAttempts;
    private long nextAttempt;
    private long sequence;
    private HostStatus downStatus = HostStatus.ERROR;
    private String downDetail = "";

    private String driverVersion;
    private String nvmlVersion;
    private String cudaVersion;
    private Device[] devices = new Device[0];

    // per poll
    private boolean fatal;
    private boolean gpuLost;
    private String fatalDetail = "";
    private String countFailure;

    /**
     * @param opener            loads the library (throwing {@link NvmlException} LIBRARY_NOT_FOUND when there is
     *                          none); called on the first {@link #read()}, on the reading thread
     * @param accountingPidCap  at most this many PIDs per vGPU get accounting stats each poll
     */
    public NvmlGpuReader(Supplier<? extends Nvml> opener, int accountingPidCap) {
        this.opener = Objects.requireNonNull(opener, "opener");
        if (accountingPidCap < 0) {
            throw new IllegalArgumentException("accounting PID cap must be >= 0, was " + accountingPidCap);
        }
        this.accountingPidCap = accountingPidCap;
    }

    /** A reader over an already loaded {@code nvml}, initialised on the first read. */
    public NvmlGpuReader(Nvml nvml, int accountingPidCap) {
        this(() -> nvml, accountingPidCap);
    }

    /**
     * The open, initialised session, for callers that must use the same NVML session as the
     * reader (scheduler control); empty while NVML is not usable. Callers synchronise on this
     * reader while using it, as {@link #read()} does.
     */
    public synchronized Optional<Nvml> session() {
        return initialized && !reinitRequested ? Optional.of(nvml) : Optional.empty();
    }

    @Override
    public synchronized HostSnapshot read() {
        long sequenceNow = ++sequence;
        Instant time = Instant.now();
        long start = System.nanoTime();
        errors.clear();
        fatal = false;
        gpuLost = false;
        if (hostName == null) {
            hostName = localHostName();
        }
        boolean attempted = false;
        try {
            if ((!initialized || reinitRequested) && sequenceNow >= nextAttempt) {
                attempted = true;
                open(sequenceNow);
            }
            if (!initialized) {
                return snapshot(sequenceNow, time, start, downStatus, downDetail, List.of());
            }
            countFailure = null;
            List<GpuInfo> gpus = poll();
            if (fatal || gpuLost) {
                // back off from the first failure and from each failed re-initialisation
                if (!reinitRequested || attempted) {
                    backOff(sequenceNow);
                }
                reinitRequested = true;
                return snapshot(sequenceNow, time, start, HostStatus.ERROR, fatalDetail, gpus);
            }
            if (countFailure != null) {
                return snapshot(sequenceNow, time, start, HostStatus.ERROR, countFailure, gpus);
            }
            return snapshot(sequenceNow, time, start, HostStatus.OK, "", gpus);
        } catch (RuntimeException e) {
            // the port promises NvmlException only; anything else must still not escape into the poller
            reinitRequested = true;
            backOff(sequenceNow);
            return snapshot(sequenceNow, time, start, HostStatus.ERROR, String.valueOf(e), List.of());
        }
    }

    @Override
    public synchronized void close() {
        if (nvml != null) {
            try {
                nvml.close();
            } catch (RuntimeException e) {
                // closing is best effort; nothing to report to
            }
        }
        nvml = null;
        initialized = false;
    }

    // ---- session ----

    private void open(long sequenceNow) {
        if (nvml == null) {
            try {
                nvml = opener.get();
            } catch (NvmlException e) {
                down(sequenceNow, e.result() == NvmlReturn.LIBRARY_NOT_FOUND ? HostStatus.NO_LIBRARY : HostStatus.ERROR,
                        e.getMessage());
                return;
            } catch (RuntimeException | LinkageError e) {
                // e.g. JNA itself missing or broken: still a snapshot, never an exception into the poller
                down(sequenceNow, HostStatus.ERROR, "cannot load NVML: " + e);
                return;
            }
        }
        if (initialized) {
            try {
                nvml.shutdown();
            } catch (NvmlException e) {
                // the old session is broken anyway
            }
            initialized = false;
        }
        if (nvmlVersion == null) {
            try {
                nvmlVersion = nvml.systemNvmlVersion();
            } catch (NvmlException e) {
                // answered before init on real drivers; without it the snapshot says ""
            }
        }
        try {
            nvml.init();
        } catch (NvmlException e) {
            down(sequenceNow, e.result() == NvmlReturn.DRIVER_NOT_LOADED ? HostStatus.NO_DRIVER : HostStatus.ERROR,
                    e.getMessage());
            return;
        }
        initialized = true;
        reinitRequested = false;
        devices = new Device[0];
        typeFacts.clear();
        driverVersion = null;
        cudaVersion = null;
    }

    private void down(long sequenceNow, HostStatus status, String detail) {
        downStatus = status;
        downDetail = detail == null ? "" : detail;
        backOff(sequenceNow);
    }

    private void backOff(long sequenceNow) {
        failedAttempts++;
        nextAttempt = sequenceNow + (1L << Math.min(failedAttempts - 1, MAX_BACKOFF_SHIFT));
    }

    private HostSnapshot snapshot(long seq, Instant time, long start, HostStatus status, String detail,
            List<GpuInfo> gpus) {
        if (status == HostStatus.OK && !reinitRequested) {
            failedAttempts = 0;
        }
        if (!errors.isEmpty()) {
            List<CallErrorTotal> totals = new ArrayList<>(errorTotals.size());
            errorTotals.forEach((k, n) -> totals.add(new CallErrorTotal(k.call(), k.code(), n[0])));
            errorTotalsList = List.copyOf(totals);
        }
        return new HostSnapshot(hostName, seq, time, Duration.ofNanos(System.nanoTime() - start), status, detail,
                orEmpty(driverVersion), orEmpty(nvmlVersion), orEmpty(cudaVersion), gpus, errors, errorTotalsList);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | SecurityException e) {
            return "localhost";
        }
    }

    // ---- failure accounting ----

    /**
     * Classifies a failed call: NOT_SUPPORTED / FUNCTION_NOT_FOUND sets the device's bit and is not an
     * error; anything else is recorded; a fatal code marks the device lost for this poll (GPU_IS_LOST)
     * or the whole session broken.
     */
    private void failed(NvmlException e, Device d, int bit, long vgpu) {
        if (e.isNotSupported()) {
            if (d != null && bit >= 0) {
                d.unsupported |= 1L << bit;
            }
            return;
        }
        errors.add(new CallError(d == null ? -1 : d.index, vgpu, e.call(), e.code()));
        errorTotals.computeIfAbsent(new CallKey(e.call(), e.code()), k -> new long[1])[0]++;
        if (e.isFatal()) {
            if (!fatal && !gpuLost) {
                fatalDetail = (d == null ? "" : "GPU " + d.index + ": ") + e.getMessage();
            }
            if (d != null && e.result() == NvmlReturn.GPU_IS_LOST) {
                d.lost = true; // only this GPU: the others are still worth reading
                gpuLost = true;
            } else {
                fatal = true;
            }
        }
    }

    // ---- the poll ----

    private List<GpuInfo> poll() {
        if (driverVersion == null) {
            try {
                driverVersion = nvml.systemDriverVersion();
            } catch (NvmlException e) {
                failed(e, null, -1, -1);
            }
        }
        if (cudaVersion == null) {
            try {
                int v = nvml.systemCudaDriverVersion();
                cudaVersion = (v / 1000) + "." + (v % 1000) / 10;
            } catch (NvmlException e) {
                failed(e, null, -1, -1);
            }
        }
        int count;
        try {
            count = nvml.deviceCount();
        } catch (NvmlException e) {
            failed(e, null, -1, -1);
            if (fatal || devices.length == 0) {
                countFailure = e.getMessage();
                return List.of();
            }
            count = devices.length; // a transient failure: the GPUs known this session are still there
        }
        if (devices.length != count) {
            Device[] grown = new Device[count];
            System.arraycopy(devices, 0, grown, 0, Math.min(count, devices.length));
            devices = grown;
        }
        List<GpuInfo> gpus = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (devices[i] == null) {
                devices[i] = new Device(i);
            }
            Device d = devices[i];
            d.lost = false;
            gpus.add(readGpu(d));
            if (fatal) {
                break; // the session itself is broken: the rest would only fail the same way
            }
        }
        return gpus;
    }

    private GpuInfo readGpu(Device d) {
        if (d.handle == 0) {
            try {
                d.handle = nvml.deviceHandleByIndex(d.index);
            } catch (NvmlException e) {
                failed(e, d, -1, -1);
                return unavailableGpu(d);
            }
        }
        long h = d.handle;
        if (d.uuid == null && live(d)) {
            try {
                d.uuid = nvml.deviceUuid(h);
            } catch (NvmlException e) {
                failed(e, d, -1, -1);
            }
        }
        if (d.name == null && live(d)) {
            try {
                d.name = nvml.deviceName(h);
            } catch (NvmlException e) {
                failed(e, d, -1, -1);
            }
        }
        if (d.pciBusId == null && can(d, PCI)) {
            try {
                PciInfo pci = nvml.devicePciInfo(h);
                d.pciBusId = pci.busId();
            } catch (NvmlException e) {
                failed(e, d, PCI, -1);
            }
        }
        if (d.virtualization == null && live(d)) {
            if (can(d, VIRT_MODE)) {
                try {
                    d.virtualization = nvml.deviceVirtualizationMode(h);
                } catch (NvmlException e) {
                    failed(e, d, VIRT_MODE, -1);
                }
            }
            if (d.unsupported(VIRT_MODE)) {
                d.virtualization = VirtualizationMode.NONE; // a GPU without virtualization support is bare metal
            }
        }
        long memTotal = -1;
        long memUsed = -1;
        long memFree = -1;
        long memReserved = -1;
        if (can(d, MEMORY)) {
            try {
                MemoryInfo m = nvml.deviceMemoryInfo(h);
                memTotal = m.totalBytes();
                memUsed = m.usedBytes();
                memFree = m.freeBytes();
                memReserved = m.reservedBytes();
            } catch (NvmlException e) {
                failed(e, d, MEMORY, -1);
            }
        }
        double utilGpu = Double.NaN;
        double utilMem = Double.NaN;
        if (can(d, UTIL)) {
            try {
                UtilizationRates u = nvml.deviceUtilizationRates(h);
                utilGpu = NvmlUnits.measured(u.gpuPercent());
                utilMem = NvmlUnits.measured(u.memoryPercent());
            } catch (NvmlException e) {
                failed(e, d, UTIL, -1);
            }
        }
        double temperature = Double.NaN;
        if (can(d, TEMP)) {
            try {
                temperature = NvmlUnits.measured(nvml.deviceTemperature(h));
            } catch (NvmlException e) {
                failed(e, d, TEMP, -1);
            }
        }
        double power = Double.NaN;
        if (can(d, POWER)) {
            try {
                power = NvmlUnits.wattsFromMilliwatts(nvml.devicePowerUsage(h));
            } catch (NvmlException e) {
                failed(e, d, POWER, -1);
            }
        }
        double powerLimit = Double.NaN;
        if (can(d, POWER_LIMIT)) {
            try {
                powerLimit = NvmlUnits.wattsFromMilliwatts(nvml.deviceEnforcedPowerLimit(h));
            } catch (NvmlException e) {
                failed(e, d, POWER_LIMIT, -1);
            }
        }
        Clocks clocks = readClocks(d);
        double fan = Double.NaN;
        if (can(d, FAN)) {
            try {
                fan = NvmlUnits.measured(nvml.deviceFanSpeed(h));
            } catch (NvmlException e) {
                failed(e, d, FAN, -1);
            }
        }
        int pstate = -1;
        if (can(d, PSTATE)) {
            try {
                pstate = nvml.devicePerformanceState(h);
            } catch (NvmlException e) {
                failed(e, d, PSTATE, -1);
            }
        }
        Toggle ecc = Toggle.UNKNOWN;
        if (can(d, ECC)) {
            try {
                EccMode m = nvml.deviceEccMode(h);
                ecc = Toggle.of(m.current());
            } catch (NvmlException e) {
                failed(e, d, ECC, -1);
            }
        }
        Toggle mig = Toggle.UNKNOWN;
        if (can(d, MIG_MODE)) {
            try {
                MigMode m = nvml.deviceMigMode(h);
                mig = Toggle.of(m.current());
            } catch (NvmlException e) {
                failed(e, d, MIG_MODE, -1);
            }
        }
        List<GpuProcess> processes = readProcesses(d);
        List<MigInstance> migInstances = mig == Toggle.ON ? readMig(d) : List.of();
        VirtualizationMode virt = d.virtualization == null ? VirtualizationMode.UNKNOWN : d.virtualization;
        Optional<VgpuGuestInfo> guest = virt == VirtualizationMode.VGPU_GUEST ? readGuest(d) : Optional.empty();
        Optional<VgpuHostInfo> host = virt == VirtualizationMode.HOST_VGPU ? Optional.of(readHost(d))
                : Optional.empty();
        return new GpuInfo(d.index, orEmpty(d.uuid), orEmpty(d.name), orEmpty(d.pciBusId), virt, utilGpu, utilMem,
                memTotal, memUsed, memFree, memReserved, temperature, power, powerLimit, clocks, fan, pstate, ecc,
                mig, processes, migInstances, host, guest);
    }

    private GpuInfo unavailableGpu(Device d) {
        double na = Double.NaN;
        return new GpuInfo(d.index, "", "", "", VirtualizationMode.UNKNOWN, na, na, -1, -1, -1, -1, na, na, na,
                Clocks.NOT_AVAILABLE, na, -1, Toggle.UNKNOWN, Toggle.UNKNOWN, List.of(), List.of(),
                Optional.empty(), Optional.empty());
    }

    /** A device is worth calling unless it was lost or the session broke during this poll. */
    private boolean live(Device d) {
        return !d.lost && !fatal;
    }

    /** Call {@code bit} on {@code d} unless it answered NOT_SUPPORTED before, or the device or session broke. */
    private boolean can(Device d, int bit) {
        return !d.unsupported(bit) && !d.lost && !fatal;
    }

    private static final ClockType[] CLOCKS = {ClockType.GRAPHICS, ClockType.SM, ClockType.MEMORY};

    private Clocks readClocks(Device d) {
        long[] now = {-1, -1, -1};
        for (int k = 0; k < CLOCKS.length; k++) {
            if (d.maxClocks[k] == Long.MIN_VALUE && can(d, MAX_CLOCK + k)) {
                try {
                    d.maxClocks[k] = NvmlUnits.hertzFromMegahertz(nvml.deviceMaxClock(d.handle, CLOCKS[k]));
                } catch (NvmlException e) {
                    failed(e, d, MAX_CLOCK + k, -1);
                }
            }
            if (can(d, CLOCK + k)) {
                try {
                    now[k] = NvmlUnits.hertzFromMegahertz(nvml.deviceClock(d.handle, CLOCKS[k]));
                } catch (NvmlException e) {
                    failed(e, d, CLOCK + k, -1);
                }
            }
        }
        return new Clocks(now[0], now[1], now[2], max(d, 0), max(d, 1), max(d, 2));
    }

    private static long max(Device d, int k) {
        return d.maxClocks[k] == Long.MIN_VALUE ? -1 : d.maxClocks[k];
    }

    private List<GpuProcess> readProcesses(Device d) {
        if (!can(d, PROCESSES)) {
            return List.of();
        }
        List<ProcessInfo> infos;
        try {
            infos = nvml.deviceComputeRunningProcesses(d.handle);
        } catch (NvmlException e) {
            failed(e, d, PROCESSES, -1);
            return List.of();
        }
        if (infos.isEmpty()) {
            return List.of();
        }
        if (processNames.size() > 4096) {
            processNames.clear(); // PIDs come and go; keep the cache bounded
        }
        List<GpuProcess> out = new ArrayList<>(infos.size());
        for (ProcessInfo p : infos) {
            String name = processNames.get(p.pid());
            if (name == null && live(d)) {
                try {
                    name = nvml.systemProcessName(p.pid());
                    processNames.put(p.pid(), name);
                } catch (NvmlException e) {
                    if (e.result() != NvmlReturn.NOT_FOUND) { // NOT_FOUND: the process just ended
                        failed(e, null, -1, -1);
                    }
                }
            }
            out.add(new GpuProcess(p.pid(), orEmpty(name), p.usedGpuMemoryBytes(), p.gpuInstanceId(),
                    p.computeInstanceId()));
        }
        return out;
    }

    // ---- MIG ----

    private List<MigInstance> readMig(Device d) {
        if (d.migMax < 0 && can(d, MIG_MAX)) {
            try {
                d.migMax = nvml.deviceMaxMigDeviceCount(d.handle);
            } catch (NvmlException e) {
                failed(e, d, MIG_MAX, -1);
            }
        }
        List<MigInstance> out = new ArrayList<>(Math.max(d.migMax, 0));
        for (int slot = 0; slot < d.migMax && live(d); slot++) {
            long mh;
            try {
                mh = nvml.deviceMigDeviceHandleByIndex(d.handle, slot);
            } catch (NvmlException e) {
                if (e.result() != NvmlReturn.NOT_FOUND) { // NOT_FOUND: an unused slot
                    failed(e, d, -1, -1);
                }
                continue;
            }
            String uuid = "";
            String name = "";
            long gi = -1;
            long ci = -1;
            long memTotal = -1;
            long memUsed = -1;
            try {
                uuid = nvml.deviceUuid(mh);
                name = nvml.deviceName(mh);
                gi = nvml.deviceGpuInstanceId(mh);
                ci = nvml.deviceComputeInstanceId(mh);
                MemoryInfo m = nvml.deviceMemoryInfo(mh);
                memTotal = m.totalBytes();
                memUsed = m.usedBytes();
            } catch (NvmlException e) {
                failed(e, d, -1, -1);
            }
            GpuInstanceProfile profile = gi < 0 ? null : giProfile(d, gi);
            out.add(new MigInstance(uuid, name, gi, ci, profile == null ? -1 : profile.id(),
                    profile == null ? -1 : profile.sliceCount(), profile == null ? -1 : profile.multiprocessorCount(),
                    memTotal, memUsed));
        }
        return out;
    }

    /** The profile of GPU instance {@code gi}; the map is refreshed only when an unknown instance shows up. */
    private GpuInstanceProfile giProfile(Device d, long gi) {
        GpuInstanceProfile p = d.giProfiles.get(gi);
        if (p != null || !live(d)) {
            return p;
        }
        try {
            d.giProfiles.clear();
            for (GpuInstanceProfile profile : nvml.deviceGpuInstanceProfiles(d.handle)) {
                for (GpuInstance instance : nvml.deviceGpuInstances(d.handle, profile.id())) {
                    d.giProfiles.put(instance.id(), profile);
                }
            }
        } catch (NvmlException e) {
            failed(e, d, -1, -1);
        }
        return d.giProfiles.get(gi);
    }

    // ---- vGPU guest ----

    private Optional<VgpuGuestInfo> readGuest(Device d) {
        if (!can(d, GRID)) {
            return Optional.of(new VgpuGuestInfo(LicenseState.UNKNOWN, "", List.of()));
        }
        try {
            GridLicense g = nvml.deviceGridLicense(d.handle);
            LicenseState state = g.supported() ? LicenseState.UNLICENSED : LicenseState.UNKNOWN;
            String product = "";
            for (GridLicense.Feature f : g.features()) {
                if (f.enabled() && f.state() != 0) {
                    state = LicenseState.LICENSED;
                    product = f.productName();
                    break;
                }
            }
            return Optional.of(new VgpuGuestInfo(state, product, g.features()));
        } catch (NvmlException e) {
            failed(e, d, GRID, -1);
            return Optional.of(new VgpuGuestInfo(LicenseState.UNKNOWN, "", List.of()));
        }
    }

    // ---- vGPU host ----

    private VgpuHostInfo readHost(Device d) {
        HostState hs = d.host;
        if (hs == null) {
            hs = d.host = new HostState();
        }
        long h = d.handle;
        if (hs.mode == null && can(d, HOST_MODE)) {
            try {
                hs.mode = nvml.deviceHostVgpuMode(h);
            } catch (NvmlException e) {
                failed(e, d, HOST_MODE, -1);
            }
        }
        if (hs.capabilities == null && can(d, CAPS)) {
            try {
                hs.capabilities = Optional.of(nvml.deviceVgpuSchedulerCapabilities(h));
            } catch (NvmlException e) {
                failed(e, d, CAPS, -1);
            }
        }
        if (hs.types == null && can(d, SUPPORTED)) {
            readTypes(d, hs);
        }
        Optional<SchedulerState> state = Optional.empty();
        if (can(d, SCHED_STATE)) {
            try {
                state = Optional.of(nvml.deviceVgpuSchedulerState(h));
            } catch (NvmlException e) {
                failed(e, d, SCHED_STATE, -1);
            }
        }
        SchedulerLogHistory log = logs.computeIfAbsent(d.index, k -> new SchedulerLogHistory());
        if (can(d, SCHED_LOG)) {
            readLog(d, hs, log);
        }
        Toggle hetero = Toggle.UNKNOWN;
        if (can(d, HETERO)) {
            try {
                hetero = Toggle.of(nvml.deviceVgpuHeterogeneousMode(h) == 1);
            } catch (NvmlException e) {
                failed(e, d, HETERO, -1);
            }
        }
        List<VgpuTypeInfo> types = readCreatable(d, hs);
        List<VgpuInstance> vgpus = readVgpus(d, hs);
        HostVgpuMode mode = hs.mode == null ? HostVgpuMode.UNKNOWN : hs.mode;
        Optional<SchedulerCapabilities> caps = hs.capabilities == null ? Optional.empty() : hs.capabilities;
        return new VgpuHostInfo(mode, caps, state, hs.engineId, log.recent(), log.total, hetero, types, vgpus);
    }

    private void readTypes(Device d, HostState hs) {
        long[] ids;
        try {
            ids = nvml.deviceSupportedVgpus(d.handle);
        } catch (NvmlException e) {
            failed(e, d, SUPPORTED, -1);
            return;
        }
        long[] max = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (facts(d, ids[i]) == null) {
                return; // retried next poll
            }
            try {
                max[i] = nvml.vgpuTypeMaxInstances(d.handle, ids[i]);
            } catch (NvmlException e) {
                if (!e.isNotSupported()) {
                    failed(e, d, -1, -1);
                    return;
                }
                max[i] = -1;
            }
        }
        VgpuTypeInfo[][] infos = new VgpuTypeInfo[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            TypeFacts f = typeFacts.get(ids[i]);
            infos[i] = new VgpuTypeInfo[] {
                new VgpuTypeInfo(ids[i], f.name, f.typeClass, f.framebufferBytes, max[i], false, f.giProfileId),
                new VgpuTypeInfo(ids[i], f.name, f.typeClass, f.framebufferBytes, max[i], true, f.giProfileId)};
        }
        hs.typeIds = ids;
        hs.types = infos;
    }

    /** The static facts of a vGPU type, read once per session; null when the read failed (retried later). */
    private TypeFacts facts(Device d, long typeId) {
        TypeFacts f = typeFacts.get(typeId);
        if (f != null || !live(d)) {
            return f;
        }
        try {
            String name = nvml.vgpuTypeName(typeId);
            String typeClass = nvml.vgpuTypeClass(typeId);
            long fb = nvml.vgpuTypeFramebufferSize(typeId);
            long profile;
            try {
                profile = nvml.vgpuTypeGpuInstanceProfileId(typeId);
            } catch (NvmlException e) {
                if (!e.isNotSupported()) {
                    throw e;
                }
                profile = -1;
            }
            f = new TypeFacts(name, typeClass, fb, profile < 0 || profile == 0xFFFF_FFFFL ? -1 : profile);
            typeFacts.put(typeId, f);
            return f;
        } catch (NvmlException e) {
            failed(e, d, -1, -1);
            return null;
        }
    }

    private List<VgpuTypeInfo> readCreatable(Device d, HostState hs) {
        if (hs.types == null) {
            return List.of();
        }
        long[] creatable = EMPTY;
        if (can(d, CREATABLE)) {
            try {
                creatable = nvml.deviceCreatableVgpus(d.handle);
            } catch (NvmlException e) {
                failed(e, d, CREATABLE, -1);
            }
        }
        List<VgpuTypeInfo> out = new ArrayList<>(hs.typeIds.length);
        for (int i = 0; i < hs.typeIds.length; i++) {
            out.add(hs.types[i][contains(creatable, hs.typeIds[i]) ? 1 : 0]);
        }
        return out;
    }

    private static final long[] EMPTY = new long[0];

    private static boolean contains(long[] a, long v) {
        for (long x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private void readLog(Device d, HostState hs, SchedulerLogHistory history) {
        SchedulerLog log;
        try {
            log = nvml.deviceVgpuSchedulerLog(d.handle, history.cursor);
        } catch (NvmlException e) {
            failed(e, d, SCHED_LOG, -1);
            return;
        }
        hs.engineId = log.engineId();
        // the port already left out the entries at or before the cursor
        history.add(log.entries());
    }

    // ---- vGPU instances ----

    private List<VgpuInstance> readVgpus(Device d, HostState hs) {
        if (!can(d, ACTIVE) || !live(d)) {
            return List.of();
        }
        long[] ids;
        try {
            ids = nvml.deviceActiveVgpus(d.handle);
        } catch (NvmlException e) {
            failed(e, d, ACTIVE, -1);
            return List.of();
        }
        // forget vGPUs that are gone
        if (!hs.vgpus.isEmpty()) {
            hs.vgpus.values().removeIf(v -> !contains(ids, v.id));
        }
        VgpuState[] states = new VgpuState[ids.length];
        for (int i = 0; i < ids.length; i++) {
            VgpuState v = hs.vgpus.get(ids[i]);
            if (v == null) {
                v = new VgpuState(ids[i]);
                hs.vgpus.put(ids[i], v);
            }
            states[i] = v;
        }
        readUtilization(d, hs);
        List<VgpuInstance> out = new ArrayList<>(ids.length);
        for (VgpuState v : states) {
            if (!live(d)) {
                break;
            }
            VgpuInstance instance = readVgpu(d, v);
            if (instance == null) {
                hs.vgpus.remove(v.id); // destroyed since the enumeration
            } else {
                out.add(instance);
            }
        }
        return out;
    }

    private void readUtilization(Device d, HostState hs) {
        List<VgpuUtilizationSample> samples = null;
        if (can(d, UTIL_INFO)) {
            try {
                samples = nvml.deviceVgpuInstancesUtilizationInfo(d.handle, hs.lastSampleUs);
            } catch (NvmlException e) {
                failed(e, d, UTIL_INFO, -1);
            }
        }
        if (samples == null && !can(d, UTIL_INFO) && can(d, UTIL_V1)) {
            try {
                samples = nvml.deviceVgpuUtilization(d.handle, hs.lastSampleUs);
            } catch (NvmlException e) {
                failed(e, d, UTIL_V1, -1);
            }
        }
        if (samples == null) {
            return;
        }
        for (int i = 0, n = samples.size(); i < n; i++) {
            VgpuUtilizationSample s = samples.get(i);
            if (s.timestampUs() > hs.lastSampleUs) {
                hs.lastSampleUs = s.timestampUs();
            }
            VgpuState v = hs.vgpus.get(s.vgpuInstance());
            if (v != null && (v.sample == null || s.timestampUs() >= v.sample.timestampUs())) {
                v.sample = s;
            }
        }
    }

    /** One vGPU instance, or null when it answered NOT_FOUND (destroyed since the enumeration). */
    private VgpuInstance readVgpu(Device d, VgpuState v) {
        long id = v.id;
        try {
            if (v.uuid == null) {
                v.uuid = nvml.vgpuInstanceUuid(id);
            }
            if (v.typeId < 0) {
                v.typeId = nvml.vgpuInstanceType(id);
            }
        } catch (NvmlException e) {
            return vgpuFailed(e, d, v) ? null : partialVgpu(d, v);
        }
        if (v.vmId == null && v.supports(V_VMID)) {
            try {
                v.vmId = nvml.vgpuInstanceVmId(id);
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_VMID)) {
                    return null;
                }
            }
        }
        if (v.driver == null && v.supports(V_DRIVER)) {
            try {
                String driver = nvml.vgpuInstanceVmDriverVersion(id);
                if (!driver.isEmpty() && !driver.equals(NOT_AVAILABLE_TEXT)) {
                    v.driver = driver; // known once the guest loaded its driver; static from then on
                }
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_DRIVER)) {
                    return null;
                }
            }
        }
        if (v.gpuInstance == Long.MIN_VALUE && v.supports(V_GI)) {
            try {
                long gi = nvml.vgpuInstanceGpuInstanceId(id);
                v.gpuInstance = gi < 0 || gi == 0xFFFF_FFFFL ? -1 : gi;
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_GI)) {
                    return null;
                }
            }
        }
        if (v.ecc == null && v.supports(V_ECC)) {
            try {
                v.ecc = Toggle.of(nvml.vgpuInstanceEccMode(id));
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_ECC)) {
                    return null;
                }
            }
        }
        if (v.frameRateLimit == Long.MIN_VALUE && v.supports(V_FRL)) {
            try {
                v.frameRateLimit = nvml.vgpuInstanceFrameRateLimit(id);
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_FRL)) {
                    return null;
                }
            }
        }
        if (v.accountingMode == null && v.supports(V_ACCT_MODE)) {
            try {
                v.accountingMode = Toggle.of(nvml.vgpuInstanceAccountingMode(id));
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_ACCT_MODE)) {
                    return null;
                }
            }
        }
        long fbUsed = -1;
        try {
            fbUsed = nvml.vgpuInstanceFbUsage(id);
        } catch (NvmlException e) {
            if (vgpuFailed(e, d, v)) {
                return null;
            }
        }
        LicenseState license = LicenseState.UNKNOWN;
        if (v.supports(V_LICENSE_INFO)) {
            try {
                LicenseInfo li = nvml.vgpuInstanceLicenseInfo(id);
                license = li.state();
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_LICENSE_INFO)) {
                    return null;
                }
            }
        }
        if (!v.supports(V_LICENSE_INFO) && v.supports(V_LICENSE_STATUS)) {
            try {
                license = nvml.vgpuInstanceLicenseStatus(id) == 1 ? LicenseState.LICENSED : LicenseState.UNLICENSED;
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_LICENSE_STATUS)) {
                    return null;
                }
            }
        }
        double encCapacity = Double.NaN;
        if (v.supports(V_ENC_CAP)) {
            try {
                encCapacity = NvmlUnits.measured(nvml.vgpuInstanceEncoderCapacity(id));
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_ENC_CAP)) {
                    return null;
                }
            }
        }
        EncoderStats enc = null;
        if (v.supports(V_ENC_STATS)) {
            try {
                enc = nvml.vgpuInstanceEncoderStats(id);
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v, V_ENC_STATS)) {
                    return null;
                }
            }
        }
        int pidsTotal = 0;
        List<VgpuAccounting> accounting = List.of();
        if (v.accountingMode == Toggle.ON) {
            long[] pids = null;
            try {
                pids = nvml.vgpuInstanceAccountingPids(id);
            } catch (NvmlException e) {
                if (vgpuFailed(e, d, v)) {
                    return null;
                }
            }
            if (pids != null) {
                pidsTotal = pids.length;
                VgpuAccounting[] acct = new VgpuAccounting[Math.min(pids.length, accountingPidCap)];
                int n = 0;
                for (int i = 0; i < acct.length && live(d); i++) {
                    try {
                        AccountingStats s = nvml.vgpuInstanceAccountingStats(id, pids[i]);
                        acct[n++] = new VgpuAccounting(pids[i], s);
                    } catch (NvmlException e) {
                        if (e.result() != NvmlReturn.NOT_FOUND) { // NOT_FOUND: that process's record is gone
                            failed(e, d, -1, id);
                        }
                    }
                }
                // an immutable list here is kept as is by the record, not copied again
                accounting = n == acct.length ? List.of(acct) : List.of(Arrays.copyOf(acct, n));
            }
        }
        return vgpu(d, v, fbUsed, license, encCapacity, enc, pidsTotal, accounting);
    }

    /** A vGPU whose identity could not be read this poll: only what is known. */
    private VgpuInstance partialVgpu(Device d, VgpuState v) {
        return vgpu(d, v, -1, LicenseState.UNKNOWN, Double.NaN, null, 0, List.of());
    }

    private VgpuInstance vgpu(Device d, VgpuState v, long fbUsed, LicenseState license, double encCapacity,
            EncoderStats enc, int pidsTotal, List<VgpuAccounting> accounting) {
        if (v.type == null && v.typeId >= 0) {
            v.type = facts(d, v.typeId);
        }
        TypeFacts type = v.type;
        VgpuUtilizationSample s = v.sample;
        return new VgpuInstance(v.id, orEmpty(v.uuid), v.typeId, type == null ? "" : type.name,
                type == null ? "" : type.typeClass, v.vmId == null ? "" : v.vmId.id(),
                v.vmId == null ? VmIdType.UNKNOWN : v.vmId.type(), orEmpty(v.driver), fbUsed,
                type == null ? -1 : type.framebufferBytes,
                s == null ? Double.NaN : s.sm(), s == null ? Double.NaN : s.mem(), s == null ? Double.NaN : s.enc(),
                s == null ? Double.NaN : s.dec(), s == null ? Double.NaN : s.jpg(), s == null ? Double.NaN : s.ofa(),
                s == null ? -1 : NvmlUnits.nanosFromMicros(s.timestampUs()), license,
                v.frameRateLimit == Long.MIN_VALUE ? Double.NaN : NvmlUnits.measured(v.frameRateLimit),
                v.ecc == null ? Toggle.UNKNOWN : v.ecc, encCapacity, enc == null ? -1 : enc.sessionCount(),
                enc == null ? Double.NaN : NvmlUnits.measured(enc.averageFps()),
                enc == null ? Double.NaN : NvmlUnits.secondsFromMicros(enc.averageLatencyUs()),
                v.gpuInstance == Long.MIN_VALUE ? -1 : v.gpuInstance,
                v.accountingMode == null ? Toggle.UNKNOWN : v.accountingMode, pidsTotal, accounting);
    }

    /** @return true when the vGPU is gone (NOT_FOUND) */
    private boolean vgpuFailed(NvmlException e, Device d, VgpuState v) {
        return vgpuFailed(e, d, v, -1);
    }

    private boolean vgpuFailed(NvmlException e, Device d, VgpuState v, int bit) {
        if (e.result() == NvmlReturn.NOT_FOUND) {
            return true;
        }
        if (e.isNotSupported()) {
            if (bit >= 0) {
                v.unsupported |= 1 << bit;
            }
            return false;
        }
        failed(e, d, -1, v.id);
        return false;
    }

    // ---- per-session state ----

    private static final class Device {
        final int index;
        final long[] maxClocks = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        final Map<Long, GpuInstanceProfile> giProfiles = new HashMap<>();
        long handle;
        long unsupported;
        boolean lost;
        String uuid;
        String name;
        String pciBusId;
        VirtualizationMode virtualization;
        int migMax = -1;
        HostState host;

        Device(int index) {
            this.index = index;
        }

        boolean unsupported(int bit) {
            return (unsupported & (1L << bit)) != 0;
        }
    }

    private static final class HostState {
        final Map<Long, VgpuState> vgpus = new HashMap<>();
        HostVgpuMode mode;
        Optional<SchedulerCapabilities> capabilities;
        long[] typeIds;
        VgpuTypeInfo[][] types;
        long engineId = -1;
        long lastSampleUs;
    }

    private static final class VgpuState {
        final long id;
        int unsupported;
        String uuid;
        long typeId = -1;
        TypeFacts type;
        VmId vmId;
        String driver;
        long gpuInstance = Long.MIN_VALUE;
        Toggle ecc;
        long frameRateLimit = Long.MIN_VALUE;
        Toggle accountingMode;
        VgpuUtilizationSample sample;

        VgpuState(long id) {
            this.id = id;
        }

        boolean supports(int bit) {
            return (unsupported & (1 << bit)) == 0;
        }
    }

    private record CallKey(String call, int code) {
    }

    /** One GPU's scheduler log as seen so far: the cursor, the newest entries, how many were seen. */
    private static final class SchedulerLogHistory {
        private final java.util.ArrayDeque<SchedulerLogEntry> newest =
                new java.util.ArrayDeque<>(VgpuHostInfo.RECENT_LOG_ENTRIES);
        long cursor = Long.MIN_VALUE;
        long total;
        private List<SchedulerLogEntry> view = List.of();

        /** Entries newer than the cursor, in any order (NVML's log is a ring buffer). */
        void add(List<SchedulerLogEntry> entries) {
            if (entries.isEmpty()) {
                return;
            }
            List<SchedulerLogEntry> sorted = entries;
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).timestampNs() <= entries.get(i - 1).timestampNs()) {
                    sorted = new ArrayList<>(entries);
                    sorted.sort((a, b) -> Long.compare(a.timestampNs(), b.timestampNs()));
                    break;
                }
            }
            for (SchedulerLogEntry e : sorted) {
                if (newest.size() == VgpuHostInfo.RECENT_LOG_ENTRIES) {
                    newest.removeFirst();
                }
                newest.addLast(e);
                cursor = Math.max(cursor, e.timestampNs());
            }
            total += sorted.size();
            view = List.copyOf(newest);
        }

        List<SchedulerLogEntry> recent() {
            return view;
        }
    }

    private record TypeFacts(String name, String typeClass, long framebufferBytes, long giProfileId) {
    }
}
