package io.smi4j.report;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.ArrMode;
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
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-built snapshots with known values, independent of the mock scenarios. */
public final class Fixtures {

    public static final long GIB = 1L << 30;

    private Fixtures() {
    }

    /** {@code s} with the values that depend on the machine and the clock fixed: host name, poll time, poll duration. */
    public static HostSnapshot normalized(HostSnapshot s) {
        return new HostSnapshot("golden-host", s.sequence(), Instant.parse("2026-01-01T00:00:00Z"),
                Duration.ofMillis(12), s.status(), s.statusDetail(), s.driverVersion(), s.nvmlVersion(),
                s.cudaDriverVersion(), s.gpus(), s.errors(), s.errorTotals(), s.anomalyTotals(),
                s.pollOverruns(), s.vgpuDriverCapabilities());
    }

    public static HostSnapshot bareMetal() {
        return snapshot("metal01", List.of(
                gpu(0, "NVIDIA A100-SXM4-40GB", VirtualizationMode.NONE, 37, 12L * GIB, 40L * GIB,
                        List.of(new GpuProcess(4242, "python3", 6L * GIB, -1, -1),
                                new GpuProcess(4343, "java", 2L * GIB, -1, -1)),
                        List.of(), Optional.empty()),
                gpu(1, "NVIDIA A100-SXM4-40GB", VirtualizationMode.NONE, 91, 35L * GIB, 40L * GIB,
                        List.of(), List.of(), Optional.empty())));
    }

    public static HostSnapshot vgpuHost() {
        return snapshot("hv01", List.of(
                gpu(0, "NVIDIA A16", VirtualizationMode.HOST_VGPU, 64, 10L * GIB, 16L * GIB, List.of(), List.of(),
                        Optional.of(vgpuHostInfo(List.of(
                                vgpu(3_251_634_190L, "GRID A16-4Q", "vm-alpha", 45, 3L * GIB, 4L * GIB,
                                        LicenseState.LICENSED, List.of(1201L, 1202L)),
                                vgpu(3_251_634_191L, "GRID A16-4Q", "vm-bravo", 12, GIB, 4L * GIB,
                                        LicenseState.UNLICENSED, List.of()),
                                vgpu(17L, "GRID A16-8C", "vm-charlie", Double.NaN, 6L * GIB, 8L * GIB,
                                        LicenseState.LICENSED, List.of(77L)))))),
                gpu(1, "NVIDIA A16", VirtualizationMode.HOST_VGPU, 23, 2L * GIB, 16L * GIB, List.of(), List.of(),
                        Optional.of(vgpuHostInfo(List.of(
                                vgpu(42L, "GRID A16-2B", "vm-delta", 23, GIB, 2L * GIB,
                                        LicenseState.LICENSED, List.of())))))));
    }

    /** A vGPU host whose driver lists one vGPU twice (seen while VMs start and stop). */
    public static HostSnapshot vgpuHostListingAVgpuTwice() {
        VgpuInstance v = vgpu(42L, "GRID A16-2B", "vm-delta", 23, GIB, 2L * GIB, LicenseState.LICENSED, List.of(7L));
        return snapshot("hv02", List.of(gpu(0, "NVIDIA A16", VirtualizationMode.HOST_VGPU, 23, 2L * GIB, 16L * GIB,
                List.of(), List.of(), Optional.of(vgpuHostInfo(List.of(v, v))))));
    }

    public static HostSnapshot migHost() {
        return snapshot("mig01", List.of(
                gpu(0, "NVIDIA A100-SXM4-40GB", VirtualizationMode.NONE, -1, 9L * GIB, 40L * GIB,
                        List.of(new GpuProcess(999, "trainer", 4L * GIB, 1, 0)),
                        List.of(new MigInstance("MIG-11111111-2222-3333-4444-555555555555",
                                "NVIDIA A100-SXM4-40GB MIG 3g.20gb", 1, 0, 9, 3, 42, 20L * GIB, 4L * GIB)),
                        Optional.empty())));
    }

    public static HostSnapshot noDriver() {
        return new HostSnapshot("nogpu01", 1, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(1),
                HostStatus.NO_DRIVER, "nvmlInit_v2: NVML_ERROR_DRIVER_NOT_LOADED (9): Driver Not Loaded",
                "", "12.535.261.03", "", List.of(), List.of(), List.of(), List.of(), 0, Optional.empty());
    }

