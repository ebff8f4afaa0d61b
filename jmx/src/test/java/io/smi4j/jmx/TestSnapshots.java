package io.smi4j.jmx;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.ArrMode;
import io.smi4j.model.CallError;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.Clocks;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.MigInstance;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuProcessUtilization;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-built snapshots for the MBean tests: a vGPU host (with awkward VM ids) and a bare-metal host. */
public final class TestSnapshots {

    /** A VM id with a quote, a backslash, a comma and non-ASCII letters. */
    public static final String AWKWARD_VM_ID = "vm \"prod\\db\", Zürich 東京";

    public static final long GIB = 1L << 30;

    private TestSnapshots() {
    }

    /** A running vGPU; vGPU 7 has no JPEG sample yet (NaN), so that value must produce no series. */
    public static VgpuInstance vgpu(long id, String vmId, long fbUsed) {
        return new VgpuInstance(id, "GPU-vgpu-" + id, 501, "GRID A100-4C", "Compute", vmId, VmIdType.UUID,
                "550.54.15", fbUsed, 4 * GIB, 42.5, 17.0, 3.0, 1.0, id == 7 ? Double.NaN : 2.0, 0.0, 1_700_000_000_000_000L,
                LicenseState.LICENSED, 60, Toggle.OFF, 100, 2, 30, 0.0015, 1, 59, 0.004, -1, 4 * (id % 2), Toggle.ON, 1,
                List.of(new VgpuAccounting(4242, new AccountingStats(55, 12, 512L << 20, 90_000 / 1e3, 1_700_000_000_000L * 1000,
                        true))),
                List.of(new VgpuProcessUtilization(4242, "blender", 40, 15, 3, 1, 1_700_000_000_000_000L)), 1,
                (300L << 20) + id);
    }

    public static SchedulerState state(SchedulerPolicy policy, long timesliceNs) {
        return new SchedulerState(policy, ArrMode.DISABLED, new SchedulerParams(-1, timesliceNs / 1e9));
    }

    /** A vGPU host GPU whose collector has seen exactly {@code recentLog} so far. */
    public static GpuInfo vgpuHostGpu(int index, SchedulerState state, List<SchedulerLogEntry> recentLog,
            List<VgpuInstance> vgpus) {
        return vgpuHostGpu(index, state, recentLog, recentLog.size(), vgpus);
    }

    public static GpuInfo vgpuHostGpu(int index, SchedulerState state, List<SchedulerLogEntry> recentLog,
            long logEntriesTotal, List<VgpuInstance> vgpus) {
        SchedulerCapabilities caps = new SchedulerCapabilities(
                List.of(SchedulerPolicy.BEST_EFFORT, SchedulerPolicy.EQUAL_SHARE, SchedulerPolicy.FIXED_SHARE),
                30_000_000 / 1e9, 1_000_000 / 1e9, true, 960, 64, 60, 1);
        VgpuHostInfo host = new VgpuHostInfo(HostVgpuMode.SRIOV, Optional.of(caps), Optional.of(state), 0, recentLog,
                logEntriesTotal, Toggle.ON,
                List.of(new VgpuTypeInfo(501, "GRID A100-4C", "Compute", 4 * GIB, 10, true, -1, 1, 4,
                                List.of(0L, 4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L, 36L), List.of(8L, 12L, 16L),
                                vgpus.size(), 3, 256L << 20, 64L << 20, 24L << 20),
                        new VgpuTypeInfo(502, "GRID A100-8C", "Compute", 8 * GIB, 5, false, -1, 1, 8,
                                List.of(0L, 8L, 16L, 24L, 32L), List.of(), 0, 0, -1, -1, -1)),
                vgpus,
                Optional.of(new VgpuCapabilities(Toggle.ON, Toggle.ON, Toggle.OFF, 6_000_000_000L, 5_000_000_000L, Toggle.ON,
                        Toggle.OFF, Toggle.OFF, Toggle.ON, Toggle.OFF, Toggle.UNKNOWN, Toggle.UNKNOWN)));
        return gpu(index, VirtualizationMode.HOST_VGPU, Optional.of(host), List.of());
    }

    public static GpuInfo gpu(int index, VirtualizationMode mode, Optional<VgpuHostInfo> vgpuHost,
            List<MigInstance> mig) {
        return new GpuInfo(index, "GPU-0000000" + index + "-aaaa-bbbb-cccc-dddddddddddd", "NVIDIA A100-PCIE-40GB",
                "00000000:0" + index + ":00.0", mode, 37, 12, 40 * GIB, 10 * GIB, 30 * GIB, 512L << 20, 45,
                61.5, 250, new Clocks(1_410_000_000L, 1_410_000_000L, 1_215_000_000L, 1_410_000_000L, 1_410_000_000L,
                        1_215_000_000L), Double.NaN, 0,
                Toggle.ON, mig.isEmpty() ? Toggle.OFF : Toggle.ON,
                List.of(new GpuProcess(1234, "python", 2 * GIB, -1, -1)), mig, vgpuHost, Optional.empty(), GpuHealth.OK);
    }

    public static HostSnapshot snapshot(long sequence, List<GpuInfo> gpus) {
        return new HostSnapshot("testhost", sequence, Instant.parse("2026-01-02T03:04:05.123456789Z"),
                Duration.ofNanos(1_234_567), HostStatus.OK, "", "550.163.01", "12.550.163.01", "12.4", gpus,
                List.of(new CallError(0, -1, "nvmlDeviceGetFanSpeed", 3)),
                List.of(new CallErrorTotal("nvmlDeviceGetFanSpeed", 3, sequence)), List.of(), 0,
                gpus.stream().anyMatch(g -> g.vgpuHost().isPresent())
                        ? Optional.of(new VgpuDriverCapabilities(Toggle.ON, Toggle.OFF)) : Optional.empty());
    }

    /**
     * GPU 0 a vGPU host with two vGPUs (one with {@link #AWKWARD_VM_ID}) whose scheduler logged one entry per poll;
     * GPU 1 a MIG GPU.
     */
    public static HostSnapshot vgpuHost(long sequence) {
        List<SchedulerLogEntry> log = new java.util.ArrayList<>();
        for (long k = Math.max(1, sequence - VgpuHostInfo.RECENT_LOG_ENTRIES + 1); k <= sequence; k++) {
            log.add(new SchedulerLogEntry(k * 1_000, k * 500 / 1e9, 200 / 1e9, 3, 2_000_000 / 1e9, 10 / 1e9, -1));
        }
        return snapshot(sequence, List.of(
                vgpuHostGpu(0, state(SchedulerPolicy.BEST_EFFORT, 2_000_000), log, sequence,
                        List.of(vgpu(3251634191L, "vm-one", GIB), vgpu(7, AWKWARD_VM_ID, 2 * GIB))),
                gpu(1, VirtualizationMode.NONE, Optional.empty(),
                        List.of(new MigInstance("MIG-1111", "NVIDIA A100 MIG 1g.5gb", 7, 0, 19, 1, 14, 5 * GIB,
                                GIB)))));
    }

    /** One bare-metal GPU, no vGPU anything. */
    public static HostSnapshot bareMetal(long sequence) {
        return snapshot(sequence, List.of(gpu(0, VirtualizationMode.NONE, Optional.empty(), List.of())));
    }
}
