package io.smi4j.mock;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimMigDevice;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GridLicense;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.DeviceVgpuCapability;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuDriverCapability;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuPlacementList;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * A simulated NVML answering from a {@link Scenario}, with NVML's semantics: every call but
 * {@code nvmlSystemGetNVMLVersion} answers UNINITIALIZED before {@link #init()} and after
 * {@link #shutdown()}; init answers DRIVER_NOT_LOADED when the scenario has no driver; vGPU
 * host calls answer NOT_SUPPORTED off vGPU hosts (and scheduler calls on MIG-enabled GPUs);
 * R550-only calls answer FUNCTION_NOT_FOUND under an R535 driver; a numeric getter whose
 * scenario value is -1 answers NOT_SUPPORTED; a destroyed vGPU answers NOT_FOUND; utilization
 * sampling honours {@code lastSeenTimeStamp}.
 *
 * <h2>Time</h2>
 * The simulation moves one step (two simulated seconds) per poll: unless the mock is
 * {@linkplain #frozen(Scenario) frozen}, every {@code nvmlDeviceGetCount_v2} after the first
 * advances it first, since every poll starts by counting devices. {@link #advance()} steps it
 * explicitly; a frozen mock changes only that way, so its answers can be compared with the
 * native mock fed the same {@link #scenario()}.
 *
 * <h2>Call counts</h2>
 * Every call is counted by its {@link NvmlFunction} ({@link #calls(NvmlFunction)}), including calls
 * that fail, so tests can prove what a reader does and does not repeat.
 *
 * <p>Like the port says, not thread-safe: one thread owns a session.
 */
public final class MockNvml implements Nvml {

    private final long[] counts = new long[NvmlFunction.values().length];
    private final NvmlReturn[] forced = new NvmlReturn[NvmlFunction.values().length];
    private final FaultPlan faults;
    private final Random faultRnd;
    private final boolean frozen;
    private final Simulation simulation;
    private final long seed;
    /** The file's timeline, played poll by poll; null: the simulation moves the host. */
    private final Timeline.Player player;

    private Scenario scenario;
    private boolean[] lost;
    private boolean initialized;
    private boolean counted;

    // lookups rebuilt whenever the scenario changes
    private final Map<Long, SimVgpuType> types = new HashMap<>();
    private long[] vgpuIds = new long[0];
    private int[] vgpuLocations = new int[0];

    /**
     * A mock answering from {@code scenario}, made by {@link Scenarios#create(String, long)} (its
     * fixed start time).
     *
     * @param seed   drives the simulation and the fault draws
     * @param frozen true: the scenario changes only by {@link #advance()}
     */
    public MockNvml(Scenario scenario, long seed, FaultPlan faults, boolean frozen) {
        this(scenario, seed, faults, frozen,
                SimClock.fixed(java.time.Instant.EPOCH.plus(Scenarios.DEFAULT_START_US, java.time.temporal.ChronoUnit.MICROS)));
    }

    /** A mock answering from {@code scenario}, which holds the state at {@code clock}'s start. */
    public MockNvml(Scenario scenario, long seed, FaultPlan faults, boolean frozen, SimClock clock) {
        this(new ScenarioFile(scenario, faults, Timeline.NONE), seed, frozen, clock);
    }

    /**
     * A mock replaying a scenario file read for {@code clock}'s start: with its faults, and with its timeline
     * when it has one (each poll then plays the timeline's step instead of the simulation's; the host stops changing
     * after the last step), the host varied by {@code seed} ({@link SeedVariation}) at every poll alike.
     */
    public MockNvml(ScenarioFile file, long seed, boolean frozen, SimClock clock) {
        this.faults = file.faults();
        this.frozen = frozen;
        this.seed = seed;
        this.faultRnd = new Random(seed * 17 + 3);
        this.simulation = new Simulation(file.scenario(), seed, clock);
        this.player = file.timeline().isEmpty() ? null : file.timeline().player();
        faults.forcedErrors().forEach((f, code) -> forced[f.ordinal()] = code);
        this.lost = new boolean[file.scenario().gpus().size()];
        setScenario(file.scenario());
    }

    /** The preset {@code name}, moving one step per poll, its clock starting now ({@link SimClock#real()}). */
    public static MockNvml live(String name, long seed) {
        return live(name, seed, SimClock.real());
    }

    /** The preset {@code name}, moving one step per poll on {@code clock}. */
    public static MockNvml live(String name, long seed, SimClock clock) {
        return new MockNvml(Scenarios.load(name, seed, clock.startUs()), seed, false, clock);
    }

    /** {@code scenario}, unchanging except by {@link #advance()}. */
    public static MockNvml frozen(Scenario scenario) {
        return new MockNvml(scenario, 1, FaultPlan.none(), true);
    }

    // ---- simulation control and inspection ----

    /** The simulated host as it is now. */
    public Scenario scenario() {
        return scenario;
    }

    /** Steps taken since the start. */
    public long step() {
        return simulation.step();
    }

    /** Moves the simulation one step (two simulated seconds) forward; GPUs may be lost per the fault plan. */
    public void advance() {
        if (player == null) {
            setScenario(simulation.advance(scenario));
        } else {
            simulation.tick();
            Scenario next = player.next();
            if (next != null) {
                setScenario(SeedVariation.apply(next, seed));
                if (lost.length != scenario.gpus().size()) {
                    lost = Arrays.copyOf(lost, scenario.gpus().size());
                }
            }
        }
        if (faults.gpuLossProbability() > 0) {
            for (int i = 0; i < lost.length; i++) {
                if (faultRnd.nextDouble() < faults.gpuLossProbability()) {
                    lost[i] = true;
                }
            }
        }
    }

    /** Makes GPU {@code index} fall off the bus until the next {@link #init()}. */
    public void loseGpu(int index) {
        lost[index] = true;
    }

    /** How often {@code function} was called, failures included. */
    public long calls(NvmlFunction function) {
        return counts[function.ordinal()];
    }

    /** Every function called at least once, with its count. */
    public Map<NvmlFunction, Long> callCounts() {
        Map<NvmlFunction, Long> m = new EnumMap<>(NvmlFunction.class);
        for (NvmlFunction f : NvmlFunction.values()) {
            if (counts[f.ordinal()] > 0) {
                m.put(f, counts[f.ordinal()]);
            }
        }
        return m;
    }

    private void setScenario(Scenario s) {
        scenario = s;
        types.clear();
        int n = 0;
        for (SimGpu g : s.gpus()) {
            if (g.vgpuHost().isPresent()) {
                for (SimVgpuType t : g.vgpuHost().get().types()) {
                    types.putIfAbsent(t.id(), t);
                }
                n += g.vgpuHost().get().vgpus().size();
            }
        }
        // vGPU id << 24 | gpu index << 12 | position, sorted for binary search by id
        long[] keys = new long[n];
        int k = 0;
        for (int gi = 0; gi < s.gpus().size(); gi++) {
            SimGpu g = s.gpus().get(gi);
            if (g.vgpuHost().isPresent()) {
                List<SimVgpu> vs = g.vgpuHost().get().vgpus();
                for (int p = 0; p < vs.size(); p++) {
                    keys[k++] = (vs.get(p).id() << 24) | ((long) gi << 12) | p;
                }
            }
        }
        Arrays.sort(keys);
        vgpuIds = new long[n];
        vgpuLocations = new int[n];
        for (int i = 0; i < n; i++) {
            vgpuIds[i] = keys[i] >>> 24;
            vgpuLocations[i] = (int) (keys[i] & 0xFF_FFFF);
        }
    }

    /** Switches GPU {@code index}'s MIG mode, current and pending, as an operator mid-run would (and a reset). */
    public void switchMigMode(int index, boolean on) {
        List<SimGpu> gpus = new ArrayList<>(scenario.gpus());
        SimGpu g = gpus.get(index);
        gpus.set(index, new SimGpu(g.name(), g.uuid(), g.pci(), g.virtualizationMode(), g.memory(), g.utilization(),
                g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(),
                g.fanSpeedPercent(), g.performanceState(), g.ecc(), new MigMode(on, on), g.processes(),
                g.gpuInstances(), g.migDevices(), g.vgpuHost(), g.guestLicense()));
        setScenario(Simulation.with(scenario, gpus));
    }

    /** Switches GPU {@code index}'s virtualization mode, as an operator or a driver reload mid-run would. */
    public void switchVirtualizationMode(int index, VirtualizationMode mode) {
        List<SimGpu> gpus = new ArrayList<>(scenario.gpus());
        SimGpu g = gpus.get(index);
        gpus.set(index, new SimGpu(g.name(), g.uuid(), g.pci(), mode, g.memory(), g.utilization(),
                g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(),
                g.fanSpeedPercent(), g.performanceState(), g.ecc(), g.mig(), g.processes(),
                g.gpuInstances(), g.migDevices(), g.vgpuHost(), g.guestLicense()));
        setScenario(Simulation.with(scenario, gpus));
    }

    /** GPU {@code index} with its vGPU host replaced by {@code host} (and its memory following). */
    private void replaceHost(int index, SimVgpuHost host) {
        List<SimGpu> gpus = new ArrayList<>(scenario.gpus());
        gpus.set(index, Simulation.with(gpus.get(index), host));
        setScenario(Simulation.with(scenario, gpus));
    }

    // ---- call plumbing ----

    private void begin(NvmlFunction f) {
        counts[f.ordinal()]++;
        if (!initialized && f != nvmlSystemGetNVMLVersion) {
            throw new NvmlException(f, NvmlReturn.UNINITIALIZED.code());
        }
        NvmlReturn r = forced[f.ordinal()];
        if (r != null) {
            throw new NvmlException(f, r.code());
        }
    }

    private void fault(NvmlFunction f, int gpu) {
        long poll = poll();
        for (int i = 0; i < faults.hangs().size(); i++) {
            FaultPlan.Hang h = faults.hangs().get(i);
            if (h.hits(f, gpu, poll)) {
                park(h.park());
            }
        }
        if (gpu >= 0 && gpu < lost.length && lost[gpu]) {
            throw new NvmlException(f, NvmlReturn.GPU_IS_LOST.code());
        }
        for (FaultPlan.Aimed a : faults.aimed()) {
            if (a.hits(f, gpu, poll)) {
                throw new NvmlException(f, a.code().code());
            }
        }
        if (faults.errorProbability() > 0 && faultRnd.nextDouble() < faults.errorProbability()) {
            List<NvmlReturn> codes = faults.errorCodes();
            throw new NvmlException(f, codes.get(faultRnd.nextInt(codes.size())).code());
        }
    }

    /** The poll in progress: every poll starts by counting GPUs. */
    private long poll() {
        return counts[nvmlDeviceGetCount_v2.ordinal()];
    }

    /** Parks the calling thread for {@code d}, interrupts or not, as a call stuck in the kernel does. */
    private static void park(java.time.Duration d) {
        long end = System.nanoTime() + Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        boolean interrupted = false;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether an {@link FaultPlan.Oddity} of {@code kind} hits the vGPU at {@code position} of GPU {@code gpu} now. */
    private boolean odd(FaultPlan.OddityKind kind, int gpu, int position) {
        for (int i = 0; i < faults.oddities().size(); i++) {
            if (faults.oddities().get(i).hits(kind, gpu, position, poll())) {
                return true;
            }
        }
        return false;
    }

    /** The position of vGPU {@code id} in its GPU's list, -1 when it runs nowhere. */
    private int position(long id) {
        int i = Arrays.binarySearch(vgpuIds, id);
        return i < 0 ? -1 : vgpuLocations[i] & 0xFFF;
    }

    /** Applies the mode switches due at the start of poll {@code poll}. */
    private void switchModes(long poll) {
        for (FaultPlan.ModeSwitch m : faults.switches()) {
            if (m.atPoll() == poll && m.gpu() < scenario.gpus().size()) {
                if (m.mig() != null) {
                    switchMigMode(m.gpu(), m.mig());
                }
                if (m.virtualization() != null) {
                    switchVirtualizationMode(m.gpu(), m.virtualization());
                }
            }
        }
    }

    private static NvmlException error(NvmlFunction f, NvmlReturn r) {
        return new NvmlException(f, r.code());
    }

    /** Device handles are {@code (index + 1) << 16}; a MIG device adds its slot + 1 in the low bits. */
    private static long handle(int index) {
        return (index + 1L) << 16;
    }

    private int gpuIndex(NvmlFunction f, long handle) {
        int index = (int) (handle >>> 16) - 1;
        if (index < 0 || index >= scenario.gpus().size() || (handle >>> 16) > Integer.MAX_VALUE) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        return index;
    }

    /** A physical GPU handle: begin, resolve, faults. */
    private SimGpu gpu(NvmlFunction f, long handle) {
        begin(f);
        int index = gpuIndex(f, handle);
        if ((handle & 0xFFFF) != 0) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        fault(f, index);
        return scenario.gpus().get(index);
    }

    /** A MIG device handle, or empty for a physical GPU handle. */
    private SimMigDevice migOrNull(NvmlFunction f, long handle) {
        int slot = (int) (handle & 0xFFFF) - 1;
        if (slot < 0) {
            return null;
        }
        SimGpu g = scenario.gpus().get(gpuIndex(f, handle));
        if (slot >= g.migDevices().size()) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        return g.migDevices().get(slot);
    }

    private SimVgpuHost host(NvmlFunction f, long handle) {
        SimGpu g = gpu(f, handle);
        if (g.vgpuHost().isEmpty() || g.virtualizationMode() != VirtualizationMode.HOST_VGPU) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return g.vgpuHost().get();
    }

    private SimVgpuHost scheduler(NvmlFunction f, long handle) {
        SimVgpuHost h = host(f, handle);
        if (scenario.gpus().get(gpuIndex(f, handle)).mig().current()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return h;
    }

    /** The v2 scheduler calls (nvml.h 13.2): FUNCTION_NOT_FOUND unless the driver is an R580 or newer one. */
    private void requireSchedulerV2(NvmlFunction f) {
        if (!hasSchedulerV2(scenario.driverVersion())) {
            throw error(f, NvmlReturn.FUNCTION_NOT_FOUND);
        }
    }

    /** Whether a driver of {@code driverVersion} has the v2 scheduler calls in the mocks: R580 and newer. */
    public static boolean hasSchedulerV2(String driverVersion) {
        return driverMajor(driverVersion) >= 580;
    }

    private void requireR550(NvmlFunction f) {
        if (scenario.driverVersion().startsWith("535.")) {
            throw error(f, NvmlReturn.FUNCTION_NOT_FOUND);
        }
    }

    /** A vGPU instance: NOT_FOUND once destroyed (checked before injected faults, as the driver would). */
    private SimVgpu vgpu(NvmlFunction f, long id) {
        begin(f);
        int i = Arrays.binarySearch(vgpuIds, id);
        if (id <= 0 || i < 0) {
            throw error(f, id == 0 ? NvmlReturn.INVALID_ARGUMENT : NvmlReturn.NOT_FOUND);
        }
        int loc = vgpuLocations[i];
        int gpu = loc >>> 12;
        fault(f, gpu);
        return scenario.gpus().get(gpu).vgpuHost().get().vgpus().get(loc & 0xFFF);
    }

    private SimVgpuType type(NvmlFunction f, long id) {
        begin(f);
        SimVgpuType t = types.get(id);
        if (t == null) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        fault(f, -1);
        return t;
    }

    private static long notSupportedIfNegative(NvmlFunction f, long value) {
        if (value < 0) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return value;
    }

    // ---- lifecycle and system ----

    @Override
    public void init() {
        counts[nvmlInit_v2.ordinal()]++;
        if (!scenario.driverLoaded()) {
            throw error(nvmlInit_v2, NvmlReturn.DRIVER_NOT_LOADED);
        }
        NvmlReturn r = forced[nvmlInit_v2.ordinal()];
        if (r != null) {
            throw error(nvmlInit_v2, r);
        }
        initialized = true;
        Arrays.fill(lost, false); // a fresh session after a driver reload sees the GPU again
    }

    @Override
    public void shutdown() {
        begin(nvmlShutdown);
        initialized = false;
    }

    @Override
    public void close() {
        initialized = false;
    }

    @Override
    public String systemDriverVersion() {
        begin(nvmlSystemGetDriverVersion);
        fault(nvmlSystemGetDriverVersion, -1);
        return scenario.driverVersion();
    }

    @Override
    public String systemNvmlVersion() {
        begin(nvmlSystemGetNVMLVersion);
        return scenario.nvmlVersion();
    }

    @Override
    public int systemCudaDriverVersion() {
        begin(nvmlSystemGetCudaDriverVersion_v2);
        fault(nvmlSystemGetCudaDriverVersion_v2, -1);
        return scenario.cudaDriverVersion();
    }

    @Override
    public String systemProcessName(long pid) {
        begin(nvmlSystemGetProcessName);
        fault(nvmlSystemGetProcessName, -1);
        for (SimGpu g : scenario.gpus()) {
            for (SimProcess p : g.processes()) {
                if (p.pid() == pid) {
                    return p.name();
                }
            }
        }
        throw error(nvmlSystemGetProcessName, NvmlReturn.NOT_FOUND);
    }

    @Override
    public int deviceCount() {
        if (initialized && !frozen && counted) {
            advance();
        }
        begin(nvmlDeviceGetCount_v2);
        counted = true;
        if (!faults.switches().isEmpty()) {
            switchModes(poll());
        }
        fault(nvmlDeviceGetCount_v2, -1);
        return scenario.gpus().size();
    }

    @Override
    public long deviceHandleByIndex(int index) {
        begin(nvmlDeviceGetHandleByIndex_v2);
        if (index < 0 || index >= scenario.gpus().size()) {
            throw error(nvmlDeviceGetHandleByIndex_v2, NvmlReturn.INVALID_ARGUMENT);
        }
        fault(nvmlDeviceGetHandleByIndex_v2, index);
        return handle(index);
    }

    // ---- device ----

    @Override
    public String deviceName(long device) {
        begin(nvmlDeviceGetName);
        SimMigDevice m = migOrNull(nvmlDeviceGetName, device);
        int index = gpuIndex(nvmlDeviceGetName, device);
        fault(nvmlDeviceGetName, index);
        return m != null ? m.name() : scenario.gpus().get(index).name();
    }

    @Override
    public String deviceUuid(long device) {
        begin(nvmlDeviceGetUUID);
        SimMigDevice m = migOrNull(nvmlDeviceGetUUID, device);
        int index = gpuIndex(nvmlDeviceGetUUID, device);
        fault(nvmlDeviceGetUUID, index);
        return m != null ? m.uuid() : scenario.gpus().get(index).uuid();
    }

    @Override
    public PciInfo devicePciInfo(long device) {
        return gpu(nvmlDeviceGetPciInfo_v3, device).pci();
    }

    @Override
    public MemoryInfo deviceMemoryInfo(long device) {
        begin(nvmlDeviceGetMemoryInfo_v2);
        SimMigDevice m = migOrNull(nvmlDeviceGetMemoryInfo_v2, device);
        int index = gpuIndex(nvmlDeviceGetMemoryInfo_v2, device);
        fault(nvmlDeviceGetMemoryInfo_v2, index);
        if (m == null && odd(FaultPlan.OddityKind.GPU_USED_OVER_TOTAL, index, -1)) {
            MemoryInfo real = scenario.gpus().get(index).memory();
            return new MemoryInfo(real.totalBytes(), real.reservedBytes(), -4096, real.totalBytes() + 4096);
        }
        return m != null ? m.memory() : scenario.gpus().get(index).memory();
    }

    @Override
    public UtilizationRates deviceUtilizationRates(long device) {
        SimGpu g = gpu(nvmlDeviceGetUtilizationRates, device);
        if (g.mig().current() || g.utilization().gpuPercent() < 0) {
            throw error(nvmlDeviceGetUtilizationRates, NvmlReturn.NOT_SUPPORTED);
        }
        return g.utilization();
    }

    @Override
    public int deviceTemperature(long device) {
        return (int) notSupportedIfNegative(nvmlDeviceGetTemperature,
                gpu(nvmlDeviceGetTemperature, device).temperatureC());
    }

    @Override
    public long devicePowerUsage(long device) {
        return notSupportedIfNegative(nvmlDeviceGetPowerUsage,
                gpu(nvmlDeviceGetPowerUsage, device).powerUsageMw());
    }

    @Override
    public long deviceEnforcedPowerLimit(long device) {
        return notSupportedIfNegative(nvmlDeviceGetEnforcedPowerLimit,
                gpu(nvmlDeviceGetEnforcedPowerLimit, device).powerLimitMw());
    }

    @Override
    public long deviceClock(long device, ClockType type) {
        return notSupportedIfNegative(nvmlDeviceGetClockInfo,
                gpu(nvmlDeviceGetClockInfo, device).clocksMhz().get(type.code()));
    }

    @Override
    public long deviceMaxClock(long device, ClockType type) {
        long max = gpu(nvmlDeviceGetMaxClockInfo, device).maxClocksMhz().get(type.code());
        if (max == SimGpu.ANSWERS_UNKNOWN) {
            throw error(nvmlDeviceGetMaxClockInfo, NvmlReturn.UNKNOWN);
        }
        return notSupportedIfNegative(nvmlDeviceGetMaxClockInfo, max);
    }

    @Override
    public int deviceFanSpeed(long device) {
        return (int) notSupportedIfNegative(nvmlDeviceGetFanSpeed,
                gpu(nvmlDeviceGetFanSpeed, device).fanSpeedPercent());
    }

    @Override
    public int devicePerformanceState(long device) {
        return (int) notSupportedIfNegative(nvmlDeviceGetPerformanceState,
                gpu(nvmlDeviceGetPerformanceState, device).performanceState());
    }

    @Override
    public EccMode deviceEccMode(long device) {
        return gpu(nvmlDeviceGetEccMode, device).ecc();
    }

    @Override
    public List<ProcessInfo> deviceComputeRunningProcesses(long device) {
        return processes(gpu(nvmlDeviceGetComputeRunningProcesses_v3, device), true);
    }

    @Override
    public List<ProcessInfo> deviceGraphicsRunningProcesses(long device) {
        return processes(gpu(nvmlDeviceGetGraphicsRunningProcesses_v3, device), false);
    }

    private static List<ProcessInfo> processes(SimGpu g, boolean compute) {
        List<ProcessInfo> out = new ArrayList<>(g.processes().size());
        for (SimProcess p : g.processes()) {
            if (compute ? p.compute() : p.graphics()) {
                out.add(new ProcessInfo(p.pid(), p.usedGpuMemoryBytes(), p.gpuInstanceId(), p.computeInstanceId()));
            }
        }
        return out;
    }

    /** Without jpg and ofa, as the pre-R550 record has them not. */
    @Override
    public List<ProcessUtilizationSample> deviceProcessUtilization(long device, long lastSeenTimestampUs) {
        List<ProcessUtilizationSample> out = new ArrayList<>();
        for (ProcessUtilizationSample s : processSamples(nvmlDeviceGetProcessUtilization, device, lastSeenTimestampUs)) {
            out.add(new ProcessUtilizationSample(s.pid(), s.timestampUs(), s.smUtil(), s.memUtil(), s.encUtil(),
                    s.decUtil(), Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE));
        }
        return out;
    }

    @Override
    public List<ProcessUtilizationSample> deviceProcessesUtilizationInfo(long device, long lastSeenTimestampUs) {
        return processSamples(nvmlDeviceGetProcessesUtilizationInfo, device, lastSeenTimestampUs);
    }

    /** The processes' samples newer than {@code lastSeen}; NOT_SUPPORTED on a MIG-enabled GPU, as the driver. */
    private List<ProcessUtilizationSample> processSamples(NvmlFunction f, long device, long lastSeen) {
        SimGpu g = gpu(f, device);
        if (f == nvmlDeviceGetProcessesUtilizationInfo) {
            requireR550(f);
        }
        if (g.mig().current()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        List<ProcessUtilizationSample> all = new ArrayList<>();
        for (SimProcess p : g.processes()) {
            p.utilization().ifPresent(all::add);
        }
        return newerThan(all, lastSeen, ProcessUtilizationSample::timestampUs);
    }

    @Override
    public VirtualizationMode deviceVirtualizationMode(long device) {
        return gpu(nvmlDeviceGetVirtualizationMode, device).virtualizationMode();
    }

    @Override
    public GridLicense deviceGridLicense(long device) {
        return gpu(nvmlDeviceGetGridLicensableFeatures_v4, device).guestLicense()
                .orElse(new GridLicense(false, List.of()));
    }

    // ---- MIG ----

    @Override
    public MigMode deviceMigMode(long device) {
        return gpu(nvmlDeviceGetMigMode, device).mig();
    }

    @Override
    public int deviceMaxMigDeviceCount(long device) {
        return gpu(nvmlDeviceGetMaxMigDeviceCount, device).mig().current() ? 7 : 0;
    }

    @Override
    public long deviceMigDeviceHandleByIndex(long device, int index) {
        SimGpu g = gpu(nvmlDeviceGetMigDeviceHandleByIndex, device);
        if (!g.mig().current() || index < 0 || index >= 7) {
            throw error(nvmlDeviceGetMigDeviceHandleByIndex, NvmlReturn.INVALID_ARGUMENT);
        }
        if (index >= g.migDevices().size()) {
            throw error(nvmlDeviceGetMigDeviceHandleByIndex, NvmlReturn.NOT_FOUND);
        }
        return device | (index + 1L);
    }

    private SimMigDevice mig(NvmlFunction f, long migDevice) {
        begin(f);
        SimMigDevice m = migOrNull(f, migDevice);
        if (m == null) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        fault(f, gpuIndex(f, migDevice));
        return m;
    }

    @Override
    public long deviceGpuInstanceId(long migDevice) {
        return mig(nvmlDeviceGetGpuInstanceId, migDevice).gpuInstanceId();
    }

    @Override
    public long deviceComputeInstanceId(long migDevice) {
        return mig(nvmlDeviceGetComputeInstanceId, migDevice).computeInstanceId();
    }

    private SimGpu migGpu(NvmlFunction f, long device) {
        SimGpu g = gpu(f, device);
        if (!g.mig().current()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return g;
    }

    @Override
    public List<GpuInstanceProfile> deviceGpuInstanceProfiles(long device) {
        SimGpu g = migGpu(nvmlDeviceGetGpuInstanceProfileInfo, device);
        List<GpuInstanceProfile> out = new ArrayList<>();
        for (SimGpuInstance gi : g.gpuInstances()) {
            // an index newer than the driver answers INVALID_ARGUMENT, which the port leaves out
            if (!out.contains(gi.profile()) && gi.profile().profileIndex() < scenario.gpuInstanceProfilesKnown()) {
                out.add(gi.profile());
            }
        }
        out.sort((a, b) -> Integer.compare(a.profileIndex(), b.profileIndex()));
        return out;
    }

    @Override
    public List<GpuInstance> deviceGpuInstances(long device, long profileId) {
        SimGpu g = migGpu(nvmlDeviceGetGpuInstances, device);
        List<GpuInstance> out = new ArrayList<>();
        for (SimGpuInstance gi : g.gpuInstances()) {
            if (gi.profile().id() == profileId) {
                out.add(gi.instance());
            }
        }
        return out;
    }

    private SimGpuInstance gpuInstance(NvmlFunction f, long handle) {
        begin(f);
        for (int i = 0; i < scenario.gpus().size(); i++) {
            for (SimGpuInstance gi : scenario.gpus().get(i).gpuInstances()) {
                if (gi.instance().handle() == handle) {
                    fault(f, i);
                    return gi;
                }
            }
        }
        throw error(f, NvmlReturn.INVALID_ARGUMENT);
    }

    // ---- MIG-backed vGPU (R575) ----

    /**
     * GPU instance {@code handle}'s vGPU side: FUNCTION_NOT_FOUND before R575, NOT_SUPPORTED unless its GPU is a vGPU
     * host and the instance holds vGPUs.
     */
    private SimGpuInstanceVgpus giVgpus(NvmlFunction f, long handle) {
        SimGpuInstance gi = gpuInstance(f, handle);
        requireR575(f);
        SimGpu gpu = gpuOf(gi);
        if (gi.vgpuHost().isEmpty() || gpu.virtualizationMode() != VirtualizationMode.HOST_VGPU
                || gpu.vgpuHost().isEmpty()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return gi.vgpuHost().get();
    }

    private SimGpu gpuOf(SimGpuInstance gi) {
        for (SimGpu g : scenario.gpus()) {
            if (g.gpuInstances().contains(gi)) {
                return g;
            }
        }
        throw new IllegalStateException("no GPU holds " + gi);
    }

    /** The MIG-backed vGPU calls (nvml.h 12.9): FUNCTION_NOT_FOUND unless the driver is an R575 or newer one. */
    private void requireR575(NvmlFunction f) {
        if (driverMajor(scenario.driverVersion()) < 575) {
            throw error(f, NvmlReturn.FUNCTION_NOT_FOUND);
        }
    }

    private static int driverMajor(String driverVersion) {
        int dot = driverVersion.indexOf('.');
        try {
            return dot > 0 ? Integer.parseInt(driverVersion.substring(0, dot)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public long[] gpuInstanceActiveVgpus(long gpuInstance) {
        NvmlFunction f = nvmlGpuInstanceGetActiveVgpus;
        giVgpus(f, gpuInstance);
        SimGpuInstance gi = gpuInstanceOf(gpuInstance);
        return gpuOf(gi).vgpuHost().orElseThrow().vgpus().stream()
                .filter(v -> v.gpuInstanceId() == gi.instance().id()).mapToLong(SimVgpu::id).toArray();
    }

    private SimGpuInstance gpuInstanceOf(long handle) {
        for (SimGpu g : scenario.gpus()) {
            for (SimGpuInstance gi : g.gpuInstances()) {
                if (gi.instance().handle() == handle) {
                    return gi;
                }
            }
        }
        throw new IllegalStateException("no GPU instance " + handle);
    }

    @Override
    public long[] gpuInstanceCreatableVgpus(long gpuInstance) {
        return giVgpus(nvmlGpuInstanceGetCreatableVgpus, gpuInstance).types().stream()
                .filter(SimGpuInstanceVgpus.Type::creatable).mapToLong(SimGpuInstanceVgpus.Type::typeId).toArray();
    }

    @Override
    public VgpuPlacementList gpuInstanceVgpuTypeCreatablePlacements(long gpuInstance, long vgpuType) {
        NvmlFunction f = nvmlGpuInstanceGetVgpuTypeCreatablePlacements;
        for (SimGpuInstanceVgpus.Type t : giVgpus(f, gpuInstance).types()) {
            if (t.typeId() == vgpuType) {
                return new VgpuPlacementList(t.placementSize(),
                        t.creatablePlacements().stream().mapToLong(Long::longValue).toArray());
            }
        }
        throw error(f, NvmlReturn.INVALID_ARGUMENT);
    }

    @Override
    public SchedulerState gpuInstanceVgpuSchedulerState(long gpuInstance) {
        SchedulerState s = giVgpus(nvmlGpuInstanceGetVgpuSchedulerState, gpuInstance).state();
        return s.arrMode() == ArrMode.UNKNOWN ? new SchedulerState(s.policy(), s.arrMode(), v1(s.params())) : s;
    }

    @Override
    public SchedulerState gpuInstanceVgpuSchedulerStateV2(long gpuInstance) {
        NvmlFunction f = nvmlGpuInstanceGetVgpuSchedulerState_v2;
        SchedulerState s = giVgpus(f, gpuInstance).state();
        requireSchedulerV2(f);
        return new SchedulerState(s.policy(), ArrMode.UNKNOWN, s.params());
    }

    @Override
    public SchedulerLog gpuInstanceVgpuSchedulerLog(long gpuInstance, long newerThanNs) {
        return v1Log(giVgpus(nvmlGpuInstanceGetVgpuSchedulerLog, gpuInstance).schedulerLog(), newerThanNs);
    }

    @Override
    public SchedulerLog gpuInstanceVgpuSchedulerLogV2(long gpuInstance, long newerThanNs) {
        NvmlFunction f = nvmlGpuInstanceGetVgpuSchedulerLog_v2;
        SchedulerLog all = giVgpus(f, gpuInstance).schedulerLog();
        requireSchedulerV2(f);
        return new SchedulerLog(all.engineId(), all.policy(), ArrMode.UNKNOWN, all.params(),
                weighted(newerThan(all.entries(), newerThanNs, SchedulerLogEntry::timestampNs)));
    }

    @Override
    public int gpuInstanceVgpuHeterogeneousMode(long gpuInstance) {
        return giVgpus(nvmlGpuInstanceGetVgpuHeterogeneousMode, gpuInstance).heterogeneousMode();
    }

    @Override
    public long vgpuTypeMaxInstancesPerGpuInstance(long vgpuType) {
        NvmlFunction f = nvmlVgpuTypeGetMaxInstancesPerGpuInstance;
        begin(f);
        requireR575(f);
        for (SimGpu g : scenario.gpus()) {
            for (SimGpuInstance gi : g.gpuInstances()) {
                for (SimGpuInstanceVgpus.Type t : gi.vgpuHost().map(SimGpuInstanceVgpus::types).orElse(List.of())) {
                    if (t.typeId() == vgpuType) {
                        return t.maxInstancesPerGpuInstance();
                    }
                }
            }
        }
        throw error(f, NvmlReturn.INVALID_ARGUMENT);
    }

    @Override
    public List<ComputeInstanceProfile> gpuInstanceComputeInstanceProfiles(long gpuInstance) {
        return gpuInstance(nvmlGpuInstanceGetComputeInstanceProfileInfo, gpuInstance).computeProfiles().stream()
                .filter(p -> p.profileIndex() < scenario.computeInstanceProfilesKnown()).toList();
    }

    @Override
    public List<ComputeInstance> gpuInstanceComputeInstances(long gpuInstance, long profileId) {
        List<ComputeInstance> out = new ArrayList<>();
        for (ComputeInstance ci : gpuInstance(nvmlGpuInstanceGetComputeInstances, gpuInstance)
                .computeInstances()) {
            if (ci.profileId() == profileId) {
                out.add(ci);
            }
        }
        return out;
    }

    // ---- vGPU host ----

    @Override
    public HostVgpuMode deviceHostVgpuMode(long device) {
        return host(nvmlDeviceGetHostVgpuMode, device).hostMode();
    }

    @Override
    public SchedulerCapabilities deviceVgpuSchedulerCapabilities(long device) {
        return scheduler(nvmlDeviceGetVgpuSchedulerCapabilities, device).capabilities();
    }

    @Override
    public SchedulerState deviceVgpuSchedulerState(long device) {
        SchedulerState s = scheduler(nvmlDeviceGetVgpuSchedulerState, device).state();
        return s.arrMode() == ArrMode.UNKNOWN ? new SchedulerState(s.policy(), s.arrMode(), v1(s.params())) : s;
    }

    /** A v2 scenario's parameters as the v1 union decodes them without ARR enabled: no average factor. */
    private static SchedulerParams v1(SchedulerParams p) {
        return p.avgFactor() == -1 ? p : new SchedulerParams(-1, p.timesliceSeconds());
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLog(long device, long newerThanNs) {
        return v1Log(scheduler(nvmlDeviceGetVgpuSchedulerLog, device).schedulerLog(), newerThanNs);
    }

    /** A log as the v1 call answers it: no weights; a v2 scenario's parameters without an average factor. */
    private static SchedulerLog v1Log(SchedulerLog all, long newerThanNs) {
        List<SchedulerLogEntry> newer = newerThan(all.entries(), newerThanNs, SchedulerLogEntry::timestampNs);
        if (!newer.isEmpty() && newer.get(0).weight() != -1) {
            // the v1 log has no weights (a v2 driver's scenario read through v1)
            newer = newer.stream().map(SchedulerLogEntry::withoutWeight).toList();
        }
        if (all.arrMode() == ArrMode.UNKNOWN) {
            return new SchedulerLog(all.engineId(), all.policy(), all.arrMode(), v1(all.params()), newer);
        }
        return newer == all.entries() ? all
                : new SchedulerLog(all.engineId(), all.policy(), all.arrMode(), all.params(), newer);
    }

    @Override
    public SchedulerState deviceVgpuSchedulerStateV2(long device) {
        NvmlFunction f = nvmlDeviceGetVgpuSchedulerState_v2;
        SchedulerState s = scheduler(f, device).state();
        requireSchedulerV2(f);
        return s.arrMode() == ArrMode.UNKNOWN ? s : new SchedulerState(s.policy(), ArrMode.UNKNOWN, s.params());
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLogV2(long device, long newerThanNs) {
        NvmlFunction f = nvmlDeviceGetVgpuSchedulerLog_v2;
        SchedulerLog all = scheduler(f, device).schedulerLog();
        requireSchedulerV2(f);
        List<SchedulerLogEntry> newer = weighted(newerThan(all.entries(), newerThanNs, SchedulerLogEntry::timestampNs));
        return newer == all.entries() && all.arrMode() == ArrMode.UNKNOWN ? all
                : new SchedulerLog(all.engineId(), all.policy(), ArrMode.UNKNOWN, all.params(), newer);
    }

    /**
     * The entries as the v2 log has them: a v2 driver reports every entry's weight (an unsigned number), so an entry
     * the scenario holds without one (-1: a scenario written for the v1 log) reads as weight 0, as the native mock
     * answers it.
     */
    static List<SchedulerLogEntry> weighted(List<SchedulerLogEntry> entries) {
        for (SchedulerLogEntry e : entries) {
            if (e.weight() < 0) {
                return entries.stream().map(x -> x.weight() < 0 ? new SchedulerLogEntry(x.timestampNs(),
                        x.timeRunTotalSeconds(), x.timeRunSeconds(), x.swRunlistId(), x.targetTimeSliceSeconds(),
                        x.cumulativePreemptionSeconds(), 0) : x).toList();
            }
        }
        return entries;
    }

    /**
     * As the v2 driver checks it (vGPUs running: NOT_SUPPORTED; a policy, or an average factor or frequency other
     * than 0 outside the capabilities: INVALID_ARGUMENT); 0 keeps the value the GPU has (the mock's "default").
     */
    @Override
    public void deviceSetVgpuSchedulerStateV2(long device, SchedulerSetState state) {
        NvmlFunction f = nvmlDeviceSetVgpuSchedulerState_v2;
        SimVgpuHost h = scheduler(f, device);
        requireSchedulerV2(f);
        SchedulerCapabilities caps = h.capabilities();
        if (!h.vgpus().isEmpty()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        boolean valid = caps.supportedSchedulers().contains(state.policy())
                && (state.avgFactor() == 0
                        || within(state.avgFactor(), caps.minAvgFactorForArr(), caps.maxAvgFactorForArr()))
                && (state.frequencyHertz() == 0
                        || within(state.frequencyHertz(), caps.minFrequencyForArrHertz(), caps.maxFrequencyForArrHertz()));
        if (!valid) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        SchedulerParams now = h.state().params();
        SchedulerState applied = new SchedulerState(state.policy(), ArrMode.UNKNOWN, new SchedulerParams(
                state.avgFactor() == 0 ? now.avgFactor() : state.avgFactor(),
                state.frequencyHertz() == 0 ? now.timesliceSeconds() : 1.0 / state.frequencyHertz()));
        replaceHost(gpuIndex(f, device), Simulation.with(h, h.vgpus(), applied));
    }

    /**
     * Checks the request as the driver does (running vGPUs: NOT_SUPPORTED; ARR unsupported:
     * NOT_SUPPORTED; a policy or value out of the capabilities: INVALID_ARGUMENT) and applies it.
     */
    @Override
    public void deviceSetVgpuSchedulerState(long device, SchedulerSetState state) {
        NvmlFunction f = nvmlDeviceSetVgpuSchedulerState;
        SimVgpuHost h = scheduler(f, device);
        SchedulerCapabilities caps = h.capabilities();
        if (!h.vgpus().isEmpty()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        if (state.enableArr() && !caps.arrModeSupported()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        boolean valid = caps.supportedSchedulers().contains(state.policy()) && (state.enableArr()
                ? within(state.avgFactor(), caps.minAvgFactorForArr(), caps.maxAvgFactorForArr())
                        && within(state.frequencyHertz(), caps.minFrequencyForArrHertz(), caps.maxFrequencyForArrHertz())
                : state.timesliceSeconds() >= caps.minTimesliceSeconds()
                        && state.timesliceSeconds() <= caps.maxTimesliceSeconds());
        if (!valid) {
            throw error(f, NvmlReturn.INVALID_ARGUMENT);
        }
        SchedulerState applied = state.enableArr()
                ? new SchedulerState(state.policy(), ArrMode.ENABLED,
                        new SchedulerParams(state.avgFactor(), 1.0 / state.frequencyHertz()))
                : new SchedulerState(state.policy(), ArrMode.DISABLED,
                        new SchedulerParams(-1, state.timesliceSeconds()));
        int index = gpuIndex(f, device);
        replaceHost(index, Simulation.with(h, h.vgpus(), applied));
    }

    private static boolean within(long v, long min, long max) {
        return v >= min && v <= max;
    }

    @Override
    public long[] deviceSupportedVgpus(long device) {
        List<SimVgpuType> ts = host(nvmlDeviceGetSupportedVgpus, device).types();
        long[] out = new long[ts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ts.get(i).id();
        }
        return out;
    }

    @Override
    public long[] deviceCreatableVgpus(long device) {
        List<SimVgpuType> ts = host(nvmlDeviceGetCreatableVgpus, device).types();
        int n = 0;
        long[] out = new long[ts.size()];
        for (SimVgpuType t : ts) {
            if (t.creatable()) {
                out[n++] = t.id();
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public long[] deviceActiveVgpus(long device) {
        NvmlFunction f = nvmlDeviceGetActiveVgpus;
        SimVgpuHost h = host(f, device);
        int index = gpuIndex(f, device);
        if (faults.countGrowthProbability() > 0 && faultRnd.nextDouble() < faults.countGrowthProbability()) {
            // a VM starts between the count and the fill: the (retried) fill holds one more
            List<SimVgpu> grown = new ArrayList<>(h.vgpus());
            simulation.startable(h.types(), grown, h.heterogeneousMode() == 1, simulation.nowUs())
                    .ifPresent(grown::add);
            h = Simulation.with(h, grown, h.state());
            replaceHost(index, h);
        }
        List<SimVgpu> vs = h.vgpus();
        long[] out = new long[vs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = vs.get(i).id();
        }
        if (!vs.isEmpty() && faults.churnProbability() > 0 && faultRnd.nextDouble() < faults.churnProbability()) {
            // a VM stops right after the enumeration: its calls answer NOT_FOUND from now on
            List<SimVgpu> shrunk = new ArrayList<>(vs);
            shrunk.remove(faultRnd.nextInt(shrunk.size()));
            replaceHost(index, Simulation.with(h, shrunk, h.state()));
        }
        return out;
    }

    @Override
    public int deviceVgpuHeterogeneousMode(long device) {
        SimVgpuHost h = host(nvmlDeviceGetVgpuHeterogeneousMode, device);
        requireR550(nvmlDeviceGetVgpuHeterogeneousMode);
        return (int) notSupportedIfNegative(nvmlDeviceGetVgpuHeterogeneousMode, h.heterogeneousMode());
    }

    @Override
    public VgpuPlacementList deviceVgpuTypeSupportedPlacements(long device, long vgpuType) {
        SimVgpuType t = typeOn(nvmlDeviceGetVgpuTypeSupportedPlacements, device, vgpuType);
        return new VgpuPlacementList(t.placementSize(), ids(t.supportedPlacements()));
    }

    @Override
    public VgpuPlacementList deviceVgpuTypeCreatablePlacements(long device, long vgpuType) {
        SimVgpuType t = typeOn(nvmlDeviceGetVgpuTypeCreatablePlacements, device, vgpuType);
        if (host(nvmlDeviceGetVgpuTypeCreatablePlacements, device).heterogeneousMode() != 1) {
            throw error(nvmlDeviceGetVgpuTypeCreatablePlacements, NvmlReturn.NOT_SUPPORTED);
        }
        return new VgpuPlacementList(t.placementSize(), ids(t.creatablePlacements()));
    }

    /** Type {@code vgpuType} as GPU {@code device} has it now, through an R550 placement call. */
    private SimVgpuType typeOn(NvmlFunction f, long device, long vgpuType) {
        SimVgpuHost h = host(f, device);
        requireR550(f);
        for (SimVgpuType t : h.types()) {
            if (t.id() == vgpuType) {
                return t;
            }
        }
        throw error(f, NvmlReturn.INVALID_ARGUMENT);
    }

    private static long[] ids(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    // ---- vGPU type ----

    @Override
    public String vgpuTypeName(long vgpuType) {
        return type(nvmlVgpuTypeGetName, vgpuType).name();
    }

    @Override
    public String vgpuTypeClass(long vgpuType) {
        return type(nvmlVgpuTypeGetClass, vgpuType).typeClass();
    }

    @Override
    public long vgpuTypeFramebufferSize(long vgpuType) {
        return type(nvmlVgpuTypeGetFramebufferSize, vgpuType).framebufferBytes();
    }

    @Override
    public long vgpuTypeMaxInstances(long device, long vgpuType) {
        SimVgpuHost h = host(nvmlVgpuTypeGetMaxInstances, device);
        for (SimVgpuType t : h.types()) {
            if (t.id() == vgpuType) {
                return t.maxInstances();
            }
        }
        throw error(nvmlVgpuTypeGetMaxInstances, NvmlReturn.INVALID_ARGUMENT);
    }

    @Override
    public long vgpuTypeMaxInstancesPerVm(long vgpuType) {
        return type(nvmlVgpuTypeGetMaxInstancesPerVm, vgpuType).maxInstancesPerVm();
    }

    @Override
    public long vgpuTypeGpuInstanceProfileId(long vgpuType) {
        return type(nvmlVgpuTypeGetGpuInstanceProfileId, vgpuType).gpuInstanceProfileId();
    }

    // ---- vGPU instance ----

    @Override
    public String vgpuInstanceUuid(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetUUID, vgpu).uuid();
    }

    @Override
    public VmId vgpuInstanceVmId(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetVmID, vgpu).vmId();
    }

    @Override
    public String vgpuInstanceVmDriverVersion(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetVmDriverVersion, vgpu).vmDriverVersion();
    }

    @Override
    public long vgpuInstanceFbUsage(long vgpu) {
        SimVgpu v = vgpu(nvmlVgpuInstanceGetFbUsage, vgpu);
        if (!faults.oddities().isEmpty()) {
            int loc = vgpuLocations[Arrays.binarySearch(vgpuIds, vgpu)];
            SimVgpuType t = types.get(v.typeId());
            if (t != null && odd(FaultPlan.OddityKind.VGPU_FB_OVER_TYPE, loc >>> 12, loc & 0xFFF)) {
                return t.framebufferBytes() + (1L << 30);
            }
        }
        return v.fbUsageBytes();
    }

    @Override
    public LicenseInfo vgpuInstanceLicenseInfo(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetLicenseInfo_v2, vgpu).license();
    }

    @Override
    public int vgpuInstanceLicenseStatus(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetLicenseStatus, vgpu).license().licensed() ? 1 : 0;
    }

    @Override
    public long vgpuInstanceType(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetType, vgpu).typeId();
    }

    @Override
    public long vgpuInstanceFrameRateLimit(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetFrameRateLimit, vgpu).frameRateLimit();
    }

    @Override
    public boolean vgpuInstanceEccMode(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetEccMode, vgpu).eccEnabled();
    }

    @Override
    public long vgpuInstanceEncoderCapacity(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetEncoderCapacity, vgpu).encoderCapacity();
    }

    @Override
    public EncoderStats vgpuInstanceEncoderStats(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetEncoderStats, vgpu).encoderStats();
    }

    @Override
    public EncoderStats vgpuInstanceFbcStats(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetFBCStats, vgpu).fbcStats();
    }

    @Override
    public long vgpuInstancePlacementId(long vgpu) {
        SimVgpu v = vgpu(nvmlVgpuInstanceGetPlacementId, vgpu);
        requireR550(nvmlVgpuInstanceGetPlacementId);
        return hostOf(vgpu).heterogeneousMode() == 1 ? v.placementId() : Nvml.INVALID_PLACEMENT_ID;
    }

    /** The vGPU host running vGPU instance {@code vgpu} (known to exist). */
    private SimVgpuHost hostOf(long vgpu) {
        int loc = vgpuLocations[Arrays.binarySearch(vgpuIds, vgpu)];
        return scenario.gpus().get(loc >>> 12).vgpuHost().get();
    }

    @Override
    public long vgpuInstanceGpuInstanceId(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetGpuInstanceId, vgpu).gpuInstanceId();
    }

    @Override
    public boolean vgpuInstanceAccountingMode(long vgpu) {
        return vgpu(nvmlVgpuInstanceGetAccountingMode, vgpu).accountingMode();
    }

    @Override
    public long[] vgpuInstanceAccountingPids(long vgpu) {
        SimVgpu v = vgpu(nvmlVgpuInstanceGetAccountingPids, vgpu);
        if (!v.accountingMode()) {
            throw error(nvmlVgpuInstanceGetAccountingPids, NvmlReturn.NOT_SUPPORTED);
        }
        long[] out = new long[v.accounting().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.accounting().get(i).pid();
        }
        return out;
    }

    @Override
    public AccountingStats vgpuInstanceAccountingStats(long vgpu, long pid) {
        SimVgpu v = vgpu(nvmlVgpuInstanceGetAccountingStats, vgpu);
        if (!v.accountingMode()) {
            throw error(nvmlVgpuInstanceGetAccountingStats, NvmlReturn.NOT_SUPPORTED);
        }
        List<SimVgpu.Accounting> accounting = v.accounting();
        for (int i = 0; i < accounting.size(); i++) { // indexed: no iterator on this hot path
            if (accounting.get(i).pid() == pid) {
                return accounting.get(i).stats();
            }
        }
        throw error(nvmlVgpuInstanceGetAccountingStats, NvmlReturn.NOT_FOUND);
    }

    // ---- vGPU utilization ----

    @Override
    public List<VgpuUtilizationSample> deviceVgpuUtilization(long device, long lastSeenTimestampUs) {
        List<VgpuUtilizationSample> all = odd(gpuIndex(nvmlDeviceGetVgpuUtilization, device),
                host(nvmlDeviceGetVgpuUtilization, device).utilizationSamples());
        List<VgpuUtilizationSample> out = null;
        for (int i = 0; i < all.size(); i++) {
            VgpuUtilizationSample s = all.get(i);
            if (s.timestampUs() > lastSeenTimestampUs) {
                if (out == null) {
                    out = new ArrayList<>(all.size() - i);
                }
                // the pre-R550 call has no jpg / ofa
                out.add(new VgpuUtilizationSample(s.vgpuInstance(), s.timestampUs(), s.sm(), s.mem(), s.enc(),
                        s.dec(), Double.NaN, Double.NaN));
            }
        }
        return out == null ? List.of() : out;
    }

    @Override
    public List<VgpuUtilizationSample> deviceVgpuInstancesUtilizationInfo(long device, long lastSeenTimestampUs) {
        List<VgpuUtilizationSample> all = odd(gpuIndex(nvmlDeviceGetVgpuInstancesUtilizationInfo, device),
                host(nvmlDeviceGetVgpuInstancesUtilizationInfo, device).utilizationSamples());
        requireR550(nvmlDeviceGetVgpuInstancesUtilizationInfo);
        return newerThan(all, lastSeenTimestampUs, VgpuUtilizationSample::timestampUs);
    }

    @Override
    public List<VgpuProcessUtilizationSample> deviceVgpuProcessUtilization(long device, long lastSeenTimestampUs) {
        List<VgpuProcessUtilizationSample> all =
                host(nvmlDeviceGetVgpuProcessUtilization, device).processSamples();
        long lag = faults.sampleClockLagUs(poll());
        if (lag != 0) {
            List<VgpuProcessUtilizationSample> moved = new ArrayList<>(all.size());
            for (VgpuProcessUtilizationSample p : all) {
                moved.add(new VgpuProcessUtilizationSample(p.vgpuInstance(), p.pid(), p.processName(),
                        p.timestampUs() - lag, p.smUtil(), p.memUtil(), p.encUtil(), p.decUtil()));
            }
            all = moved;
        }
        return newerThan(all, lastSeenTimestampUs, VgpuProcessUtilizationSample::timestampUs);
    }

    /**
     * GPU {@code gpu}'s vGPU utilization samples {@code all} as the fault plan has them in this poll: on its sample
     * clock, with its impossible values; {@code all} itself when the plan changes nothing.
     */
    private List<VgpuUtilizationSample> odd(int gpu, List<VgpuUtilizationSample> all) {
        long lag = faults.sampleClockLagUs(poll());
        if (lag == 0 && faults.oddities().isEmpty()) {
            return all;
        }
        // an hour after both the simulated now and this host's clock: a time no sample can have
        long future = Math.max(simulation.nowUs(), System.currentTimeMillis() * 1000) + 3_600_000_000L;
        List<VgpuUtilizationSample> out = new ArrayList<>(all.size());
        for (VgpuUtilizationSample s : all) {
            int p = position(s.vgpuInstance());
            double sm = odd(FaultPlan.OddityKind.SAMPLE_ALL_ONES, gpu, p) ? 0xFFFF_FFFFL : s.sm();
            double mem = odd(FaultPlan.OddityKind.SAMPLE_OVER_HUNDRED, gpu, p) ? 808334905 : s.mem();
            long ts = odd(FaultPlan.OddityKind.SAMPLE_IN_FUTURE, gpu, p) ? future : s.timestampUs() - lag;
            out.add(new VgpuUtilizationSample(s.vgpuInstance(), ts, sm, mem, s.enc(), s.dec(), s.jpg(), s.ofa()));
        }
        return out;
    }

    /** The items stamped after {@code lastSeen}: {@code all} itself when every one is, no copy. */
    // ---- newer vGPU type, instance and capability facts ----

    /** FUNCTION_NOT_FOUND unless the scenario's driver exports {@code f} ({@link Scenario#exports}). */
    private void requireExported(NvmlFunction f) {
        if (!scenario.exports(f)) {
            throw error(f, NvmlReturn.FUNCTION_NOT_FOUND);
        }
    }

    /** A type fact the scenario may lack: FUNCTION_NOT_FOUND before its driver, NOT_SUPPORTED when empty. */
    private long typeFact(NvmlFunction f, long vgpuType, java.util.function.Function<SimVgpuType, Optional<Long>> fact) {
        SimVgpuType t = type(f, vgpuType);
        requireExported(f);
        return fact.apply(t).orElseThrow(() -> error(f, NvmlReturn.NOT_SUPPORTED));
    }

    @Override
    public long vgpuTypeBar1Size(long vgpuType) {
        return typeFact(nvmlVgpuTypeGetBAR1Info, vgpuType, SimVgpuType::bar1Bytes);
    }

    @Override
    public long vgpuTypeFbReservation(long vgpuType) {
        return typeFact(nvmlVgpuTypeGetFbReservation, vgpuType, SimVgpuType::fbReservationBytes);
    }

    @Override
    public long vgpuTypeGspHeapSize(long vgpuType) {
        return typeFact(nvmlVgpuTypeGetGspHeapSize, vgpuType, SimVgpuType::gspHeapBytes);
    }

    @Override
    public long vgpuInstanceRuntimeStateSize(long vgpu) {
        SimVgpu v = vgpu(nvmlVgpuInstanceGetRuntimeStateSize, vgpu);
        requireExported(nvmlVgpuInstanceGetRuntimeStateSize);
        return v.runtimeStateBytes().orElseThrow(() -> error(nvmlVgpuInstanceGetRuntimeStateSize,
                NvmlReturn.NOT_SUPPORTED));
    }

    @Override
    public Map<DeviceVgpuCapability, Long> deviceVgpuCapabilities(long device) {
        List<Long> values = host(nvmlDeviceGetVgpuCapabilities, device).vgpuCapabilities();
        Map<DeviceVgpuCapability, Long> out = new EnumMap<>(DeviceVgpuCapability.class);
        for (DeviceVgpuCapability c : DeviceVgpuCapability.values()) {
            if (c.code() < values.size() && values.get(c.code()) >= 0) {
                out.put(c, values.get(c.code()));
            }
        }
        return answered(nvmlDeviceGetVgpuCapabilities, out);
    }

    @Override
    public Map<VgpuDriverCapability, Long> vgpuDriverCapabilities() {
        begin(nvmlGetVgpuDriverCapabilities);
        fault(nvmlGetVgpuDriverCapabilities, -1);
        List<Long> values = scenario.vgpuDriverCapabilities();
        Map<VgpuDriverCapability, Long> out = new EnumMap<>(VgpuDriverCapability.class);
        for (VgpuDriverCapability c : VgpuDriverCapability.values()) {
            if (c.code() < values.size() && values.get(c.code()) >= 0) {
                out.put(c, values.get(c.code()));
            }
        }
        return answered(nvmlGetVgpuDriverCapabilities, out);
    }

    /** The capabilities that answered; NOT_SUPPORTED when none did, as the binding reports it. */
    private static <K extends Enum<K>> Map<K, Long> answered(NvmlFunction f, Map<K, Long> values) {
        if (values.isEmpty()) {
            throw error(f, NvmlReturn.NOT_SUPPORTED);
        }
        return values;
    }

    private static <T> List<T> newerThan(List<T> all, long lastSeen, ToLongFunction<T> timestamp) {
        int newer = 0;
        for (int i = 0; i < all.size(); i++) {
            if (timestamp.applyAsLong(all.get(i)) > lastSeen) {
                newer++;
            }
        }
        if (newer == all.size()) {
            return all;
        }
        if (newer == 0) {
            return List.of();
        }
        List<T> out = new ArrayList<>(newer);
        for (int i = 0; i < all.size(); i++) {
            if (timestamp.applyAsLong(all.get(i)) > lastSeen) {
                out.add(all.get(i));
            }
        }
        return out;
    }
}