    private static HostSnapshot snapshot(String host, List<GpuInfo> gpus) {
        return new HostSnapshot(host, 7, Instant.parse("2026-01-01T12:00:00Z"), Duration.ofMillis(3),
                HostStatus.OK, "", "550.163.01", "12.550.163.01", "12.4", gpus, List.of(), List.of(), List.of(), 0,
                gpus.stream().anyMatch(g -> g.vgpuHost().isPresent())
                        ? Optional.of(new VgpuDriverCapabilities(Toggle.ON, Toggle.UNKNOWN)) : Optional.empty());
    }

    private static GpuInfo gpu(int index, String name, VirtualizationMode mode, int util, long used, long total,
            List<GpuProcess> processes, List<MigInstance> mig, Optional<VgpuHostInfo> host) {
        return new GpuInfo(index, "GPU-0000000" + index + "-aaaa-bbbb-cccc-ddddeeeeffff", name,
                "00000000:3" + index + ":00.0", mode, util, util / 2, total, used, total - used, 256L << 20,
                40 + index, 61.5, 250, new Clocks(1_410_000_000L, 1_410_000_000L, 1_215_000_000L, 1_755_000_000L,
                        1_755_000_000L, 1_215_000_000L), 30, 0,
                Toggle.ON, mig.isEmpty() ? Toggle.OFF : Toggle.ON, processes, mig, host, Optional.empty(), GpuHealth.OK);
    }

    private static VgpuHostInfo vgpuHostInfo(List<VgpuInstance> vgpus) {
        return new VgpuHostInfo(HostVgpuMode.SRIOV,
                Optional.of(new SchedulerCapabilities(List.of(SchedulerPolicy.BEST_EFFORT, SchedulerPolicy.EQUAL_SHARE,
                        SchedulerPolicy.FIXED_SHARE), 30_000_000 / 1e9, 1_000_000 / 1e9, true, 960, 1, 60, 1)),
                Optional.of(new SchedulerState(SchedulerPolicy.EQUAL_SHARE, ArrMode.ENABLED,
                        new SchedulerParams(33, 2_000_000 / 1e9))),
                0,
                List.of(new SchedulerLogEntry(5_000_000_000L, 90_000_000 / 1e9, 2_000_000 / 1e9, 3, 2_000_000 / 1e9, 150_000 / 1e9, -1),
                        new SchedulerLogEntry(5_002_000_000L, 92_000_000 / 1e9, 2_000_000 / 1e9, 4, 2_000_000 / 1e9, 160_000 / 1e9, -1)),
                2,
                Toggle.ON,
                List.of(new VgpuTypeInfo(4, "GRID A16-4Q", "Quadro", 4L * GIB, 4, true, -1, 1, 4,
                        List.of(0L, 4L, 8L, 12L), List.of(12L), vgpus.size(), 1, -1, 64L << 20, 20L << 20)),
                vgpus,
                Optional.of(new VgpuCapabilities(Toggle.OFF, Toggle.ON, Toggle.ON, 6_000_000_000L, 5_000_000_000L,
                        Toggle.ON, Toggle.OFF, Toggle.OFF, Toggle.UNKNOWN, Toggle.UNKNOWN, Toggle.UNKNOWN,
                        Toggle.UNKNOWN)));
    }

    private static VgpuInstance vgpu(long id, String type, String vm, double sm, long fbUsed, long fbTotal,
            LicenseState license, List<Long> pids) {
        List<VgpuAccounting> accounting = pids.stream()
                .map(p -> new VgpuAccounting(p, new AccountingStats(10, 5, GIB, 1.0, 1_700_000_000_000_000L, true)))
                .toList();
        return new VgpuInstance(id, "vgpu-uuid-" + id, 4, type, "Quadro", vm, VmIdType.UUID, "550.54.15",
                fbUsed, fbTotal, sm, Double.isNaN(sm) ? Double.NaN : sm / 2, 0, 0, 0, 0, 1_000_000_000L,
                license, 60, Toggle.OFF, 100, 0, 0, 0, 0, 0, 0, -1, -1,
                pids.isEmpty() ? Toggle.OFF : Toggle.ON, pids.size(), accounting, List.of(), 7, -1); // this poll's sample
    }
}
