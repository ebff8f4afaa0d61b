package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.SchedulerLogEntry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per scenario, the first snapshot holds exactly what the scenario holds, field by field. */
class ScenarioSnapshotTest {

    static void assertGpusEqual(List<GpuInfo> expected, List<GpuInfo> actual) {
        assertEquals(expected.size(), actual.size(), "GPU count");
        for (int i = 0; i < expected.size(); i++) {
            GpuInfo e = expected.get(i);
            GpuInfo a = actual.get(i);
            if (e.vgpuHost().isPresent() && a.vgpuHost().isPresent()) {
                var eh = e.vgpuHost().get();
                var ah = a.vgpuHost().get();
                assertEquals(eh.types(), ah.types(), "GPU " + i + " vGPU types");
                assertEquals(eh.recentLogEntries(), ah.recentLogEntries(), "GPU " + i + " scheduler log");
                assertEquals(eh.logEntriesTotal(), ah.logEntriesTotal(), "GPU " + i + " scheduler log entries seen");
                assertEquals(eh.vgpus().size(), ah.vgpus().size(), "GPU " + i + " vGPU count");
                for (int k = 0; k < eh.vgpus().size(); k++) {
                    assertEquals(eh.vgpus().get(k), ah.vgpus().get(k), "GPU " + i + " vGPU " + k);
                }
            }
            assertEquals(e, a, "GPU " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare-metal", "vgpu-host", "vgpu-host-large", "vgpu-host-r580", "mig-host",
        "vgpu-guest", NewerDriver.NAME})
    void theFirstSnapshotHoldsExactlyWhatTheScenarioHolds(String name) {
        Scenario scenario = name.equals(NewerDriver.NAME) ? NewerDriver.of(Scenarios.create("vgpu-host", 11))
                : Scenarios.create(name, 11);
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(scenario), 2)) {
            HostSnapshot s = reader.read();
            PlausibilityTest.assertHealthy(name, 1, s, name);
            assertEquals(scenario.driverVersion(), s.driverVersion());
            assertEquals(scenario.nvmlVersion(), s.nvmlVersion());
            int cuda = scenario.cudaDriverVersion();
            assertEquals(cuda / 1000 + "." + cuda % 1000 / 10, s.cudaDriverVersion());
            assertEquals(1, s.sequence());
            assertGpusEqual(Expected.gpus(scenario, 2), s.gpus());
            assertEquals(Expected.driverCapabilities(scenario), s.vgpuDriverCapabilities());
        }
    }

    /** MIG-backed vGPU (R575 calls): each GPU instance's scheduler, log, types with capacity and vGPUs, as held. */
    @org.junit.jupiter.api.Test
    void aMigBackedHostsSnapshotHoldsEachGpuInstancesVgpuSide() {
        Scenario scenario = MigBackedScenario.create();
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(scenario), 2)) {
            HostSnapshot s = reader.read();
            assertEquals(List.of(), s.errors());
            assertGpusEqual(Expected.gpus(scenario, 2), s.gpus());
            MigBackedVgpuTest.assertMigBackedValues(s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vgpu-host", "vgpu-host-large", "bare-metal"})
    void afterTheScenarioMovesTheSnapshotFollowsIt(String name) {
        // steps of two simulated seconds (a real-time clock polled this fast has short steps with fewer entries)
        MockNvml nvml = MockNvml.live(name, 5, SimClock.fixed(java.time.Instant.parse("2026-01-01T00:00:00Z")));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot previous = reader.read();
            for (int i = 0; i < 5; i++) {
                HostSnapshot s = reader.read();
                HostSnapshot before = previous;
                previous = s;
                assertEquals(List.of(), s.errors());
                List<GpuInfo> expected = Expected.gpus(nvml.scenario(), 64, s.sequence()); // each poll brings new samples
                for (int g = 0; g < expected.size(); g++) {
                    GpuInfo e = expected.get(g);
                    GpuInfo a = s.gpus().get(g);
                    assertEquals(e.utilizationGpuPercent(), a.utilizationGpuPercent());
                    assertEquals(e.memoryUsedBytes(), a.memoryUsedBytes());
                    assertEquals(e.temperatureCelsius(), a.temperatureCelsius());
                    if (e.vgpuHost().isPresent()) {
                        assertEquals(e.vgpuHost().get().vgpus(), a.vgpuHost().orElseThrow().vgpus());
                        assertEquals(e.vgpuHost().get().types(), a.vgpuHost().orElseThrow().types());
                        List<SchedulerLogEntry> fresh = a.vgpuHost().get()
                                .logEntriesSince(before.gpus().get(g).vgpuHost());
                        if (e.vgpuHost().get().vgpus().isEmpty()) {
                            assertEquals(List.of(), fresh, "a GPU without vGPUs schedules nothing");
                        } else {
                            assertTrue(fresh.size() >= 2 && fresh.size() <= 6, "only the 2 to 6 entries the step added");
                        }
                        assertEquals(before.gpus().get(g).vgpuHost().orElseThrow().logEntriesTotal() + fresh.size(),
                                a.vgpuHost().get().logEntriesTotal());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-driver"})
    void theNoDriverHostSaysNoDriverWithItsNvmlVersion(String name) {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.live(name, 1), 64)) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.NO_DRIVER, s.status());
            assertTrue(s.statusDetail().contains("DRIVER_NOT_LOADED"), s.statusDetail());
            assertEquals("12.550.163.01", s.nvmlVersion());
            assertTrue(s.gpus().isEmpty() && s.errors().isEmpty());
        }
    }
}
