package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record, then replay: the native mock plays a preset, {@link HostRecorder} reads it through the real binding
 * (JnaNvml) into a scenario file, and {@link MockNvml} replaying that file gives the preset's snapshots.
 */
class RecordRoundTripTest {

    @TempDir
    Path dir;

    static List<String> presets() {
        return Scenarios.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void aPresetRecordedThroughJnaNvmlOverTheNativeMockReplaysAsThePreset(String preset) throws IOException {
        Scenario played = Scenarios.create(preset, 3);
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(played);
        Scenario recorded;
        try (JnaNvml nvml = JnaNvml.load(mock.path())) {
            recorded = HostRecorder.record(nvml, preset);
        }
        // What NVML can tell is the scenario, except where it cannot: on vGPU hosts NVML reports a vGPU's placement
        // and the free placements only in heterogeneous mode, an R535 driver has no call reporting JPEG/OFA
        // utilization (the file says NaN), and MIG instance handles are the library's pointers, listed by profile.
        // There the snapshots below are the proof.
        // (faulty-host holds vgpu-host's data)
        if (!preset.startsWith("vgpu-host") && !preset.equals("mig-host") && !preset.equals("faulty-host")) {
            // as files first: a difference shows as the JSON lines that differ
            assertEquals(ScenarioFiles.write(played, 0), ScenarioFiles.write(recorded, 0));
            assertEquals(played, recorded, "what NVML answered is the scenario it was given");
        }

        Path file = dir.resolve(preset + ".json");
        ScenarioFiles.write(recorded, 0, file);
        Scenario replayed = ScenarioFiles.read(file);
        try (NvmlGpuReader a = new NvmlGpuReader(MockNvml.frozen(played), 64);
                NvmlGpuReader b = new NvmlGpuReader(new MockNvml(replayed, 1, FaultPlan.none(), true), 64)) {
            HostSnapshot x = a.read();
            HostSnapshot y = b.read();
            assertEquals(x.status(), y.status());
            ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
        }
        Files.delete(file);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"vgpu-host", "bare-metal"})
    void theNativeMockPlaysAFilesTimelineFromItsScriptAndJnaNvmlRecordsItBack(String preset) throws Exception {
        int polls = 5;
        java.time.Instant start = java.time.Instant.parse("2025-11-13T00:00:00Z");
        long startUs = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, start);
        Path file = dir.resolve(preset + "-timeline.json");
        Files.writeString(file, ScenarioFiles.write(HostRecorder.record(MockNvml.live(preset, 3,
                SimClock.fixed(start)), preset, polls, 0, ms -> { }), startUs, false));
        ScenarioFile written = ScenarioFiles.readFile(file, null);
        Path script = dir.resolve(preset + ".script");
        Files.writeString(script, NativeMock.script(written));
        assertEquals(written.timeline().steps().size(), Files.readAllLines(script).stream()
                .filter(l -> l.startsWith("poll ")).count(), "a section per poll that changes");
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.loadScript(script);
        ScenarioFile again;
        try (JnaNvml nvml = JnaNvml.load(mock.path())) {
            again = HostRecorder.record(nvml, preset, polls + 2, 0, ms -> { });
        }
        assertEquals(polls, again.timeline().lastPoll(), "the native host stops changing after the last poll");
        Path back = dir.resolve(preset + "-again.json");
        Files.writeString(back, ScenarioFiles.write(again, startUs, false));
        try (NvmlGpuReader a = new NvmlGpuReader(new MockNvml(written, 1, false, SimClock.fixed(start)), 64);
                NvmlGpuReader b = new NvmlGpuReader(new MockNvml(ScenarioFiles.readFile(back, startUs), 1, false,
                        SimClock.fixed(start)), 64)) {
            for (int poll = 1; poll <= polls + 2; poll++) {
                HostSnapshot x = a.read();
                HostSnapshot y = b.read();
                assertEquals(x.status(), y.status(), "poll " + poll);
                ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"vgpu-host", "bare-metal", "mig-host"})
    void severalPollsRecordedThroughJnaNvmlOverTheNativeMockReplayPollForPoll(String preset) throws Exception {
        int polls = 5;
        java.time.Instant start = java.time.Instant.parse("2025-11-13T00:00:00Z");
        long startUs = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, start);
        // the Java mock moves the preset; before each poll after the first the native mock is given its next state
        MockNvml moving = new MockNvml(Scenarios.load(preset, 3, startUs), 3, true, SimClock.fixed(start));
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(moving.scenario());
        ScenarioFile recorded;
        try (JnaNvml nvml = JnaNvml.load(mock.path())) {
            recorded = HostRecorder.record(nvml, preset, polls, 2000, ms -> {
                moving.advance();
                mock.apply(moving.scenario());
            });
        }
        assertEquals(polls, recorded.timeline().lastPoll(), "every poll of a moving host changes something");
        Path file = dir.resolve(preset + "-polls.json");
        Files.writeString(file, ScenarioFiles.write(recorded, startUs, false));
        MockNvml replay = new MockNvml(ScenarioFiles.readFile(file, startUs), Scenarios.DEFAULT_SEED, false,
                SimClock.fixed(start));
        try (NvmlGpuReader a = new NvmlGpuReader(MockNvml.live(preset, 3, SimClock.fixed(start)), 64);
                NvmlGpuReader b = new NvmlGpuReader(replay, 64)) {
            for (int poll = 1; poll <= polls + 2; poll++) {
                HostSnapshot x = a.read();
                HostSnapshot y = b.read();
                if (poll <= polls) {
                    assertEquals(x.status(), y.status(), "poll " + poll);
                    ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aGpuThatCannotBeOpenedIsRecordedAsOneAndReplaysAsOne() throws Exception {
        // faulty-host's GPU 1 answers UNKNOWN to nvmlDeviceGetHandleByIndex_v2 in every poll (its other faults come
        // later than the first poll)
        ScenarioFile recorded;
        try (MockNvml nvml = MockNvml.live("faulty-host", 3)) { // plays the preset file's faults
            recorded = HostRecorder.record(nvml, "faulty-host", 1, 0, ms -> { });
        }
        assertEquals(List.of(FaultPlan.Aimed.always(io.smi4j.nvml.NvmlFunction.nvmlDeviceGetHandleByIndex_v2,
                io.smi4j.model.NvmlReturn.UNKNOWN, 1)), recorded.faults().aimed(), "the refusal, aimed at GPU 1");
        assertEquals("", recorded.scenario().gpus().get(1).uuid(), "nothing of it could be read");
        Path file = dir.resolve("faulty.json");
        Files.writeString(file, ScenarioFiles.write(recorded, 0, false));
        ScenarioFile replayed = ScenarioFiles.readFile(file, null);
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(replayed.scenario(), 1, replayed.faults(), true),
                64)) {
            HostSnapshot s = reader.read();
            assertEquals(io.smi4j.model.HostStatus.DEGRADED, s.status());
            assertEquals(1, s.gpus().stream().filter(g -> !g.identified()).count(), "GPU 1 cannot be opened");
            assertEquals(io.smi4j.model.GpuHealth.State.UNAVAILABLE, s.gpus().get(1).health().state());
        }
    }
}
