package io.smi4j.mock;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
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
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
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
        if (gpu >= 0 && gpu < lost.length && lost[gpu]) {
            throw new NvmlException(f, NvmlReturn.GPU_IS_LOST.code());
        }
        long poll = counts[nvmlDeviceGetCount_v2.ordinal()];
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
        return notSupportedIfNegative(nvmlDeviceGetMaxClockInfo,
                gpu(nvmlDeviceGetMaxClockInfo, device).maxClocksMhz().get(type.code()));
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
        List<SimProcess> ps = gpu(nvmlDeviceGetComputeRunningProcesses_v3, device).processes();
        List<ProcessInfo> out = new ArrayList<>(ps.size());
        for (SimProcess p : ps) {
            out.add(new ProcessInfo(p.pid(), p.usedGpuMemoryBytes(), p.gpuInstanceId(), p.computeInstanceId()));
        }
        return out;
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
            if (!out.contains(gi.profile())) {
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

    @Override
    public List<ComputeInstanceProfile> gpuInstanceComputeInstanceProfiles(long gpuInstance) {
        return gpuInstance(nvmlGpuInstanceGetComputeInstanceProfileInfo, gpuInstance).computeProfiles();
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
        return scheduler(nvmlDeviceGetVgpuSchedulerState, device).state();
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLog(long device, long newerThanNs) {
        SchedulerLog all = scheduler(nvmlDeviceGetVgpuSchedulerLog, device).schedulerLog();
        List<SchedulerLogEntry> newer = newerThan(all.entries(), newerThanNs, SchedulerLogEntry::timestampNs);
        return newer == all.entries() ? all
                : new SchedulerLog(all.engineId(), all.policy(), all.arrMode(), all.params(), newer);
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
        return vgpu(nvmlVgpuInstanceGetFbUsage, vgpu).fbUsageBytes();
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
        List<VgpuUtilizationSample> all = host(nvmlDeviceGetVgpuUtilization, device).utilizationSamples();
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
        List<VgpuUtilizationSample> all =
                host(nvmlDeviceGetVgpuInstancesUtilizationInfo, device).utilizationSamples();
        requireR550(nvmlDeviceGetVgpuInstancesUtilizationInfo);
        return newerThan(all, lastSeenTimestampUs, VgpuUtilizationSample::timestampUs);
    }

    @Override
    public List<VgpuProcessUtilizationSample> deviceVgpuProcessUtilization(long device, long lastSeenTimestampUs) {
        List<VgpuProcessUtilizationSample> all =
                host(nvmlDeviceGetVgpuProcessUtilization, device).processSamples();
        return newerThan(all, lastSeenTimestampUs, VgpuProcessUtilizationSample::timestampUs);
    }

    /** The items stamped after {@code lastSeen}: {@code all} itself when every one is, no copy. */
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
