package io.smi4j.mock;

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
import io.smi4j.model.LicenseState;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The preset simulated hosts, by name. Each preset is deterministic for its seed and start
 * time: the same name, seed and start give an equal {@link Scenario}, and an equal evolution
 * under {@link MockNvml#advance()} (see {@link SimClock} for the times).
 *
 * <p>Every preset adds up: a GPU's used, free and reserved memory make its total; a vGPU-host GPU's
 * memory is its placement slots (one GiB each, see {@link SimVgpuType}) plus the driver's reservation,
 * and each vGPU holds its own slots; an accounted process has run no longer than it exists; every
 * timestamp lies at or before the start.
 *
 * <ul>
 *   <li>{@code bare-metal}: 8 H100 GPUs, no virtualization, compute processes, passive cooling (no fan).</li>
 *   <li>{@code vgpu-host}: an SR-IOV hypervisor on R550 with two A100 (Compute vGPUs) and two L40S
 *       (Quadro vGPUs, one in heterogeneous mode), 4 to 16 vGPUs per GPU, ARR on, accounting on.</li>
 *   <li>{@code vgpu-host-large}: 8 L40S with 32 vGPUs each, on R535 (no R550-only calls).</li>
 *   <li>{@code vgpu-host-r580}: two Blackwell GPUs on R580 with the v2 scheduler calls ({@link R580Preset}).</li>
 *   <li>{@code mig-host}: two A100-SXM4-40GB with MIG on, one split 3+2+2, one into seven 1g.5gb.</li>
 *   <li>{@code vgpu-guest}: a VM with one licensed A100-4C vGPU.</li>
 *   <li>{@code no-driver}: the library loads but the kernel driver is not running.</li>
 * </ul>
 */
public final class Scenarios {

    /** Step 0 of {@link #create(String, long)}: 2025-11-13T00:00:00Z, in microseconds. */
    static final long DEFAULT_START_US = 1_762_992_000_000_000L;

    /** One simulation step is one default poll interval. */
    static final long STEP_US = 2_000_000L;

    private static final List<String> NAMES =
            List.of("bare-metal", "vgpu-host", "vgpu-host-large", "vgpu-host-r580", "mig-host", "vgpu-guest",
                    "no-driver", FaultyHostPreset.NAME);

    static final String R550 = "550.163.01";
    private static final String R535 = "535.261.03";
    private static final String R580 = "580.65.06";
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /**
     * What {@code nvmlDeviceGetVgpuCapabilities} answers on the vGPU presets' GPUs, by {@code nvmlDeviceVgpuCapability_t}
     * up to the last one nvml.h 12.4 knows (an R550 or R535 driver answers INVALID_ARGUMENT for newer ones):
     * fractional multi-vGPU, heterogeneous timeslice profiles and sizes, read / write device buffer bandwidth in MB/s,
     * device streaming, mini quarter GPU, compute media engine GPU.
     */
    static final List<Long> VGPU_CAPABILITIES_R550 = List.of(1L, 1L, 1L, 24_000L, 20_000L, 1L, 0L, 0L);

    /** What {@code nvmlGetVgpuDriverCapabilities} answers on the vGPU presets: heterogeneous multi-vGPU, as 12.4 knows. */
    static final List<Long> DRIVER_CAPABILITIES_R550 = List.of(1L);

    /** What the driver reserves of a vGPU host GPU's memory, beside the slots the vGPUs get (one GiB each). */
    static final long VGPU_HOST_RESERVED = 600 * MIB;

    private Scenarios() {
    }

    /** The preset names, in the order tools list them. */
    public static List<String> names() {
        return NAMES;
    }

    /** The faults the preset {@code name} plays beside its data: none but for {@code faulty-host}. */
    public static FaultPlan faults(String name) {
        return name.equals(FaultyHostPreset.NAME) ? FaultyHostPreset.faults() : FaultPlan.none();
    }

    /**
     * The preset {@code name} at step 0, deterministic for {@code seed}, starting at a fixed time
     * (2025-11-13T00:00:00Z).
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static Scenario create(String name, long seed) {
        return create(name, seed, DEFAULT_START_US);
    }

    /**
     * The preset {@code name} at step 0, deterministic for {@code seed}, at {@code startUs}
     * (microseconds since the epoch).
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static Scenario create(String name, long seed, long startUs) {
        Random rnd = new Random(seed ^ name.hashCode());
        return switch (name) {
            case "bare-metal" -> bareMetal(rnd);
            case "vgpu-host" -> vgpuHost(rnd, startUs);
            case "vgpu-host-large" -> vgpuHostLarge(rnd, startUs);
            case R580Preset.NAME -> R580Preset.create(rnd, startUs);
            case "mig-host" -> migHost(rnd);
            case "vgpu-guest" -> vgpuGuest(rnd);
            case "no-driver" -> new Scenario(name, false, "", "12." + R550, 0, List.of());
            case FaultyHostPreset.NAME -> FaultyHostPreset.scenario(seed, startUs);
            default -> throw new IllegalArgumentException(
                    "unknown mock scenario '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    // ---- presets ----

    private static Scenario bareMetal(Random rnd) {
        List<SimGpu> gpus = new ArrayList<>(8);
        int[] buses = {0x18, 0x2a, 0x3a, 0x5d, 0x9a, 0xab, 0xba, 0xdb};
        for (int i = 0; i < 8; i++) {
            long total = 80L * GIB;
            long reserved = 512 * MIB;
            List<SimProcess> procs = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            long used = 0;
            for (int p = 0; p < n; p++) {
                long mem = Math.min((2 + rnd.nextInt(30)) * GIB, total - reserved - used); // what is free
                used += mem;
                procs.add(new SimProcess(4000 + i * 100 + p, p == 0 ? "python3" : "torchrun", mem, -1, -1));
            }
            gpus.add(new SimGpu("NVIDIA H100 80GB HBM3", uuid("GPU-", rnd), pci(buses[i], 0x233010DEL, 0x16C110DEL),
                    VirtualizationMode.NONE, memory(total, reserved, used),
                    new UtilizationRates(20 + rnd.nextInt(70), 10 + rnd.nextInt(50)),
                    35 + rnd.nextInt(30), 150_000 + rnd.nextInt(400_000), 700_000,
                    List.of(1755L, 1755L, 2619L, 1620L), List.of(1980L, 1980L, 2619L, 1740L),
                    -1, 0, new EccMode(true, true), new MigMode(false, false),
                    procs, List.of(), List.of(), java.util.Optional.empty(), java.util.Optional.empty()));
        }
        return new Scenario("bare-metal", true, R550, "12." + R550, 12040, gpus);
    }

    private static Scenario vgpuHost(Random rnd, long startUs) {
        IdSource ids = new IdSource(0xC000_0010L);
        List<SimGpu> gpus = new ArrayList<>(4);
        List<SimVgpuType> a100 = a100Types();
        List<SimVgpuType> l40s = l40sTypes();
        gpus.add(hostGpu(rnd, ids, "NVIDIA A100-PCIE-40GB", 0x20F110DEL, 0x145F10DEL, 0x17, 40 * GIB, a100,
                new int[] {8}, new int[] {0}, arrState(33, 1_000_000), 0, true, startUs));
        // kept free of VMs (its preset runs none, and none starts on it): a GPU whose scheduler can be changed
        gpus.add(hostGpu(rnd, ids, "NVIDIA A100-PCIE-40GB", 0x20F110DEL, 0x145F10DEL, 0x65, 40 * GIB, a100,
                new int[] {}, new int[] {}, arrState(40, 2_000_000), 0, true, startUs));
        gpus.add(hostGpu(rnd, ids, "NVIDIA L40S", 0x26B510DEL, 0x185110DEL, 0xB1, 48 * GIB, l40s,
                new int[] {16}, new int[] {1}, arrState(33, 1_000_000), 0, true, startUs));
        gpus.add(hostGpu(rnd, ids, "NVIDIA L40S", 0x26B510DEL, 0x185110DEL, 0xCA, 48 * GIB, l40s,
                new int[] {4, 2}, new int[] {3, 5},
                new SchedulerState(SchedulerPolicy.EQUAL_SHARE, ArrMode.DISABLED,
                        new SchedulerParams(-1, 0.002)), 1, true, startUs));
        return new Scenario("vgpu-host", true, R550, "12." + R550, 12040, gpus, DRIVER_CAPABILITIES_R550);
    }

    private static Scenario vgpuHostLarge(Random rnd, long startUs) {
        IdSource ids = new IdSource(0x8000_0100L);
        List<SimGpu> gpus = new ArrayList<>(8);
        List<SimVgpuType> l40s = l40sTypes();
        int[] buses = {0x18, 0x2a, 0x3a, 0x5d, 0x9a, 0xab, 0xba, 0xdb};
        for (int i = 0; i < 8; i++) {
            gpus.add(hostGpu(rnd, ids, "NVIDIA L40S", 0x26B510DEL, 0x185110DEL, buses[i], 48 * GIB, l40s,
                    new int[] {32}, new int[] {0}, arrState(33, 1_000_000), -1, true, startUs));
        }
        return new Scenario("vgpu-host-large", true, R535, "12." + R535, 12020, gpus, DRIVER_CAPABILITIES_R550);
    }

    private static Scenario migHost(Random rnd) {
        List<SimGpu> gpus = new ArrayList<>(3);
        gpus.add(migGpu(rnd, 0x07, new int[] {2, 1, 1}));
        gpus.add(migGpu(rnd, 0x0F, new int[] {0, 0, 0, 0, 0, 0, 0}));
        gpus.add(graphicsMigGpu(rnd, 0x41));
        // R580: a driver that knows the GPU instance profiles nvml.h 12.4 does not (indices 10-17)
        return new Scenario("mig-host", true, R580, "13." + R580, 13000, gpus);
    }

    /**
     * {@code NVML_GPU_INSTANCE_PROFILE_1_SLICE_GFX} (index 10, new since nvml.h 12.4): a quarter of a Blackwell
     * workstation-class GPU with graphics. Its profile id and sizes are the simulation's own.
     */
    static final GpuInstanceProfile BLACKWELL_1G_GFX = new GpuInstanceProfile(10, 47, 1, 4, 46, 24_192);

    /** An RTX PRO 6000 Blackwell split into four 1g.24gb+gfx instances, each with one compute instance. */
    private static SimGpu graphicsMigGpu(Random rnd, int bus) {
        String name = "NVIDIA RTX PRO 6000 Blackwell Server Edition";
        GpuInstanceProfile gp = BLACKWELL_1G_GFX;
        ComputeInstanceProfile cp = new ComputeInstanceProfile(0, 0, 1, 1, gp.multiprocessorCount());
        List<SimGpuInstance> instances = new ArrayList<>();
        List<SimMigDevice> devices = new ArrayList<>();
        List<SimProcess> procs = new ArrayList<>();
        long usedTotal = 0;
        for (int k = 0; k < gp.instanceCount(); k++) {
            long giId = k + 1L;
            long giHandle = 0x6100_0000L + (bus << 8) + giId;
            instances.add(new SimGpuInstance(gp, new GpuInstance(giHandle, giId, gp.id(), k, gp.sliceCount()),
                    List.of(cp), List.of(new ComputeInstance(giHandle + 0x10_0000L, 0, cp.id(), giId))));
            long total = gp.memorySizeMiB() * MIB;
            long used = (long) (total * (0.05 + rnd.nextDouble() * 0.7));
            usedTotal += used;
            devices.add(new SimMigDevice(name + " MIG 1g.24gb+gfx", uuid("MIG-", rnd), giId, 0, memory(total, 0, used)));
            procs.add(new SimProcess(7000 + bus * 10 + k, k % 2 == 0 ? "Xorg" : "blender", used, giId, 0));
        }
        return new SimGpu(name, uuid("GPU-", rnd), pci(bus, 0x2BB510DEL, 0x204E10DEL), VirtualizationMode.NONE,
                memory(96 * GIB, 0, usedTotal), new UtilizationRates(-1, -1),
                30 + rnd.nextInt(30), 150_000 + rnd.nextInt(300_000), 600_000,
                List.of(2100L, 2100L, 14001L, 1950L), List.of(2617L, 2617L, 14001L, 2100L),
                -1, 0, new EccMode(true, true), new MigMode(true, true),
                procs, instances, devices, java.util.Optional.empty(), java.util.Optional.empty());
    }

    private static Scenario vgpuGuest(Random rnd) {
        GridLicense license = new GridLicense(true, List.of(
                new GridLicense.Feature(4, 1, "NVIDIA Virtual Compute Server", true)));
        SimGpu gpu = new SimGpu("NVIDIA A100-4C", uuid("GPU-", rnd), pci(0x06, 0x20F110DEL, 0x14D410DEL),
                VirtualizationMode.VGPU_GUEST, memory(4 * GIB, 372 * MIB, 1200 * MIB),
                new UtilizationRates(30 + rnd.nextInt(40), 10 + rnd.nextInt(20)),
                -1, -1, -1,
                // a real guest answers UNKNOWN for every maximum clock, on every poll
                List.of(1410L, 1410L, 1215L, 1275L), List.of(SimGpu.ANSWERS_UNKNOWN, SimGpu.ANSWERS_UNKNOWN,
                        SimGpu.ANSWERS_UNKNOWN, SimGpu.ANSWERS_UNKNOWN),
                -1, 0, new EccMode(false, false), new MigMode(false, false),
                List.of(new SimProcess(2211, "python3", 1100 * MIB, -1, -1)),
                List.of(), List.of(), java.util.Optional.empty(), java.util.Optional.of(license));
        return new Scenario("vgpu-guest", true, R550, "12." + R550, 12040, List.of(gpu));
    }

    // ---- vGPU host pieces ----

    private static List<SimVgpuType> a100Types() {
        int[] sizes = {4, 5, 8, 10, 20, 40};
        int[] max = {10, 8, 5, 4, 2, 1};
        List<SimVgpuType> types = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            // multi-vGPU VMs take the types of half or all of the GPU (NVIDIA's rule for Compute types)
            types.add(new SimVgpuType(474 + i, "NVIDIA A100-" + sizes[i] + "C", "Compute", sizes[i] * GIB, max[i],
                    Nvml.NOT_AVAILABLE, true).withMaxInstancesPerVm(max[i] <= 2 ? 4 : 1));
        }
        return types;
    }

    private static List<SimVgpuType> l40sTypes() {
        int[] sizes = {1, 2, 3, 4, 6, 8, 12, 16, 24, 48};
        int[] max = {32, 24, 16, 12, 8, 6, 4, 3, 2, 1};
        List<SimVgpuType> types = new ArrayList<>(sizes.length + 2);
        for (int i = 0; i < sizes.length; i++) {
            types.add(new SimVgpuType(900 + i, "NVIDIA L40S-" + sizes[i] + "Q", "Quadro", sizes[i] * GIB, max[i],
                    Nvml.NOT_AVAILABLE, true));
        }
        types.add(new SimVgpuType(920, "NVIDIA L40S-1B", "NVS", GIB, 32, Nvml.NOT_AVAILABLE, true));
        types.add(new SimVgpuType(921, "NVIDIA L40S-2B", "NVS", 2 * GIB, 24, Nvml.NOT_AVAILABLE, true));
        return types;
    }

    private static SchedulerState arrState(long avgFactor, long timesliceNs) {
        return new SchedulerState(SchedulerPolicy.BEST_EFFORT, ArrMode.ENABLED,
                new SchedulerParams(avgFactor, NvmlUnits.secondsFromNanos(timesliceNs)));
    }

    static SchedulerCapabilities capabilities() {
        return new SchedulerCapabilities(
                List.of(SchedulerPolicy.BEST_EFFORT, SchedulerPolicy.EQUAL_SHARE, SchedulerPolicy.FIXED_SHARE),
                0.030, 0.001, true, 960, 1, 60, 1);
    }

    /**
     * A GPU of a vGPU host running {@code counts[k]} vGPUs of type index {@code typeIdx[k]}.
     * {@code heterogeneous} is NVML's mode (1 mixed types, 0 not, -1 the driver lacks the call).
     */
    static SimGpu hostGpu(Random rnd, IdSource ids, String name, long deviceId, long subsystemId, int bus,
            long fb, List<SimVgpuType> types, int[] counts, int[] typeIdx, SchedulerState state,
            int heterogeneous, boolean accounting, long startUs) {
        List<SimVgpu> vgpus = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            SimVgpuType type = types.get(typeIdx[k]);
            for (int n = 0; n < counts[k]; n++) {
                SimVgpu v = newVgpu(rnd, ids.next(), type, accounting, startUs, false);
                vgpus.add(Simulation.place(v, types, vgpus).orElseThrow(
                        () -> new IllegalStateException("no free placement for " + type.name())));
            }
        }
        List<SimVgpuType> withCreatable = Simulation.creatable(types, vgpus, heterogeneous == 1);
        List<VgpuUtilizationSample> samples = new ArrayList<>(vgpus.size());
        for (SimVgpu v : vgpus) {
            samples.add(Simulation.sample(rnd, v.id(), startUs, Double.NaN));
        }
        // the last 40 time slices of scheduling, up to the start; a GPU without vGPUs schedules nothing
        int logged = vgpus.isEmpty() ? 0 : 40;
        long sliceNs = NvmlUnits.nanosFromSeconds(state.params().timesliceSeconds());
        long logStartNs = startUs * 1000 - logged * sliceNs;
        List<SchedulerLogEntry> log = new ArrayList<>(logged);
        long[] weights = Simulation.runlistWeights(state, withCreatable, vgpus);
        long cumulative = 0;
        for (int e = 0; e < logged; e++) {
            int runlist = e % Math.max(1, vgpus.size());
            long run = Simulation.weighted(sliceNs - rnd.nextInt(200_000), weights[runlist], weights);
            cumulative += run;
            log.add(new SchedulerLogEntry(logStartNs + e * sliceNs, NvmlUnits.secondsFromNanos(cumulative),
                    NvmlUnits.secondsFromNanos(run), runlist, state.params().timesliceSeconds(),
                    NvmlUnits.secondsFromNanos(rnd.nextInt(50_000)), weights[runlist]));
        }
        SimVgpuHost host = new SimVgpuHost(HostVgpuMode.SRIOV, capabilities(), state,
                new SchedulerLog(0, state.policy(), state.arrMode(), state.params(), log),
                heterogeneous, withCreatable, vgpus, samples, List.of(), VGPU_CAPABILITIES_R550);
        return new SimGpu(name, uuid("GPU-", rnd), pci(bus, deviceId, subsystemId), VirtualizationMode.HOST_VGPU,
                memory(fb + VGPU_HOST_RESERVED, VGPU_HOST_RESERVED, Simulation.framebufferInUse(types, vgpus)),
                busyUnlessEmpty(new UtilizationRates(30 + rnd.nextInt(50), 10 + rnd.nextInt(40)), vgpus),
                40 + rnd.nextInt(25), vgpus.isEmpty() ? idlePower(rnd) : 120_000 + rnd.nextInt(150_000), 300_000,
                List.of(1410L, 1410L, 1512L, 1275L), List.of(1740L, 1740L, 1512L, 1500L),
                -1, 0, new EccMode(true, true), new MigMode(false, false),
                List.of(), List.of(), List.of(), java.util.Optional.of(host), java.util.Optional.empty());
    }

    /**
     * A vGPU at {@code nowUs}: of a VM that starts then ({@code fresh}: its processes start then too), or
     * of a preset's VM that has run for a while (its processes started up to an hour before and have run
     * part of that time).
     */
    /** The idle board power; the draw of a busy board's is still taken, so the GPUs after it keep their values. */
    private static long idlePower(Random rnd) {
        rnd.nextInt(150_000);
        return Simulation.IDLE_POWER_MW;
    }

    /** {@code busy}, or idle when no vGPU runs. */
    private static UtilizationRates busyUnlessEmpty(UtilizationRates busy, List<SimVgpu> vgpus) {
        return vgpus.isEmpty() ? Simulation.IDLE : busy;
    }

    static SimVgpu newVgpu(Random rnd, long id, SimVgpuType type, boolean accounting, long nowUs, boolean fresh) {
        boolean licensed = rnd.nextInt(12) != 0;
        LicenseInfo license = licensed
                ? new LicenseInfo(true, expiry(nowUs, 365), LicenseState.LICENSED)
                : new LicenseInfo(false, new LicenseExpiry(0, 0, 0, 0, 0, 0, 0), LicenseState.UNLICENSED_UNRESTRICTED);
        boolean compute = type.typeClass().equals("Compute");
        boolean byUuid = rnd.nextInt(4) != 0;
        VmId vm = byUuid ? new VmId(uuid("", rnd), VmIdType.UUID) : new VmId(Integer.toString(1 + rnd.nextInt(900)),
                VmIdType.DOMAIN_ID);
        List<SimVgpu.Accounting> acct = new ArrayList<>();
        if (accounting) {
            int n = 1 + rnd.nextInt(3);
            for (int p = 0; p < n; p++) {
                long pid = 1000 + rnd.nextInt(60_000);
                int gpuUtil = rnd.nextInt(100);
                int memUtil = rnd.nextInt(60);
                long maxMemory = (long) (type.framebufferBytes() * (0.1 + rnd.nextDouble() * 0.5));
                long runMs = rnd.nextInt(3_600_000);
                long idleUs = rnd.nextInt(1_000_000_000); // it started this much before its run time
                long sinceUs = fresh ? 0 : runMs * 1000 + idleUs;
                acct.add(new SimVgpu.Accounting(pid, new AccountingStats(gpuUtil, memUtil, maxMemory,
                        NvmlUnits.secondsFromMillis(fresh ? 0 : runMs), NvmlUnits.nanosFromMicros(nowUs - sinceUs),
                        true)));
            }
        }
        long fbUsed = (long) (type.framebufferBytes() * (0.1 + rnd.nextDouble() * 0.6));
        EncoderStats enc = compute || rnd.nextBoolean() ? new EncoderStats(0, 0, 0)
                : new EncoderStats(1 + rnd.nextInt(2), 30 + rnd.nextInt(31), 800 + rnd.nextInt(2000));
        return new SimVgpu(id, uuid("", rnd), type.id(), vm, rnd.nextInt(5) == 0 ? "Not Available" : "550.127.05",
                fbUsed, license, compute ? 0 : 60, false, 100, enc, Nvml.NOT_AVAILABLE, accounting, acct, 0, fbc(id, compute),
                java.util.Optional.of(runtimeState(id, type)));
    }

    /**
     * The runtime state a vGPU uses besides its framebuffer (what a migration moves besides it): 32 MiB plus 1/256 of
     * its type's framebuffer plus up to 15 MiB drawn from the id, so the preset's other values stay as they were.
     */
    static long runtimeState(long id, SimVgpuType type) {
        return (32L << 20) + type.framebufferBytes() / 256 + (id % 16) * MIB;
    }

    /**
     * Frame buffer capture of vGPU {@code id}: a graphics vGPU serves a remote desktop half the time (one or two
     * capture sessions), a compute one none. Drawn from the id, so the preset's other values stay as they were.
     */
    static EncoderStats fbc(long id, boolean compute) {
        Random r = new Random(id);
        return compute || r.nextBoolean() ? new EncoderStats(0, 0, 0)
                : new EncoderStats(1 + r.nextInt(2), 24 + r.nextInt(37), 1_000 + r.nextInt(9_000));
    }

    /** A licence expiry {@code days} after {@code nowUs}, as NVML reports it (UTC). */
    static LicenseExpiry expiry(long nowUs, int days) {
        java.time.ZonedDateTime t = java.time.Instant.EPOCH.plus(nowUs, java.time.temporal.ChronoUnit.MICROS)
                .plus(days, java.time.temporal.ChronoUnit.DAYS).atZone(java.time.ZoneOffset.UTC);
        return new LicenseExpiry(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), 1);
    }

    static SimVgpuType typeOf(List<SimVgpuType> types, long id) {
        for (SimVgpuType t : types) {
            if (t.id() == id) {
                return t;
            }
        }
        throw new IllegalStateException("no vGPU type " + id);
    }

    // ---- MIG pieces ----

    /** MIG GPU instance profiles of an A100-SXM4-40GB, by profile index. */
    private static final GpuInstanceProfile[] A100_GI_PROFILES = {
        new GpuInstanceProfile(0, 19, 1, 7, 14, 4864),
        new GpuInstanceProfile(1, 14, 2, 3, 28, 9856),
        new GpuInstanceProfile(2, 9, 3, 2, 42, 19968),
        new GpuInstanceProfile(3, 5, 4, 1, 56, 19968),
        new GpuInstanceProfile(4, 0, 7, 1, 98, 40192),
    };

    private static final String[] A100_GI_NAMES = {"1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"};

    private static SimGpu migGpu(Random rnd, int bus, int[] profileIdx) {
        String name = "NVIDIA A100-SXM4-40GB";
        List<SimGpuInstance> instances = new ArrayList<>();
        List<SimMigDevice> devices = new ArrayList<>();
        List<SimProcess> procs = new ArrayList<>();
        long placement = 0;
        long usedTotal = 0;
        for (int k = 0; k < profileIdx.length; k++) {
            GpuInstanceProfile gp = A100_GI_PROFILES[profileIdx[k]];
            long giId = k + 1L;
            long giHandle = 0x6100_0000L + (bus << 8) + giId;
            ComputeInstanceProfile cp = new ComputeInstanceProfile(gp.profileIndex() == 4 ? 6 : profileIdx[k],
                    gp.profileIndex() == 4 ? 7 : profileIdx[k], gp.sliceCount(), 1, gp.multiprocessorCount());
            instances.add(new SimGpuInstance(gp, new GpuInstance(giHandle, giId, gp.id(), placement, gp.sliceCount()),
                    List.of(cp), List.of(new ComputeInstance(giHandle + 0x10_0000L, 0, cp.id(), giId))));
            placement += gp.sliceCount();
            long total = gp.memorySizeMiB() * MIB;
            long used = (long) (total * (0.05 + rnd.nextDouble() * 0.7));
            usedTotal += used;
            devices.add(new SimMigDevice(name + " MIG " + A100_GI_NAMES[profileIdx[k]], uuid("MIG-", rnd), giId, 0,
                    memory(total, 0, used)));
            procs.add(new SimProcess(7000 + bus * 10 + k, "python3", used, giId, 0));
        }
        return new SimGpu(name, uuid("GPU-", rnd), pci(bus, 0x20B010DEL, 0x134F10DEL), VirtualizationMode.NONE,
                memory(40 * GIB, 0, usedTotal), new UtilizationRates(-1, -1),
                30 + rnd.nextInt(30), 90_000 + rnd.nextInt(200_000), 400_000,
                List.of(1410L, 1410L, 1215L, 1275L), List.of(1410L, 1410L, 1215L, 1275L),
                -1, 0, new EccMode(true, true), new MigMode(true, true),
                procs, instances, devices, java.util.Optional.empty(), java.util.Optional.empty());
    }

    // ---- small helpers ----

    static String uuid(String prefix, Random rnd) {
        return prefix + String.format(Locale.ROOT, "%08x-%04x-%04x-%04x-%012x", rnd.nextInt(),
                rnd.nextInt(0x10000), 0x4000 | rnd.nextInt(0x1000), 0x8000 | rnd.nextInt(0x4000),
                rnd.nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    private static PciInfo pci(int bus, long deviceId, long subsystemId) {
        return new PciInfo(String.format(Locale.ROOT, "00000000:%02X:00.0", bus), 0, bus, 0, deviceId, subsystemId);
    }

    static MemoryInfo memory(long total, long reserved, long used) {
        return new MemoryInfo(total, reserved, Math.max(0, total - reserved - used), used);
    }

    /** Hands out vGPU instance ids; ids of a preset start high so unsigned handling is exercised. */
    static final class IdSource {
        private long next;

        IdSource(long first) {
            next = first;
        }

        long next() {
            long id = next;
            next = (next + 1) & 0xFFFF_FFFFL;
            return id;
        }
    }
}
