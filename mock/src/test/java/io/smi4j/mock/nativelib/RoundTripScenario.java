package io.smi4j.mock.nativelib;

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
import io.smi4j.model.GpuProcess;
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
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rich host for the round trip, built here (the preset catalogue is another module's concern):
 * GPU 0 a busy vGPU host (ARR on in the state, off in a full 200-entry log, instance ids above 2^31,
 * a VM id with quotes, backslashes and non-ASCII UTF-8), GPU 1 an idle vGPU host (no vGPUs, so the
 * scheduler may be set; ARR on in a partial log; no heterogeneous mode),
 * GPU 2 bare metal with MIG, GPU 3 a vGPU guest with its licence.
 */
final class RoundTripScenario {

    static final String ODD_VM_ID = "vm-\"quoted\"\\back\\slash-ünïcødé-日本";
    static final long VGPU_A = 3_000_000_001L;
    static final long VGPU_B = 4_294_967_294L;
    static final long VGPU_C = 7L;
    static final long TYPE_SMALL = 4_294_967_001L;
    static final long TYPE_LARGE = 2_147_483_649L;
    static final long TYPE_MIG = 560L;
    static final int FULL_LOG = Nvml.SCHEDULER_MAX_LOG_ENTRIES;
    /** The guest's processes: compute with a sample (jpg and ofa too), graphics only with one, both without. */
    static final List<SimProcess> GUEST_PROCESSES = List.of(
            new SimProcess(3001, "python3", 2L << 30, Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE, Optional.empty(),
                    Optional.of(new ProcessUtilizationSample(3001, 1_000, 10, 5, 0, 0, 3, 4))),
            new SimProcess(3002, "Xorg", 64L << 20, Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE,
                    Optional.of(GpuProcess.Type.GRAPHICS),
                    Optional.of(new ProcessUtilizationSample(3002, 2_000, 2, 1, 0, 1, 0, 0))),
            new SimProcess(3003, "blender", 1L << 30, Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE,
                    Optional.of(GpuProcess.Type.COMPUTE_GRAPHICS), Optional.empty()));
    static final int PARTIAL_LOG = 37;

    private RoundTripScenario() {
    }

    static Scenario create() {
        // a driver new enough for every call the binding knows (R570+: the vGPU runtime state), knowing the first
        // vGPU driver capability and not the second one, which leaves it unknown
        return new Scenario("native-round-trip", true, "580.65.06", "12.580.65.06", 12080,
                List.of(busyHost(), idleHost(), migGpu(), guest()), List.of(1L));
    }

    private static SimGpu busyHost() {
        SchedulerCapabilities caps = new SchedulerCapabilities(
                List.of(SchedulerPolicy.BEST_EFFORT, SchedulerPolicy.EQUAL_SHARE, SchedulerPolicy.FIXED_SHARE),
                30_000_000 / 1e9, 1_000_000 / 1e9, true, 960, 60, 60, 1);
        SchedulerState state = new SchedulerState(SchedulerPolicy.EQUAL_SHARE, ArrMode.ENABLED,
                new SchedulerParams(33, 2_000_000 / 1e9));
        SchedulerLog log = new SchedulerLog(3, SchedulerPolicy.BEST_EFFORT, ArrMode.DISABLED,
                new SchedulerParams(Nvml.NOT_AVAILABLE, 1_500_000 / 1e9), logEntries(FULL_LOG, 1_700_000_000_000_000_000L));
        List<SimVgpuType> types = List.of(
                new SimVgpuType(TYPE_SMALL, "NVIDIA A40-4Q", "Quadro", 4L << 30, 12, Nvml.NOT_AVAILABLE, true)
                        .with(true, List.of(12L, 16L, 44L)),
                new SimVgpuType(TYPE_LARGE, "NVIDIA A40-48C", "Compute", 48L << 30, 1, Nvml.NOT_AVAILABLE, false,
                        48, 2, List.of(), Optional.of(64L << 30), Optional.empty(), Optional.of(0x1_0000_0000L)),
                new SimVgpuType(20, "NVIDIA A40-2B", "NVS", 2L << 30, 24, Nvml.NOT_AVAILABLE, true)
                        .with(true, List.of(10L, 12L, 46L)));
        List<SimVgpu> vgpus = List.of(
                new SimVgpu(VGPU_A, "a1b2c3d4-0000-4000-8000-00000000000a", TYPE_SMALL,
                        new VmId(ODD_VM_ID, VmIdType.UUID), "550.90.07", 1_234_567_890L,
                        new LicenseInfo(true, new LicenseExpiry(2027, 3, 31, 23, 59, 58, 1), LicenseState.LICENSED),
                        60, true, 100, new EncoderStats(2, 59, 16_000), Nvml.NOT_AVAILABLE, true,
                        List.of(accounting(4242, 0), accounting(3_000_000_000L, 1), accounting(17, 2)), 0,
                        new EncoderStats(2, 60, 4_500), Optional.of(5_000_000_000L)),
                new SimVgpu(VGPU_B, "a1b2c3d4-0000-4000-8000-00000000000b", TYPE_SMALL,
                        new VmId("42", VmIdType.DOMAIN_ID), "Not Available", 0,
                        new LicenseInfo(false, new LicenseExpiry(0, 0, 0, 0, 0, 0, 0), LicenseState.UNLICENSED_RESTRICTED),
                        0, false, 0, new EncoderStats(0, 0, 0), Nvml.NOT_AVAILABLE, false, List.of(), 4,
                        new EncoderStats(0, 0, 0), Optional.empty()),
                new SimVgpu(VGPU_C, "a1b2c3d4-0000-4000-8000-00000000000c", 20,
                        new VmId("vm-c", VmIdType.DOMAIN_ID), "535.183.01", 512L << 20,
                        new LicenseInfo(true, new LicenseExpiry(2026, 12, 1, 0, 0, 0, 2), LicenseState.LICENSED),
                        30, true, 50, new EncoderStats(1, 30, 33_000), Nvml.NOT_AVAILABLE, true,
                        List.of(accounting(99, 3)), 8, new EncoderStats(1, 30, 0xFFFF_FFFEL), Optional.of(48L << 20)));
        List<VgpuUtilizationSample> samples = List.of(
                new VgpuUtilizationSample(VGPU_A, 1_000, 11, 21, 31, 41, 51, 61),
                new VgpuUtilizationSample(VGPU_B, 2_000, 12, 22, 32, 42, 52, 62),
                new VgpuUtilizationSample(VGPU_C, 3_000, 13, 23, 33, 43, 53, 63));
        List<VgpuProcessUtilizationSample> processSamples = List.of(
                new VgpuProcessUtilizationSample(VGPU_A, 4242, "blender", 1_500, 70, 20, 5, 1),
                new VgpuProcessUtilizationSample(VGPU_C, 99, "ffmpeg-ü", 2_500, 10, 5, 60, 40));
        // every 13.3 capability, one not supported on this GPU, one bandwidth above 2^32 MB/s
        SimVgpuHost host = new SimVgpuHost(HostVgpuMode.SRIOV, caps, state, log, 1, types, vgpus, samples, processSamples,
                List.of(1L, 0L, 1L, 0xFFFF_FFF0L, 15_000L, -1L, 0L, 1L, 1L, 0L, 1L, 0L));
        return gpu("NVIDIA A40", "GPU-00000000-0000-0000-0000-0000000000a4", 0x3B, VirtualizationMode.HOST_VGPU,
                new MigMode(false, false), List.of(new SimProcess(1001, "vgpu-host-daemon", 256L << 20,
                        Nvml.NOT_AVAILABLE, Nvml.NOT_AVAILABLE)), List.of(), List.of(), Optional.of(host), Optional.empty());
    }

    private static SimGpu idleHost() {
        SchedulerCapabilities caps = new SchedulerCapabilities(List.of(SchedulerPolicy.BEST_EFFORT,
                SchedulerPolicy.EQUAL_SHARE), 20_000_000 / 1e9, 2_000_000 / 1e9, false, 0, 0, 0, 0);
        SchedulerState state = new SchedulerState(SchedulerPolicy.BEST_EFFORT, ArrMode.DISABLED,
                new SchedulerParams(Nvml.NOT_AVAILABLE, 4_000_000 / 1e9));
        SchedulerLog log = new SchedulerLog(0, SchedulerPolicy.EQUAL_SHARE, ArrMode.ENABLED,
                new SchedulerParams(12, 3_000_000 / 1e9), logEntries(PARTIAL_LOG, 5_000));
        SimVgpuHost host = new SimVgpuHost(HostVgpuMode.NON_SRIOV, caps, state, log, -1,
                List.of(new SimVgpuType(TYPE_MIG, "NVIDIA A16-1B", "NVS", 1L << 30, 16, Nvml.NOT_AVAILABLE, true)),
                List.of(), List.of(), List.of(), List.of());
        return gpu("NVIDIA A16", "GPU-00000000-0000-0000-0000-0000000000a1", 0x5E, VirtualizationMode.HOST_VGPU,
                new MigMode(false, true), List.of(), List.of(), List.of(), Optional.of(host), Optional.empty());
    }

    private static SimGpu migGpu() {
        SimGpuInstance big = new SimGpuInstance(
                new GpuInstanceProfile(9, 0, 4, 1, 64, 40_192),
                new GpuInstance(0x100, 1, 0, 0, 4),
                List.of(new ComputeInstanceProfile(0, 0, 1, 4, 16), new ComputeInstanceProfile(2, 2, 2, 2, 32)),
                List.of(new ComputeInstance(0x200, 0, 0, 1), new ComputeInstance(0x201, 1, 2, 1)));
        SimGpuInstance small = new SimGpuInstance(
                new GpuInstanceProfile(0, 19, 1, 7, 14, 9_856),
                new GpuInstance(0x101, 13, 19, 6, 1),
                List.of(new ComputeInstanceProfile(0, 0, 1, 1, 14)),
                List.of(new ComputeInstance(0x202, 0, 0, 13)));
        // the last GPU and compute instance profile indices nvml.h 13.3 knows, both newer than 12.4
        SimGpuInstance newest = new SimGpuInstance(
                new GpuInstanceProfile(17, 49, 3, 1, 60, 30_000),
                new GpuInstance(0x102, 5, 49, 2, 3),
                List.of(new ComputeInstanceProfile(2, 2, 3, 1, 60), new ComputeInstanceProfile(8, 8, 3, 1, 60)),
                List.of(new ComputeInstance(0x203, 0, 8, 5)));
        List<SimMigDevice> devices = List.of(
                new SimMigDevice("NVIDIA A100-SXM4-80GB MIG 4g.40gb", "MIG-11111111-2222-3333-4444-555555555555", 1, 0,
                        new MemoryInfo(40L << 30, Nvml.NOT_AVAILABLE, 30L << 30, 10L << 30)),
                new SimMigDevice("NVIDIA A100-SXM4-80GB MIG 1g.10gb", "MIG-66666666-7777-8888-9999-000000000000", 13, 0,
                        new MemoryInfo(10L << 30, 0, 9L << 30, 1L << 30)));
        List<SimProcess> processes = List.of(
                new SimProcess(2001, "python3 train.py", 8L << 30, 1, 0),
                new SimProcess(2002, "triton", Nvml.NOT_AVAILABLE, 13, 0));
        return gpu("NVIDIA A100-SXM4-80GB", "GPU-00000000-0000-0000-0000-000000000100", 0x81, VirtualizationMode.NONE,
                new MigMode(true, true), processes, List.of(big, small, newest), devices, Optional.empty(), Optional.empty());
    }

    private static SimGpu guest() {
        GridLicense license = new GridLicense(true, List.of(
                new GridLicense.Feature(1, 1, "NVIDIA Virtual Applications", true),
                new GridLicense.Feature(4, 0, "NVIDIA RTX Virtual Workstation", false)));
        return gpu("NVIDIA A40-8Q", "GPU-00000000-0000-0000-0000-0000000000f0", 0x02, VirtualizationMode.VGPU_GUEST,
                new MigMode(false, false), GUEST_PROCESSES, List.of(), List.of(), Optional.empty(), Optional.of(license));
    }

    private static SimGpu gpu(String name, String uuid, int bus, VirtualizationMode mode, MigMode mig,
            List<SimProcess> processes, List<SimGpuInstance> gpuInstances, List<SimMigDevice> migDevices,
            Optional<SimVgpuHost> host, Optional<GridLicense> guestLicense) {
        PciInfo pci = new PciInfo(String.format("00000000:%02X:00.0", bus), 0, bus, 0, 0x223510DEL, 0x145A10DEL);
        return new SimGpu(name, uuid, pci, mode,
                new MemoryInfo(48L << 30, 512L << 20, 40L << 30, (48L << 30) - (40L << 30) - (512L << 20)),
                new UtilizationRates(mig.current() ? 0 : 37 + bus % 7, 12), 40 + bus % 20, 123_456 + bus,
                300_000, List.of(1740L, 1740L, 7251L, 1500L), List.of(1980L, 1980L, 7251L, 1950L), 30 + bus % 11,
                bus % 3, new EccMode(true, bus % 2 == 0), mig, processes, gpuInstances, migDevices, host, guestLicense);
    }

    private static SimVgpu.Accounting accounting(long pid, int i) {
        return new SimVgpu.Accounting(pid, new AccountingStats(10 + i, 20 + i, (100L + i) << 20,
                (60_000L * (i + 1)) / 1e3, 1_700_000_000_000_000L + i * 1000L, i % 2 == 0));
    }

    /** A preemption time far beyond 32 bits (2^62 ns, 146 years), exact in the model's seconds. */
    static final long LONG_PREEMPTION_NS = 1L << 62;

    /** {@code count} entries; the last one's preemption time is {@link #LONG_PREEMPTION_NS}. */
    private static List<SchedulerLogEntry> logEntries(int count, long firstTimestamp) {
        List<SchedulerLogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long preemption = i == count - 1 ? LONG_PREEMPTION_NS : 1_000L * i;
            entries.add(new SchedulerLogEntry(firstTimestamp + 1_000_000L * i, (5_000_000L * i) / 1e9, (900_000L + i) / 1e9,
                    i % 4 == 0 ? 0xFFFF_FFF0L : i % 4, 2_000_000 / 1e9, preemption / 1e9, -1));
        }
        return entries;
    }
}
