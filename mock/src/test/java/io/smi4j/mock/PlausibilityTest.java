package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.MigInstance;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every preset, over many polls through the real reader, makes physical sense: percentages lie in
 * 0..100, memory adds up (used + free + reserved = total, used <= total, for GPUs, vGPUs and MIG
 * devices), power stays within its limit and clocks within their maxima, an accounted process has
 * run no longer than it exists (until its vGPU's newest sample, NVML's now), a vGPU-host GPU without
 * vGPUs is idle and holds no memory, a time-sliced GPU's vGPUs' newest SM (memory) utilization samples add up to at
 * most 100 and to at most the GPU's own SM (memory) utilization (each is the vGPU's share of the GPU's busy time;
 * a MIG-backed vGPU's of its GPU instance's), a scheduler log entry comes no sooner than the one before it
 * finished running, and no timestamp (scheduler
 * log, utilization sample, process start) lies after the snapshot's time, on the real-time clock and
 * on a fixed one.
 */
class PlausibilityTest {

    private static final int POLLS = 400;

    static List<String> presets() {
        return Scenarios.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetStaysPlausibleOverManyPollsOnTheRealTimeClock(String preset) {
        for (long seed = 1; seed <= 3; seed++) {
            check(preset, seed, withoutFaults(preset, seed, SimClock.real()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetStaysPlausibleWithTwoSecondStepsOnAFixedClock(String preset) {
        // a day ago: POLLS steps of two seconds end well before the snapshots' (real) time
        SimClock clock = SimClock.fixed(Instant.now().minus(Duration.ofDays(1)));
        check(preset, 7, withoutFaults(preset, 7, clock));
    }

    /** The preset's host moving live, without the faults its file may hold (faulty-host's: FaultyHostPresetTest). */
    static MockNvml withoutFaults(String preset, long seed, SimClock clock) {
        return new MockNvml(Scenarios.create(preset, seed, clock.startUs()), seed, FaultPlan.none(), false, clock);
    }

    /**
     * OK with no errors; but a guest's maximum clocks answer UNKNOWN, as on real guests, until the call is suspended
     * after 3 polls: then its GPU is DEGRADED by those calls alone (a re-probe every 300 polls that gets the same
     * answer suspends the call again at once, without failing the poll).
     */
    static void assertHealthy(String preset, int poll, HostSnapshot s, String at) {
        if (preset.equals("vgpu-guest") && poll <= 3) {
            assertEquals(HostStatus.DEGRADED, s.status(), at);
            assertTrue(!s.errors().isEmpty() && s.errors().stream()
                    .allMatch(e -> e.call().equals("nvmlDeviceGetMaxClockInfo")), () -> at + ": " + s.errors());
            return;
        }
        assertEquals(HostStatus.OK, s.status(), () -> at + ": " + s.statusDetail());
        assertEquals(List.of(), s.errors(), at);
    }

    static void check(String preset, long seed, MockNvml nvml) {
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int poll = 1; poll <= POLLS; poll++) {
                HostSnapshot s = reader.read();
                String at = preset + " seed " + seed + " poll " + poll;
                if (preset.equals("no-driver")) {
                    assertEquals(HostStatus.NO_DRIVER, s.status(), at);
                    continue;
                }
                assertHealthy(preset, poll, s, at);
                long nowNs = s.time().getEpochSecond() * 1_000_000_000L + s.time().getNano();
                for (GpuInfo g : s.gpus()) {
                    gpu(() -> at + " GPU " + g.index(), g, nowNs);
                }
            }
        }
    }

    private static void gpu(Supplier<String> at, GpuInfo g, long nowNs) {
        percent(at, g.utilizationGpuPercent());
        percent(at, g.utilizationMemoryPercent());
        percent(at, g.fanSpeedPercent());
        assertTrue(g.memoryUsedBytes() >= 0 && g.memoryFreeBytes() >= 0 && g.memoryReservedBytes() >= 0, at);
        assertEquals(g.memoryTotalBytes(), g.memoryUsedBytes() + g.memoryFreeBytes() + g.memoryReservedBytes(),
                () -> at.get() + ": used + free + reserved = total");
        long processes = g.processes().stream().mapToLong(GpuProcess::usedMemoryBytes).sum();
        assertTrue(processes <= g.memoryUsedBytes(), () -> at.get() + ": processes use more than the GPU");
        double sm = 0;
        double mem = 0;
        for (GpuProcess p : g.processes()) {
            for (double u : new double[] {p.smUtil(), p.memUtil(), p.encUtil(), p.decUtil(), p.jpgUtil(), p.ofaUtil()}) {
                percent(() -> at.get() + " PID " + p.pid(), u);
            }
            notAfter(() -> at.get() + " PID " + p.pid(), "process sample", p.utilizationTimestampNs(), nowNs);
            sm += Double.isNaN(p.smUtil()) ? 0 : p.smUtil();
            mem += Double.isNaN(p.memUtil()) ? 0 : p.memUtil();
        }
        if (!Double.isNaN(g.utilizationGpuPercent())) {
            double total = sm;
            assertTrue(sm <= g.utilizationGpuPercent(), () -> at.get() + ": processes' SM " + total + " % over the GPU's "
                    + g.utilizationGpuPercent());
            double totalMem = mem;
            assertTrue(mem <= g.utilizationMemoryPercent(), () -> at.get() + ": processes' memory " + totalMem
                    + " % over the GPU's " + g.utilizationMemoryPercent());
        }
        if (!Double.isNaN(g.powerUsageWatts()) && !Double.isNaN(g.powerLimitWatts())) {
            assertTrue(g.powerUsageWatts() > 0 && g.powerUsageWatts() <= g.powerLimitWatts(),
                    () -> at.get() + ": power " + g.powerUsageWatts() + " W over the limit " + g.powerLimitWatts());
        }
        atMost(at, "graphics clock", g.clocks().graphicsHertz(), g.clocks().maxGraphicsHertz());
        atMost(at, "SM clock", g.clocks().smHertz(), g.clocks().maxSmHertz());
        atMost(at, "memory clock", g.clocks().memoryHertz(), g.clocks().maxMemoryHertz());
        if (!Double.isNaN(g.temperatureCelsius())) {
            assertTrue(g.temperatureCelsius() >= 20 && g.temperatureCelsius() <= 100, at);
        }
        long migMemory = 0;
        for (MigInstance m : g.migInstances()) {
            assertTrue(m.memoryUsedBytes() >= 0 && m.memoryUsedBytes() <= m.memoryTotalBytes(), at);
            migMemory += m.memoryTotalBytes();
        }
        assertTrue(migMemory <= g.memoryTotalBytes(), at);
        if (g.vgpuHost().isPresent()) {
            host(at, g, g.vgpuHost().get(), nowNs);
        }
    }

    private static void host(Supplier<String> at, GpuInfo g, VgpuHostInfo h, long nowNs) {
        long framebuffers = h.vgpus().stream().mapToLong(VgpuInstance::fbTotalBytes).sum();
        assertEquals(framebuffers, g.memoryUsedBytes(), () -> at.get() + ": the GPU's used memory is its vGPUs'");
        if (h.vgpus().isEmpty()) {
            assertEquals(0.0, g.utilizationGpuPercent(), () -> at.get() + ": no vGPUs, no work");
        }
        timeSliced(at, g, h);
        for (VgpuInstance v : h.vgpus()) {
            Supplier<String> vat = () -> at.get() + " vGPU " + Long.toUnsignedString(v.id());
            for (double p : new double[] {v.smUtil(), v.memUtil(), v.encUtil(), v.decUtil(), v.jpgUtil(), v.ofaUtil()}) {
                percent(vat, p);
            }
            assertTrue(v.fbUsedBytes() >= 0 && v.fbUsedBytes() <= v.fbTotalBytes(), vat);
            notAfter(vat, "utilization sample", v.utilizationTimestampNs(), nowNs);
            for (VgpuAccounting a : v.accounting()) {
                AccountingStats st = a.stats();
                Supplier<String> pat = () -> vat.get() + " PID " + a.pid();
                percent(pat, st.gpuUtilizationPercent());
                percent(pat, st.memoryUtilizationPercent());
                assertTrue(st.maxMemoryUsageBytes() <= v.fbTotalBytes(), pat);
                notAfter(pat, "process start", st.startTimeNs(), nowNs);
                // the vGPU's newest sample is NVML's now: the process cannot have run longer than until then
                long sampledNs = v.utilizationTimestampNs() >= 0 ? v.utilizationTimestampNs() : nowNs;
                double existedSeconds = (sampledNs - st.startTimeNs()) / 1e9;
                assertTrue(st.runSeconds() >= 0 && st.runSeconds() <= existedSeconds + 1e-9,
                        () -> pat.get() + ": ran " + st.runSeconds() + " s of the " + existedSeconds + " s it exists");
            }
        }
        SchedulerLogEntry before = null;
        for (SchedulerLogEntry e : h.recentLogEntries()) { // oldest first
            notAfter(at, "scheduler log entry", e.timestampNs(), nowNs);
            assertTrue(e.timeRunSeconds() >= 0 && e.timeRunSeconds() <= e.timeRunTotalSeconds(), at);
            if (before != null) {
                SchedulerLogEntry b = before;
                assertTrue(e.timestampNs() - b.timestampNs() >= Math.round(b.timeRunSeconds() * 1e9),
                        () -> at.get() + ": an entry at " + e.timestampNs() + " before the one at " + b.timestampNs()
                                + " finished its " + b.timeRunSeconds() + " s");
            }
            before = e;
        }
    }

    /**
     * On a time-sliced GPU (nvmlDeviceGetVgpuUtilization / ...InstancesUtilizationInfo) a vGPU's SM and memory
     * utilization is its share of the GPU's busy time, so the vGPUs sharing the GPU (a GPU instance, for MIG-backed
     * vGPUs) add up to at most 100, and to at most what the GPU reports busy (nvmlDeviceGetUtilizationRates). No
     * tolerance: the mock stamps the GPU's rates and every vGPU's sample at the same step, and the newest sample the
     * reader shows of each vGPU is of the poll's step (checked here, so the comparison is of one instant). A real host
     * samples them at different instants; there a check would need a tolerance for the load moving in between.
     */
    static void timeSliced(Supplier<String> at, GpuInfo g, VgpuHostInfo h) {
        Map<Long, double[]> sums = new TreeMap<>();
        long instant = -1;
        for (VgpuInstance v : h.vgpus()) {
            if (Double.isNaN(v.smUtil()) && Double.isNaN(v.memUtil())) {
                continue;
            }
            if (v.gpuInstanceId() < 0) {
                long ts = v.utilizationTimestampNs();
                long first = instant;
                assertTrue(first < 0 || first == ts, () -> at.get() + ": vGPU " + Long.toUnsignedString(v.id())
                        + "'s newest sample at " + ts + " ns, another's at " + first + " ns");
                instant = ts;
            }
            double[] sum = sums.computeIfAbsent(v.gpuInstanceId(), k -> new double[2]);
            sum[0] += Double.isNaN(v.smUtil()) ? 0 : v.smUtil();
            sum[1] += Double.isNaN(v.memUtil()) ? 0 : v.memUtil();
        }
        for (Map.Entry<Long, double[]> e : sums.entrySet()) {
            double sm = e.getValue()[0];
            double mem = e.getValue()[1];
            String of = e.getKey() < 0 ? "" : " of GPU instance " + e.getKey();
            assertTrue(sm <= 100, () -> at.get() + ": the vGPUs" + of + " use " + sm + " % of the SM time");
            assertTrue(mem <= 100, () -> at.get() + ": the vGPUs" + of + " use " + mem + " % of the memory time");
            if (e.getKey() < 0 && !Double.isNaN(g.utilizationGpuPercent())) {
                assertTrue(sm <= g.utilizationGpuPercent(), () -> at.get() + ": the vGPUs' SM " + sm
                        + " % over the GPU's " + g.utilizationGpuPercent() + " %");
                assertTrue(mem <= g.utilizationMemoryPercent(), () -> at.get() + ": the vGPUs' memory " + mem
                        + " % over the GPU's " + g.utilizationMemoryPercent() + " %");
            }
        }
    }

    private static void percent(Supplier<String> at, double p) {
        assertTrue(Double.isNaN(p) || (p >= 0 && p <= 100), () -> at.get() + ": " + p + " is no percentage");
    }

    private static void atMost(Supplier<String> at, String what, long value, long max) {
        if (value >= 0 && max >= 0) {
            assertTrue(value <= max, () -> at.get() + ": " + what + " " + value + " above its maximum " + max);
        }
    }

    private static void notAfter(Supplier<String> at, String what, long timestampNs, long snapshotNs) {
        if (timestampNs >= 0) {
            assertTrue(timestampNs <= snapshotNs, () -> at.get() + ": " + what + " at " + Instant.ofEpochSecond(0,
                    timestampNs) + " is after the snapshot's time " + Instant.ofEpochSecond(0, snapshotNs));
        }
    }
}
