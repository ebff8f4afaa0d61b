package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.model.CallError;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.NvmlFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * 10,000 polls of {@code vgpu-host-large} (8 GPUs x 32 vGPUs) with 5% of calls failing, vGPUs
 * destroyed between enumeration and reads, counts growing between count and fill, GPUs
 * falling off the bus now and then, a GPU that cannot be opened at first, a vGPU list failing every
 * third poll and maximum clocks that always answer UNKNOWN.
 */
class SoakTest {

    private static final int POLLS = 10_000;
    private static final int CAP = 2;

    @Test
    void tenThousandFaultyPollsGiveConsistentSnapshotsAndEveryLogEntryExactlyOnce() {
        FaultPlan plan = FaultPlan.none().withErrors(0.05).withChurn(0.05).withCountGrowth(0.05)
                .withGpuLoss(0.0005)
                // GPU 7 cannot be opened for its first 20 polls, GPU 1's vGPU list fails every third poll,
                // GPU 2 answers UNKNOWN for its maximum clocks as real vGPU guests do
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 7, 1, 20, 1))
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.TIMEOUT, 1, 3,
                        Long.MAX_VALUE, 3))
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetMaxClockInfo, NvmlReturn.UNKNOWN, 2));
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host-large", 99), 99, plan, false);
        int gpus = nvml.scenario().gpus().size();
        List<List<Long>> reported = new ArrayList<>();
        List<TreeSet<Long>> existed = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            reported.add(new ArrayList<>());
            existed.add(new TreeSet<>());
        }
        VgpuHostInfo[] lastHost = new VgpuHostInfo[gpus];
        int lostPolls = 0;
        int unavailablePolls = 0;
        int stalePolls = 0;
        int[] completeUntil = new int[gpus];
        java.util.Arrays.fill(completeUntil, -1);
        long errorsSeen = 0;
        long vgpusSeen = 0;
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, CAP)) {
            for (int poll = 0; poll < POLLS; poll++) {
                HostSnapshot s;
                try {
                    s = reader.read();
                } catch (RuntimeException e) {
                    throw new AssertionError("poll " + poll + " threw", e);
                }
                assertEquals(poll + 1, s.sequence());
                if (s.status() != HostStatus.OK) {
                    assertTrue(s.status() == HostStatus.DEGRADED || s.status() == HostStatus.ERROR, s.statusDetail());
                    assertFalse(s.statusDetail().isEmpty());
                }
                if (s.gpus().stream().anyMatch(g -> g.health().state() == GpuHealth.State.LOST)) {
                    lostPolls++;
                }
                if (s.gpus().size() > 7 && s.gpus().get(7).health().state() == GpuHealth.State.UNAVAILABLE) {
                    unavailablePolls++;
                }
                if (s.gpus().size() > 1 && s.gpus().get(1).health().stale(GpuHealth.ListKind.VGPUS)) {
                    stalePolls++;
                }
                for (GpuInfo g : s.gpus()) {
                    if (g.health().state() == GpuHealth.State.LOST && completeUntil[g.index()] < 0) {
                        // until NVML is initialised again its log is not read: completeness holds before the loss
                        List<Long> got = reported.get(g.index());
                        completeUntil[g.index()] = got.size();
                    }
                }
                errorsSeen += s.errors().size();
                vgpusSeen += checkConsistent(poll, s, nvml);
                for (GpuInfo g : s.gpus()) {
                    if (g.vgpuHost().isPresent()) {
                        VgpuHostInfo h = g.vgpuHost().get();
                        for (SchedulerLogEntry e : h.logEntriesSince(Optional.ofNullable(lastHost[g.index()]))) {
                            reported.get(g.index()).add(e.timestampNs());
                        }
                        lastHost[g.index()] = h;
                    }
                }
                for (int g = 0; g < gpus; g++) {
                    // the mock's log is oldest first: only its tail is new since the last poll
                    List<SchedulerLogEntry> log = nvml.scenario().gpus().get(g).vgpuHost().orElseThrow()
                            .schedulerLog().entries();
                    TreeSet<Long> seen = existed.get(g);
                    long newest = seen.isEmpty() ? Long.MIN_VALUE : seen.last();
                    for (int k = log.size() - 1; k >= 0 && log.get(k).timestampNs() > newest; k--) {
                        seen.add(log.get(k).timestampNs());
                    }
                }
            }
        }
        for (int g = 0; g < gpus; g++) {
            List<Long> got = reported.get(g);
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i) > got.get(i - 1), "GPU " + g + ": log entry duplicated or out of order at " + i);
            }
            assertTrue(existed.get(g).containsAll(got), "GPU " + g + ": only entries the log held were reported");
            List<Long> complete = got.subList(0, completeUntil[g] < 0 ? got.size() : completeUntil[g]);
            if (!complete.isEmpty()) {
                long last = complete.get(complete.size() - 1);
                // from the first entry read: a GPU that could not be opened at first saw the older ones never
                List<Long> expected = new ArrayList<>(existed.get(g).subSet(complete.get(0), true, last, true));
                assertEquals(expected, complete, "GPU " + g + ": every entry the log held before a loss was reported");
            }
            // about 4 entries a poll: a GPU lost (its log unread until NVML is initialised again) still shows hundreds
            assertTrue(got.size() > POLLS / 20, "GPU " + g + ": the log kept filling: " + got.size());
            if (completeUntil[g] >= 0) {
                assertTrue(got.size() > completeUntil[g], "GPU " + g + ": its log read again after its loss");
            }
        }
        assertTrue(errorsSeen > POLLS, "faults were injected: " + errorsSeen);
        assertTrue(lostPolls > 0, "some polls saw a lost GPU: " + lostPolls);
        // failing 3 polls in a row, the handle is asked again only at the slow re-probe (poll 300)
        assertTrue(unavailablePolls >= 20 && unavailablePolls <= 300, "GPU 7 unopenable at first: " + unavailablePolls);
        assertTrue(stalePolls > 0, "GPU 1's failed lists were shown stale: " + stalePolls);
        // a lost GPU stays dark until every GPU is lost and NVML is initialised again
        assertTrue(vgpusSeen > POLLS * 50L, "vGPUs were read: " + vgpusSeen);
    }

    /** @return the vGPUs in the snapshot */
    private static int checkConsistent(int poll, HostSnapshot s, MockNvml nvml) {
        String at = "poll " + poll + ": ";
        int gpuCount = nvml.scenario().gpus().size();
        for (CallError e : s.errors()) {
            assertFalse(e.result() == NvmlReturn.NOT_SUPPORTED || e.result() == NvmlReturn.FUNCTION_NOT_FOUND,
                    () -> at + "NOT_SUPPORTED recorded as an error: " + e);
            assertTrue(e.gpuIndex() >= -1 && e.gpuIndex() < gpuCount, () -> at + e);
        }
        int vgpus = 0;
        for (int i = 0; i < s.gpus().size(); i++) {
            GpuInfo g = s.gpus().get(i);
            assertEquals(i, g.index(), () -> at + "GPUs by index");
            Supplier<String> where = () -> at + "GPU " + g.index() + ": ";
            healthConsistent(where, g, s.errors());
            percentOrNa(where, g.utilizationGpuPercent());
            percentOrNa(where, g.utilizationMemoryPercent());
            naOrBytes(where, g.memoryUsedBytes(), g.memoryTotalBytes());
            measuredOrNa(where, g.temperatureCelsius());
            measuredOrNa(where, g.powerUsageWatts());
            if (g.vgpuHost().isEmpty()) {
                continue;
            }
            assertEquals(VirtualizationMode.HOST_VGPU, g.virtualizationMode(),
                    () -> at + "a vGPU section needs a vGPU host");
            VgpuHostInfo h = g.vgpuHost().get();
            Set<Long> live = new HashSet<>();
            SimGpu sim = nvml.scenario().gpus().get(i);
            for (SimVgpu v : sim.vgpuHost().orElseThrow().vgpus()) {
                live.add(v.id());
            }
            Set<Long> ids = new HashSet<>();
            for (VgpuInstance v : h.vgpus()) {
                vgpus++;
                int gpuIndex = i;
                Supplier<String> w = () -> at + "GPU " + gpuIndex + " vGPU " + v.id() + ": ";
                assertTrue(ids.add(v.id()), () -> w.get() + "listed twice");
                assertTrue(live.contains(v.id()), () -> w.get() + "not (or no longer) on its GPU");
                assertTrue(v.id() > 0 && v.id() <= 0xFFFF_FFFFL, () -> w.get() + "id");
                naOrBytes(w, v.fbUsedBytes(), v.fbTotalBytes());
                for (double u : new double[] {v.smUtil(), v.memUtil(), v.encUtil(), v.decUtil()}) {
                    assertTrue(Double.isNaN(u) || (u >= 0 && u <= 100), () -> w.get() + "utilization " + u);
                }
                assertTrue(v.utilizationTimestampNs() >= -1, () -> w.get() + "timestamp");
                measuredOrNa(w, v.frameRateLimitFps());
                percentOrNa(() -> w.get() + "encoder capacity ", v.encoderCapacityPercent());
                u32OrNa(w, v.encoderSessions());
                assertTrue(v.typeId() == -1 || v.typeId() > 0, () -> w.get() + "type");
                assertTrue(v.typeName().isEmpty() == (v.fbTotalBytes() == -1),
                        () -> w.get() + "type facts come together");
                assertTrue(v.accounting().size() <= CAP && v.accounting().size() <= v.accountingPidsTotal(),
                        () -> w.get() + "accounting");
                for (VgpuAccounting a : v.accounting()) {
                    assertTrue(a.pid() > 0, () -> w.get() + "pid");
                    percentOrNa(() -> w.get() + "accounting ", a.stats().gpuUtilizationPercent());
                }
            }
        }
        return vgpus;
    }

    /** OK means no error of this GPU; a GPU not read has no readings; one that cannot be opened has no identity. */
    private static void healthConsistent(Supplier<String> where, GpuInfo g, List<CallError> errors) {
        boolean failed = errors.stream().anyMatch(e -> e.gpuIndex() == g.index());
        switch (g.health().state()) {
            case OK -> assertFalse(failed, () -> where.get() + "OK with a failed call");
            // a stale list without an error of this poll: its call was re-probed, failed as before, suspended again
            case DEGRADED -> assertTrue((failed || !g.health().staleLists().isEmpty())
                    && !g.health().reason().isEmpty(), () -> where.get() + "degraded why: " + g.health());
            case LOST, UNAVAILABLE -> {
                assertTrue(failed || !g.health().reason().isEmpty(), () -> where.get() + "not read without a reason");
                assertTrue(Double.isNaN(g.temperatureCelsius()) && g.memoryTotalBytes() == -1
                        && g.vgpuHost().isEmpty() && g.processes().isEmpty(), () -> where.get() + "readings of " + g.health());
            }
        }
        if (g.health().state() == GpuHealth.State.UNAVAILABLE) {
            assertTrue(g.uuid().isEmpty(), () -> where.get() + "identity");
        }
    }

    // messages are built only on failure: these run millions of times

    private static void percentOrNa(Supplier<String> where, double v) {
        if (!Double.isNaN(v) && (v < 0 || v > 100)) {
            fail(where.get() + "percent " + v);
        }
    }

    private static void measuredOrNa(Supplier<String> where, double v) {
        if (!Double.isNaN(v) && (v < 0 || Double.isInfinite(v) || v >= 0xFFFF_FFFFL)) {
            fail(where.get() + "measurement " + v);
        }
    }

    private static void u32OrNa(Supplier<String> where, long v) {
        if (v != -1 && (v < 0 || v >= 0xFFFF_FFFFL)) {
            fail(where.get() + "unsigned 32-bit value " + v);
        }
    }

    private static void naOrBytes(Supplier<String> where, long used, long total) {
        if (used < -1 || total < -1 || total == 0 || (used >= 0 && total > 0 && used > total)) {
            fail(where.get() + "memory used " + used + " of " + total);
        }
    }
}
