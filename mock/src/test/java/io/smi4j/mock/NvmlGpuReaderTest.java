package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.collect.NvmlSession;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.model.CallError;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuProcessUtilization;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reader's behaviour over time and under failure, against the Java mock. */
class NvmlGpuReaderTest {

    private static VgpuHostInfo host(HostSnapshot s, int gpu) {
        return s.gpus().get(gpu).vgpuHost().orElseThrow();
    }

    @Test
    void nvmlIsInitialisedByTheFirstReadNotByTheConstructor() {
        MockNvml nvml = MockNvml.live("vgpu-host", 1);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            assertEquals(0, nvml.calls(NvmlFunction.nvmlInit_v2));
            NvmlSession session = reader.session().orElseThrow();
            assertTrue(session.whenOpen(n -> n).isEmpty(), "nothing to lend before the first read");
            reader.read();
            assertEquals(1, nvml.calls(NvmlFunction.nvmlInit_v2));
            assertEquals(Optional.of(nvml), session.whenOpen(n -> n), "the session the reader polls through");
        }
    }

    @Test
    void aVgpuKeepsItsNewestSampleWhenAPollBringsNoNewOne() {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot one = reader.read();
            HostSnapshot two = reader.read();
            List<VgpuInstance> first = host(one, 0).vgpus();
            List<VgpuInstance> second = host(two, 0).vgpus();
            assertEquals(first.stream().map(v -> v.smUtil()).toList(), second.stream().map(v -> v.smUtil()).toList());
            assertTrue(first.stream().allMatch(v -> v.utilizationAgePolls(one.sequence()) == 0));
            assertTrue(second.stream().allMatch(v -> v.utilizationAgePolls(two.sequence()) == 1), "one poll old");
            assertTrue(first.stream().allMatch(v -> v.utilizationTimestampNs() > 0 && !Double.isNaN(v.smUtil())));
        }
    }

    @Test
    void schedulerLogEntriesAreCountedOnceAndTheNewestKept() {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            VgpuHostInfo firstHost = host(reader.read(), 0);
            List<SchedulerLogEntry> first = firstHost.recentLogEntries();
            assertEquals(nvml.scenario().gpus().get(0).vgpuHost().orElseThrow().schedulerLog().entries(), first);
            assertEquals(first.size(), firstHost.logEntriesTotal());
            assertEquals(first, firstHost.logEntriesSince(Optional.empty()), "the first poll sees all");
            VgpuHostInfo same = host(reader.read(), 0);
            assertEquals(List.of(), same.logEntriesSince(Optional.of(firstHost)), "nothing new, nothing counted");
            assertEquals(first, same.recentLogEntries(), "the recent entries stay in the snapshot");
            assertEquals(firstHost.logEntriesTotal(), same.logEntriesTotal());
            nvml.advance();
            List<SchedulerLogEntry> log = nvml.scenario().gpus().get(0).vgpuHost().orElseThrow().schedulerLog()
                    .entries();
            long newestReported = first.get(first.size() - 1).timestampNs();
            List<SchedulerLogEntry> fresh = new ArrayList<>();
            for (SchedulerLogEntry e : log) {
                if (e.timestampNs() > newestReported) {
                    fresh.add(e);
                }
            }
            assertFalse(fresh.isEmpty());
            VgpuHostInfo after = host(reader.read(), 0);
            assertEquals(fresh, after.logEntriesSince(Optional.of(same)));
            assertEquals(same.logEntriesTotal() + fresh.size(), after.logEntriesTotal());
        }
    }

    @Test
    void aVgpuDestroyedBetweenEnumerationAndReadsIsLeftOutWithoutAnError() {
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, FaultPlan.none().withChurn(1), true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int poll = 0; poll < 3; poll++) {
                HostSnapshot s = reader.read();
                assertEquals(List.of(), s.errors());
                for (GpuInfo g : s.gpus()) {
                    Set<Long> live = new HashSet<>();
                    nvml.scenario().gpus().get(g.index()).vgpuHost().orElseThrow().vgpus()
                            .forEach(v -> live.add(v.id()));
                    List<VgpuInstance> vgpus = g.vgpuHost().orElseThrow().vgpus();
                    assertEquals(live.size(), vgpus.size(), "the destroyed one is left out");
                    assertTrue(vgpus.stream().allMatch(v -> live.contains(v.id())));
                }
            }
        }
    }

    @Test
    void aFailingCallCostsOnlyItsValueAndIsRecordedWithCallAndCode() {
        FaultPlan plan = FaultPlan.none().withForcedError(NvmlFunction.nvmlDeviceGetTemperature, NvmlReturn.UNKNOWN)
                .withForcedError(NvmlFunction.nvmlVgpuInstanceGetFbUsage, NvmlReturn.TIMEOUT);
        Scenario scenario = Scenarios.create("vgpu-host", 2);
        MockNvml nvml = new MockNvml(scenario, 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.DEGRADED, s.status(), "each GPU has a failing call");
            int vgpus = 0;
            for (GpuInfo g : s.gpus()) {
                assertTrue(Double.isNaN(g.temperatureCelsius()), "a failed read is not available");
                assertTrue(g.powerUsageWatts() > 0, "the other values are still there");
                assertTrue(s.errors().contains(new CallError(g.index(), -1, "nvmlDeviceGetTemperature",
                        NvmlReturn.UNKNOWN.code())));
                for (VgpuInstance v : g.vgpuHost().orElseThrow().vgpus()) {
                    vgpus++;
                    assertEquals(-1, v.fbUsedBytes());
                    assertFalse(v.uuid().isEmpty());
                    assertTrue(s.errors().contains(new CallError(g.index(), v.id(), "nvmlVgpuInstanceGetFbUsage",
                            NvmlReturn.TIMEOUT.code())));
                }
            }
            assertEquals(4 + vgpus, s.errors().size());
            assertEquals(4, s.errors().stream().filter(e -> e.vgpuInstance() == -1).count());
        }
    }

    @Test
    void aLostGpuCostsOnlyItselfTheOthersKeepTheirSessionAndCachedFacts() {
        MockNvml nvml = MockNvml.live("vgpu-host", 2);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot before = reader.read();
            assertEquals(HostStatus.OK, before.status());
            long uuidReads = nvml.calls(NvmlFunction.nvmlDeviceGetUUID);
            nvml.loseGpu(2);
            for (int poll = 0; poll < 3; poll++) {
                HostSnapshot lost = reader.read();
                assertEquals(HostStatus.DEGRADED, lost.status());
                assertTrue(lost.statusDetail().startsWith("GPU 2 lost: "), lost.statusDetail());
                GpuInfo gpu2 = lost.gpus().get(2);
                assertEquals(GpuHealth.State.LOST, gpu2.health().state());
                assertTrue(gpu2.health().reason().contains("GPU_IS_LOST"), gpu2.health().reason());
                assertEquals(before.gpus().get(2).uuid(), gpu2.uuid(), "a lost GPU keeps its identity");
                assertTrue(Double.isNaN(gpu2.temperatureCelsius()) && gpu2.vgpuHost().isEmpty(),
                        "nothing of a lost GPU is shown as this poll's reading");
                assertEquals(1, lost.errors().size(), "a lost GPU is not asked again in the same poll");
                for (int g : new int[] {0, 1, 3}) {
                    assertEquals(GpuHealth.OK, lost.gpus().get(g).health());
                    assertEquals(before.gpus().get(g).uuid(), lost.gpus().get(g).uuid());
                    assertTrue(lost.gpus().get(g).vgpuHost().isPresent(), "GPU " + g + " read");
                }
                assertFalse(host(lost, 0).vgpus().isEmpty() || host(lost, 3).vgpus().isEmpty(), "vGPUs read");
            }
            assertEquals(1, nvml.calls(NvmlFunction.nvmlInit_v2), "the others are not initialised again");
            assertEquals(uuidReads, nvml.calls(NvmlFunction.nvmlDeviceGetUUID), "nor are their facts read again");
        }
    }

    @Test
    void aGpuThatCannotBeOpenedIsUnavailableWithoutIdentityAndTheOthersReadNormally() {
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2,
                NvmlReturn.UNKNOWN, 1));
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, false);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int poll = 0; poll < 3; poll++) {
                HostSnapshot s = reader.read();
                assertEquals(HostStatus.DEGRADED, s.status());
                GpuInfo gpu1 = s.gpus().get(1);
                assertEquals(GpuHealth.State.UNAVAILABLE, gpu1.health().state());
                assertTrue(gpu1.health().reason().startsWith("nvmlDeviceGetHandleByIndex_v2"), gpu1.health().reason());
                assertFalse(gpu1.identified());
                assertTrue(s.gpus().stream().filter(g -> g.index() != 1).allMatch(g -> g.health() == GpuHealth.OK
                        && g.identified() && g.vgpuHost().isPresent()));
            }
            assertEquals(1, nvml.calls(NvmlFunction.nvmlInit_v2));
        }
    }

    @Test
    void aFailingCallMakesItsGpuDegradedAndOnlyThatGpu() {
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetTemperature,
                NvmlReturn.TIMEOUT, 0));
        MockNvml nvml = new MockNvml(Scenarios.create("bare-metal", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.DEGRADED, s.status());
            assertEquals(GpuHealth.State.DEGRADED, s.gpus().get(0).health().state());
            assertTrue(s.gpus().get(0).health().reason().startsWith("nvmlDeviceGetTemperature"));
            assertTrue(Double.isNaN(s.gpus().get(0).temperatureCelsius()));
            assertTrue(s.gpus().get(0).powerUsageWatts() > 0, "the rest of a degraded GPU is read");
            assertTrue(s.gpus().stream().skip(1).allMatch(g -> g.health() == GpuHealth.OK));
        }
    }

    @Test
    void aFailedVgpuListKeepsTheLastListMarkedStaleWithItsAgeAndTheNextListIsFreshAgain() {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus,
                NvmlReturn.TIMEOUT, 0, 2, 2, 1));
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot first = reader.read();
            HostSnapshot failed = reader.read();
            HostSnapshot after = reader.read();
            List<Long> ids = host(first, 0).vgpus().stream().map(VgpuInstance::id).toList();
            assertFalse(ids.isEmpty());
            assertEquals(ids, host(failed, 0).vgpus().stream().map(VgpuInstance::id).toList(), "unknown is not empty");
            GpuHealth health = failed.gpus().get(0).health();
            assertEquals(GpuHealth.State.DEGRADED, health.state());
            assertEquals(1, health.staleLists().size());
            assertEquals(GpuHealth.ListKind.VGPUS, health.staleLists().get(0).list());
            assertTrue(health.staleLists().get(0).ageSeconds() > 0, "the age of the list of poll 1");
            assertFalse(Double.isNaN(host(failed, 0).vgpus().get(0).smUtil()), "the vGPUs are still read");
            assertEquals(GpuHealth.OK, after.gpus().get(0).health());
            assertEquals(ids, host(after, 0).vgpus().stream().map(VgpuInstance::id).toList());
        }
    }

    @Test
    void aListThatFailsBeforeAnyWasReadIsStaleWithoutAnAgeAndEmpty() {
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Aimed.always(
                NvmlFunction.nvmlDeviceGetComputeRunningProcesses_v3, NvmlReturn.UNKNOWN, 0));
        MockNvml nvml = new MockNvml(Scenarios.create("bare-metal", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            GpuInfo gpu0 = reader.read().gpus().get(0);
            assertTrue(gpu0.processes().isEmpty());
            assertTrue(gpu0.health().stale(GpuHealth.ListKind.PROCESSES));
            assertTrue(Double.isNaN(gpu0.health().staleLists().get(0).ageSeconds()), "no list was read: no age");
        }
    }

    @Test
    void aFailedProcessListShowsTheLastProcessesRead() {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(
                NvmlFunction.nvmlDeviceGetComputeRunningProcesses_v3, NvmlReturn.UNKNOWN, 0, 2, 2, 1));
        MockNvml nvml = new MockNvml(Scenarios.create("bare-metal", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            GpuInfo first = reader.read().gpus().get(0);
            GpuInfo failed = reader.read().gpus().get(0);
            assertFalse(first.processes().isEmpty());
            assertEquals(first.processes(), failed.processes());
            assertTrue(failed.health().stale(GpuHealth.ListKind.PROCESSES));
        }
    }

    @Test
    void aSampleNoNewerOneFollowedForThreePollsIsNoLongerShownAsCurrentButItsAgeIs() {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int poll = 0; poll < 5; poll++) {
                HostSnapshot s = reader.read();
                VgpuInstance v = host(s, 0).vgpus().get(0);
                assertEquals(poll, v.utilizationAgePolls(s.sequence()));
                assertEquals(poll < VgpuInstance.STALE_AFTER_POLLS, !Double.isNaN(v.smUtil()), "poll " + poll);
                assertTrue(v.utilizationTimestampNs() > 0, "the sample's time stays known");
            }
        }
    }

    /** {@code nvml} behind a proxy that counts, per poll, the calls of each port method named in {@code counted}. */
    private static io.smi4j.nvml.Nvml counting(io.smi4j.nvml.Nvml nvml, java.util.Map<String, Integer> counts) {
        return (io.smi4j.nvml.Nvml) java.lang.reflect.Proxy.newProxyInstance(io.smi4j.nvml.Nvml.class.getClassLoader(),
                new Class<?>[] {io.smi4j.nvml.Nvml.class}, (proxy, method, args) -> {
                    counts.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(nvml, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aVgpusLicenceEncoderCapacityRuntimeStateAndAccountingAreReadWhenFirstSeenThenOncePerRefreshCycleSpreadOverThePolls() {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        MockNvml mock = MockNvml.frozen(Scenarios.create("vgpu-host", 2)); // the same vGPUs throughout
        int refreshPolls = 4;
        try (NvmlGpuReader reader = new NvmlGpuReader(() -> counting(mock, counts), 64, refreshPolls)) {
            HostSnapshot first = reader.read();
            int vgpus = first.gpus().stream().mapToInt(g -> g.vgpuHost().map(h -> h.vgpus().size()).orElse(0)).sum();
            assertTrue(vgpus >= refreshPolls, "enough vGPUs to spread: " + vgpus);
            assertEquals(vgpus, counts.get("vgpuInstanceLicenseInfo"), "poll 1: every vGPU, first seen");
            assertEquals(vgpus, counts.get("vgpuInstanceEncoderCapacity"));
            assertEquals(vgpus, counts.get("vgpuInstanceAccountingPids"));
            assertEquals(vgpus, counts.get("vgpuInstanceRuntimeStateSize"));
            HostSnapshot previous = first;
            int licences = 0;
            int most = 0;
            for (int poll = 2; poll <= 1 + refreshPolls; poll++) {
                counts.clear();
                HostSnapshot now = reader.read();
                assertEquals(vgpus, counts.get("vgpuInstanceFbUsage"), "framebuffer use: every vGPU every poll");
                int asked = counts.getOrDefault("vgpuInstanceLicenseInfo", 0);
                assertEquals(asked, (int) counts.getOrDefault("vgpuInstanceAccountingPids", 0));
                assertEquals(vgpus, counts.get("vgpuInstanceEncoderStats"), "encoder sessions: every vGPU every poll");
                licences += asked;
                most = Math.max(most, asked);
                for (int g = 0; g < now.gpus().size(); g++) {
                    if (now.gpus().get(g).vgpuHost().isEmpty()) {
                        continue;
                    }
                    List<VgpuInstance> before = host(previous, g).vgpus();
                    List<VgpuInstance> after = host(now, g).vgpus();
                    for (int i = 0; i < after.size(); i++) {
                        assertEquals(before.get(i).id(), after.get(i).id());
                        assertTrue(after.get(i).accountingPidsTotal() >= 0);
                    }
                }
                previous = now;
            }
            assertEquals(vgpus, licences, "polls 2.." + (1 + refreshPolls) + ": each vGPU asked once in the cycle");
            assertTrue(most < vgpus, "spread over the cycle, not all on one poll: at most " + most + " of " + vgpus);
            counts.clear();
            for (int poll = 0; poll < refreshPolls; poll++) {
                reader.read();
            }
            assertEquals(vgpus, counts.get("vgpuInstanceLicenseInfo"), "the next cycle: each once again");
        }
    }

    @Test
    void aReaderWithARefreshOfOnePollReadsEveryValueEveryPollAndKeepsAccountingOfAVgpuNotDue() {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        MockNvml mock = MockNvml.live("vgpu-host", 2);
        try (NvmlGpuReader every = new NvmlGpuReader(() -> counting(mock, counts), 64, 1)) {
            every.read();
            counts.clear();
            HostSnapshot second = every.read();
            int vgpus = second.gpus().stream().mapToInt(g -> g.vgpuHost().map(h -> h.vgpus().size()).orElse(0)).sum();
            assertEquals(vgpus, counts.get("vgpuInstanceLicenseInfo"));
        }
        // a vGPU not due keeps the accounting it had (the live mock's processes run on, so a read would differ)
        try (NvmlGpuReader reader = new NvmlGpuReader(() -> MockNvml.live("vgpu-host", 2), 64, 1000)) {
            List<VgpuInstance> before = host(reader.read(), 0).vgpus();
            List<VgpuInstance> after = host(reader.read(), 0).vgpus();
            int compared = 0;
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).accounting().isEmpty()) {
                    assertSame(before.get(i).accounting(), after.get(i).accounting(), "not due in 1000 polls: kept");
                    compared++;
                }
            }
            assertTrue(compared > 0, "some vGPU has accounting records");
        }
    }

    @Test
    void anUnchangedVgpuKeepsItsRecordAndItsTypesUntilItsUtilizationTurnsStale() {
        MockNvml nvml = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            List<List<VgpuInstance>> polls = new ArrayList<>();
            List<List<VgpuTypeInfo>> types = new ArrayList<>();
            for (int poll = 1; poll <= 5; poll++) {
                VgpuHostInfo h = host(reader.read(), 0);
                polls.add(h.vgpus());
                types.add(h.types());
            }
            int n = polls.get(0).size();
            assertTrue(n > 0);
            for (int i = 0; i < n; i++) {
                VgpuInstance first = polls.get(0).get(i);
                assertEquals(1, first.utilizationSamplePoll());
                assertFalse(Double.isNaN(first.smUtil()));
                assertSame(first, polls.get(1).get(i), "poll 2: nothing changed, the same record");
                assertSame(first, polls.get(2).get(i), "poll 3: nothing changed, the same record");
                VgpuInstance stale = polls.get(3).get(i); // poll 4: the sample of poll 1 is 3 polls old
                assertNotSame(first, stale, "the utilization turned stale: a new record");
                assertTrue(Double.isNaN(stale.smUtil()));
                assertEquals(1, stale.utilizationSamplePoll());
                assertEquals(first.utilizationTimestampNs(), stale.utilizationTimestampNs());
                assertSame(stale, polls.get(4).get(i), "poll 5: stale as before, the same record");
            }
            for (int poll = 1; poll < 5; poll++) {
                assertSame(types.get(0), types.get(poll), "unchanged types: the same list");
            }
            assertSame(polls.get(0), polls.get(1), "every vGPU kept its record: the same list");
            assertNotSame(polls.get(2), polls.get(3), "records changed: a new list");
        }
    }

    @Test
    void whenSampleTimestampsGoBackwardsTheCursorIsResetAndTheNewSamplesAreShown() {
        // from poll 2 the driver's clock is 1000 s behind (a reload): every sample is older than the cursor
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.SampleClock(2, 1_000_000_000L));
        MockNvml mock = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(mock, 64)) {
            long before = host(reader.read(), 0).vgpus().get(0).utilizationTimestampNs();
            VgpuInstance v = null;
            HostSnapshot s = null;
            for (int poll = 0; poll < VgpuInstance.STALE_AFTER_POLLS; poll++) { // polls 2 to 4: rewound in poll 4
                s = reader.read();
                v = host(s, 0).vgpus().get(0);
            }
            assertEquals(before - 1_000_000_000_000L, v.utilizationTimestampNs(), "the sample of the new clock");
            assertEquals(0, v.utilizationAgePolls(s.sequence()));
            assertFalse(Double.isNaN(v.smUtil()));
        }
    }

    @Test
    void bootRelativeSampleTimestampsAreReadAsUsual() {
        long bootUs = (Scenarios.DEFAULT_START_US / 1_000_000 - 86_400) * 1_000_000; // booted a day before the start
        FaultPlan plan = FaultPlan.none().with(FaultPlan.SampleClock.bootRelative(bootUs));
        MockNvml mock = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, false);
        try (NvmlGpuReader reader = new NvmlGpuReader(mock, 64)) {
            for (int poll = 1; poll <= 5; poll++) {
                HostSnapshot s = reader.read();
                VgpuInstance v = host(s, 0).vgpus().get(0);
                assertTrue(v.utilizationTimestampNs() < 2 * 86_400_000_000_000L, "seconds since boot, not the epoch");
                assertEquals(0, v.utilizationAgePolls(s.sequence()), "poll " + poll + " brought a newer sample");
                assertFalse(Double.isNaN(v.smUtil()));
            }
        }
    }

    private static long errorsOf(HostSnapshot s, NvmlFunction f) {
        return s.errorTotals().stream().filter(t -> t.call().equals(f.name())).mapToLong(t -> t.total()).sum();
    }

    @Test
    void aCallFailingWithTheSameCodeEveryPollIsSuspendedSoItsErrorCountStaysBoundedUntilTheSlowReprobe() {
        // real vGPU guests answer UNKNOWN for every maximum clock on every poll
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetMaxClockInfo,
                NvmlReturn.UNKNOWN, 0));
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-guest", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = null;
            for (int poll = 1; poll < 300; poll++) {
                s = reader.read();
                long expected = 3L * Math.min(poll, 3); // three clock domains, three polls each
                assertEquals(expected, errorsOf(s, NvmlFunction.nvmlDeviceGetMaxClockInfo), "poll " + poll);
            }
            assertEquals(GpuHealth.OK, s.gpus().get(0).health(), "a suspended call is no failure of this poll");
            assertEquals(-1, s.gpus().get(0).clocks().maxGraphicsHertz());
            long asked = nvml.calls(NvmlFunction.nvmlDeviceGetMaxClockInfo);
            s = reader.read(); // poll 300: asked again, the same answer: suspended again at once
            assertEquals(asked + 3, nvml.calls(NvmlFunction.nvmlDeviceGetMaxClockInfo), "re-probed");
            assertEquals(9, errorsOf(s, NvmlFunction.nvmlDeviceGetMaxClockInfo), "the suspended answer is not counted");
            assertEquals(GpuHealth.OK, s.gpus().get(0).health(), "nor does it fail the poll");
        }
    }

    @Test
    void aVgpuListFailingPersistentlyIsSuspendedButStaysTheLastListReadNotAnEmptyOne() {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus,
                NvmlReturn.UNKNOWN, 0, 2, Long.MAX_VALUE, 1));
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            List<Long> ids = host(reader.read(), 0).vgpus().stream().map(VgpuInstance::id).toList();
            HostSnapshot s = null;
            for (int poll = 2; poll <= 10; poll++) {
                s = reader.read();
                assertEquals(ids, host(s, 0).vgpus().stream().map(VgpuInstance::id).toList(), "poll " + poll);
                assertTrue(s.gpus().get(0).health().stale(GpuHealth.ListKind.VGPUS), "poll " + poll);
                assertEquals(GpuHealth.State.DEGRADED, s.gpus().get(0).health().state());
            }
            assertEquals(3, errorsOf(s, NvmlFunction.nvmlDeviceGetActiveVgpus), "polls 2 to 4, then suspended");
        }
    }

    @Test
    void whatAMigEnabledGpuRefusedIsAskedAgainOnceMigIsTurnedOff() {
        Scenario s = Scenarios.create("vgpu-host", 2);
        MockNvml nvml = MockNvml.frozen(s);
        nvml.switchMigMode(0, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(host(reader.read(), 0).schedulerState().isEmpty(), "MIG on: no scheduler");
            }
            nvml.switchMigMode(0, false);
            reader.read(); // this poll sees the change
            HostSnapshot after = reader.read();
            assertTrue(host(after, 0).schedulerState().isPresent(), "the memo was cleared on the MIG change");
            assertTrue(host(after, 0).schedulerCapabilities().isPresent());
        }
    }

    /** GPU 1's temperature in polls 1 to 4, when it answers NOT_SUPPORTED in poll 1 and {@code change} happens. */
    private static List<Double> temperaturesAround(FaultPlan.ModeSwitch change) {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetTemperature,
                NvmlReturn.NOT_SUPPORTED, 1, 1, 1, 1));
        if (change != null) {
            plan = plan.with(change);
        }
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        List<Double> out = new ArrayList<>();
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int poll = 1; poll <= 4; poll++) {
                out.add(reader.read().gpus().get(1).temperatureCelsius());
            }
        }
        return out;
    }

    @Test
    void aVirtualizationOrMigModeChangeAsksAgainWhatTheGpuRefusedBefore() {
        List<Double> unchanged = temperaturesAround(null);
        assertTrue(unchanged.stream().allMatch(t -> Double.isNaN(t)), "NOT_SUPPORTED is remembered: " + unchanged);
        for (FaultPlan.ModeSwitch change : List.of(
                FaultPlan.ModeSwitch.virtualization(1, 3, io.smi4j.model.VirtualizationMode.PASSTHROUGH),
                FaultPlan.ModeSwitch.mig(1, 3, true))) {
            List<Double> t = temperaturesAround(change);
            assertTrue(Double.isNaN(t.get(0)) && Double.isNaN(t.get(1)), change + ": remembered until then " + t);
            assertFalse(Double.isNaN(t.get(3)), change + ": the memo was cleared in the poll that saw it " + t);
        }
    }

    @Test
    void whenEveryGpuStaysLostNvmlIsShutDownDuringTheBackOffAndTheStatusSaysSo() {
        FaultPlan plan = FaultPlan.none();
        for (int g = 0; g < 4; g++) {
            plan = plan.with(new FaultPlan.Aimed(null, NvmlReturn.GPU_IS_LOST, g, 2, Long.MAX_VALUE, 1));
        }
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            assertEquals(HostStatus.OK, reader.read().status());
            HostSnapshot lost = reader.read(); // poll 2: every GPU lost
            assertEquals(HostStatus.ERROR, lost.status());
            assertEquals(1, nvml.calls(NvmlFunction.nvmlShutdown), "released at once, not at the next attempt");
            assertTrue(lost.statusDetail().contains("NVML is shut down until it is initialised again at poll 3"),
                    lost.statusDetail());
            reader.read(); // poll 3: initialised again, still lost, shut down again; next attempt at poll 5
            HostSnapshot backingOff = reader.read(); // poll 4
            assertEquals(HostStatus.ERROR, backingOff.status());
            assertTrue(backingOff.statusDetail().contains("shut down until it is initialised again at poll 5"),
                    backingOff.statusDetail());
            assertEquals(2, nvml.calls(NvmlFunction.nvmlInit_v2));
            assertEquals(2, nvml.calls(NvmlFunction.nvmlShutdown), "nothing held while backing off");
        }
    }

    @Test
    void everyGpuLostMakesThePollAnErrorAndNvmlIsInitialisedAgain() {
        MockNvml nvml = MockNvml.live("vgpu-host", 2);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            assertEquals(HostStatus.OK, reader.read().status());
            for (int g = 0; g < 4; g++) {
                nvml.loseGpu(g);
            }
            HostSnapshot lost = reader.read();
            assertEquals(HostStatus.ERROR, lost.status());
            assertTrue(lost.gpus().stream().allMatch(g -> g.health().state() == GpuHealth.State.LOST));
            HostSnapshot after = reader.read();
            assertEquals(2, nvml.calls(NvmlFunction.nvmlInit_v2));
            assertEquals(HostStatus.OK, after.status());
            assertFalse(after.gpus().get(2).vgpuHost().orElseThrow().vgpus().isEmpty());
        }
    }

    @Test
    void aMissingDriverIsRetriedWithBackOff() {
        MockNvml nvml = MockNvml.live("no-driver", 1);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < 64; i++) {
                HostSnapshot s = reader.read();
                assertEquals(HostStatus.NO_DRIVER, s.status());
                assertEquals(i + 1, s.sequence());
            }
        }
        assertEquals(7, nvml.calls(NvmlFunction.nvmlInit_v2), "attempts at polls 1, 2, 4, 8, 16, 32, 64");
    }

    @Test
    void accountingStatsAreReadForEveryPidUpToTheCap() {
        Scenario scenario = Scenarios.create("vgpu-host", 4);
        for (int cap : new int[] {0, 1, 64}) {
            try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(scenario), cap)) {
                HostSnapshot s = reader.read();
                boolean sawMany = false;
                for (GpuInfo g : s.gpus()) {
                    for (VgpuInstance v : g.vgpuHost().orElseThrow().vgpus()) {
                        assertEquals(Math.min(cap, v.accountingPidsTotal()), v.accounting().size());
                        sawMany |= v.accountingPidsTotal() > 1;
                    }
                }
                assertTrue(sawMany, "the scenario has vGPUs with several PIDs");
            }
        }
    }

    @Test
    void theR550UtilizationCallIsPreferredWhenTheDriverHasIt() {
        MockNvml nvml = MockNvml.live("vgpu-host", 1);
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < 5; i++) {
                HostSnapshot s = reader.read();
                assertFalse(Double.isNaN(host(s, 0).vgpus().get(0).jpgUtil()), "jpg comes with the R550 call");
            }
        }
        assertEquals(4 * 5, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo));
        assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuUtilization));
    }

    @Test
    void schedulerCallsAMigEnabledVgpuHostGpuRefusesAreMadeOncePerSession() {
        Scenario s = Scenarios.create("vgpu-host", 2);
        List<SimGpu> gpus = new ArrayList<>(s.gpus());
        SimGpu g = gpus.get(0);
        gpus.set(0, new SimGpu(g.name(), g.uuid(), g.pci(), g.virtualizationMode(),
                g.memory(), g.utilization(), g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(),
                g.maxClocksMhz(), g.fanSpeedPercent(), g.performanceState(), g.ecc(),
                new MigMode(true, true), g.processes(), g.gpuInstances(), g.migDevices(),
                g.vgpuHost(), g.guestLicense()));
        MockNvml nvml = MockNvml.frozen(Simulation.with(s, gpus));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (int i = 0; i < 10; i++) {
                HostSnapshot snapshot = reader.read();
                assertEquals(List.of(), snapshot.errors());
                VgpuHostInfo h = host(snapshot, 0);
                assertTrue(h.schedulerCapabilities().isEmpty() && h.schedulerState().isEmpty());
                assertFalse(h.vgpus().isEmpty(), "the vGPUs are still read");
                assertTrue(host(snapshot, 1).schedulerState().isPresent());
            }
        }
        // GPU 0 once, the other three GPUs: capabilities once, state and log every poll
        assertEquals(4, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerCapabilities));
        assertEquals(1 + 3 * 10, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerState));
        assertEquals(1 + 3 * 10, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog));
    }

    /** {@code s} with process samples in GPU 0's first two vGPUs: two of one process, one value not available. */
    static Scenario withProcessSamples(Scenario s) {
        List<SimGpu> gpus = new ArrayList<>(s.gpus());
        SimVgpuHost h = gpus.get(0).vgpuHost().orElseThrow();
        long a = h.vgpus().get(0).id();
        long b = h.vgpus().get(1).id();
        long t = h.utilizationSamples().get(0).timestampUs();
        SimVgpuHost sampled = new SimVgpuHost(h.hostMode(), h.capabilities(), h.state(), h.schedulerLog(),
                h.heterogeneousMode(), h.types(), h.vgpus(), h.utilizationSamples(), List.of(
                        new VgpuProcessUtilizationSample(a, 4242, "blender", t, 50, 20, 5, 1),
                        new VgpuProcessUtilizationSample(a, 77, "ffmpeg", t + 500, 10, 5, 60, -1),
                        new VgpuProcessUtilizationSample(a, 4242, "blender", t + 1000, 70, 25, 5, 1),
                        new VgpuProcessUtilizationSample(b, 99, "python3", t + 200, 90, 40, 0, 0)),
                h.vgpuCapabilities());
        gpus.set(0, Simulation.with(gpus.get(0), sampled));
        return Simulation.with(s, gpus);
    }

    @Test
    void eachVgpuListsTheNewestSampleOfEachOfItsProcessesAndKeepsThemUntilNewerCome() {
        Scenario scenario = withProcessSamples(Scenarios.create("vgpu-host", 2));
        long t = scenario.gpus().get(0).vgpuHost().orElseThrow().utilizationSamples().get(0).timestampUs();
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(scenario), 64)) {
            HostSnapshot s = reader.read();
            assertEquals(Expected.gpus(scenario, 64), s.gpus());
            List<VgpuInstance> vgpus = host(s, 0).vgpus();
            List<VgpuProcessUtilization> a = vgpus.get(0).processUtilization();
            assertEquals(List.of(4242L, 77L), a.stream().map(VgpuProcessUtilization::pid).toList());
            assertEquals(new VgpuProcessUtilization(4242, "blender", 70, 25, 5, 1, (t + 1000) * 1000), a.get(0),
                    "the newest sample of the process");
            assertTrue(Double.isNaN(a.get(1).decUtil()), "not available");
            assertEquals(List.of(99L), vgpus.get(1).processUtilization().stream()
                    .map(VgpuProcessUtilization::pid).toList());
            assertTrue(vgpus.stream().skip(2).allMatch(v -> v.processUtilization().isEmpty()));
            assertEquals(vgpus.stream().map(VgpuInstance::processUtilization).toList(),
                    host(reader.read(), 0).vgpus().stream().map(VgpuInstance::processUtilization).toList(),
                    "no newer samples: the processes stay");
        }
    }

    /** Bare metal's GPU 0 with a compute process, a graphics one and one in both lists (no sample), on {@code driver}. */
    static Scenario withGraphicsAndSamples(String driver) {
        Scenario s = Scenarios.create("bare-metal", 1);
        SimGpu g = s.gpus().get(0);
        long t = 1_700_000_000_000_000L;
        List<SimProcess> processes = List.of(
                new SimProcess(4001, "python3", 1L << 30, -1, -1, Optional.empty(),
                        Optional.of(new ProcessUtilizationSample(4001, t, 12, 6, 0, 0, 2, 1))),
                new SimProcess(4002, "Xorg", 64L << 20, -1, -1, Optional.of(GpuProcess.Type.GRAPHICS),
                        Optional.of(new ProcessUtilizationSample(4002, t + 10, 3, 1, 0, 2, 0, 0))),
                new SimProcess(4003, "blender", 2L << 30, -1, -1, Optional.of(GpuProcess.Type.COMPUTE_GRAPHICS),
                        Optional.empty()));
        SimGpu gpu = new SimGpu(g.name(), g.uuid(), g.pci(), g.virtualizationMode(), g.memory(), g.utilization(),
                g.temperatureC(), g.powerUsageMw(), g.powerLimitMw(), g.clocksMhz(), g.maxClocksMhz(),
                g.fanSpeedPercent(), g.performanceState(), g.ecc(), g.mig(), processes, g.gpuInstances(),
                g.migDevices(), g.vgpuHost(), g.guestLicense());
        return new Scenario(s.name(), true, driver, "12." + driver, s.cudaDriverVersion(), List.of(gpu));
    }

    @Test
    void computeAndGraphicsProcessesAreListedOnceWithTheirSamplesUntilTheSamplesGoStale() {
        MockNvml nvml = MockNvml.frozen(withGraphicsAndSamples("550.163.01"));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            List<GpuProcess> first = reader.read().gpus().get(0).processes();
            assertEquals(List.of(4001L, 4003L, 4002L), first.stream().map(GpuProcess::pid).toList(),
                    "the compute list's order, then the graphics-only processes; a process in both once");
            assertEquals(List.of(GpuProcess.Type.COMPUTE, GpuProcess.Type.COMPUTE_GRAPHICS, GpuProcess.Type.GRAPHICS),
                    first.stream().map(GpuProcess::type).toList());
            assertEquals(new GpuProcess(4001, "python3", 1L << 30, -1, -1, GpuProcess.Type.COMPUTE, 12, 6, 0, 0, 2, 1,
                    1_700_000_000_000_000_000L), first.get(0), "R550's call: jpg and ofa too");
            assertTrue(Double.isNaN(first.get(1).smUtil()), "no sample: not available");
            assertEquals(3.0, first.get(2).smUtil());
            assertEquals(2.0, first.get(2).decUtil());
            for (int poll = 2; poll <= GpuProcess.STALE_AFTER_POLLS; poll++) {
                assertEquals(12.0, reader.read().gpus().get(0).processes().get(0).smUtil(),
                        "no newer sample yet: the newest is kept for " + GpuProcess.STALE_AFTER_POLLS + " polls");
            }
            GpuProcess stale = reader.read().gpus().get(0).processes().get(0);
            assertTrue(Double.isNaN(stale.smUtil()), "a sample no newer one followed is not shown as current");
            assertEquals(1_700_000_000_000_000_000L, stale.utilizationTimestampNs(), "its time remains");
        }
        assertEquals(GpuProcess.STALE_AFTER_POLLS + 1, nvml.calls(NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo));
        assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceGetProcessUtilization));
    }

    @Test
    void anR535DriverAnswersProcessUtilizationThroughTheOlderCallWithoutJpgAndOfa() {
        MockNvml nvml = MockNvml.frozen(withGraphicsAndSamples("535.261.03"));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            GpuProcess p = s.gpus().get(0).processes().get(0);
            assertEquals(12.0, p.smUtil());
            assertEquals(6.0, p.memUtil());
            assertTrue(Double.isNaN(p.jpgUtil()) && Double.isNaN(p.ofaUtil()));
            assertEquals(List.of(), s.errors(), "FUNCTION_NOT_FOUND is no failure");
            reader.read();
        }
        assertEquals(1, nvml.calls(NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo), "asked once, then remembered");
        assertEquals(2, nvml.calls(NvmlFunction.nvmlDeviceGetProcessUtilization));
    }

    @Test
    void aSimulatedBareMetalHostSharesEachGpusUtilizationAmongItsProcesses() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.live("bare-metal", 3), 64)) {
            reader.read();
            HostSnapshot s = reader.read();
            for (GpuInfo g : s.gpus()) {
                double sm = g.processes().stream().mapToDouble(GpuProcess::smUtil).sum();
                assertFalse(Double.isNaN(sm), "every process has a sample of this step");
                assertTrue(sm <= g.utilizationGpuPercent(), sm + " > " + g.utilizationGpuPercent());
            }
            assertTrue(s.gpus().stream().flatMap(g -> g.processes().stream()).anyMatch(p -> p.smUtil() > 0),
                    "some process is busy");
        }
    }

    @Test
    void sequenceNumbersCountPollsFromOne() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.live("bare-metal", 1), 64)) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, reader.read().sequence());
            }
        }
    }
}
