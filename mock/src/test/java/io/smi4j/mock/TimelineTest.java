package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scenario file's {@code timeline}: replay plays it poll by poll and then stops changing; {@code record} over N
 * polls writes one that replays the recorded host poll for poll.
 */
class TimelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2025-11-13T00:00:00Z");

    @TempDir
    Path dir;

    private Path fileWith(String timeline) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(
                ScenarioFiles.write(Scenarios.create("bare-metal", 1), Scenarios.DEFAULT_START_US));
        root.set("timeline", JSON.readTree(timeline));
        Path file = dir.resolve("host.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    @Test
    void replayPlaysEachStepAtItsPollHoldsBetweenAndStopsChangingAfterTheLast() throws IOException {
        Path file = fileWith("[{\"poll\": 2, \"changes\": {\"gpus[0].temperatureC\": 70}},"
                + " {\"poll\": 4, \"changes\": {\"gpus[0].temperatureC\": 72, \"gpus[1].utilization\":"
                + " {\"gpuPercent\": 99, \"memoryPercent\": 1}, \"driverVersion\": \"550.999.01\"}}]");
        ScenarioFile f = ScenarioFiles.readFile(file, Scenarios.DEFAULT_START_US);
        assertEquals(4, f.timeline().lastPoll());
        MockNvml mock = new MockNvml(f, 1, false, SimClock.fixed(START));
        Scenario first = f.scenario();
        List<Integer> temps = new ArrayList<>();
        mock.init();
        for (int poll = 1; poll <= 7; poll++) {
            mock.deviceCount();
            temps.add(mock.scenario().gpus().get(0).temperatureC());
            if (poll < 4) {
                assertEquals(first.gpus().get(1), mock.scenario().gpus().get(1), "untouched until its step");
                assertEquals(first.gpus().get(5), mock.scenario().gpus().get(5), "no random walk under a timeline");
            }
        }
        assertEquals(List.of(first.gpus().get(0).temperatureC(), 70, 70, 72, 72, 72, 72), temps);
        assertEquals(99, mock.scenario().gpus().get(1).utilization().gpuPercent());
        assertEquals("550.999.01", mock.scenario().driverVersion());
    }

    @Test
    void aSeedVariesEveryPollOfATimelineAlike() throws IOException {
        Path file = fileWith("[{\"poll\": 2, \"changes\": {\"gpus[0].temperatureC\": 70}}]");
        MockNvml mock = new MockNvml(ScenarioFiles.readFile(file, null), 4, false, SimClock.fixed(START));
        ScenarioFile f = ScenarioFiles.readFile(file, null);
        mock.init();
        mock.deviceCount();
        mock.deviceCount();
        String uuid = f.scenario().gpus().get(0).uuid();
        assertEquals(SeedVariation.uuid(uuid, 4), mock.scenario().gpus().get(0).uuid());
        assertNotEquals(uuid, mock.scenario().gpus().get(0).uuid());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "[{\"poll\": 2, \"changes\": {\"gpus[9].temperatureC\": 70}}]"
            + "|at $.timeline[0].changes[\"gpus[9].temperatureC\"]: no element [9] of 'gpus'",
        "[{\"poll\": 2, \"changes\": {\"gpus[0].temperature\": 70}}]"
            + "|at $.timeline[0].changes[\"gpus[0].temperature\"]: 'temperature' is not there at poll 1",
        "[{\"poll\": 2, \"changes\": {\"gpus[0].temperatureC\": \"hot\"}}]"
            + "|at $.timeline[0].changes[\"gpus[0].temperatureC\"]: expected a whole number",
        "[{\"poll\": 2, \"changes\": {\"gpus[0].clocksMhz\": [1, 2]}}]"
            + "|at $.timeline (the host after poll 2) $.gpus[0].clocksMhz: expected 4 clocks in MHz",
        "[{\"poll\": 2, \"changes\": {\"gpus[0].memory.totalBytes[+]\": [1]}}]"
            + "|at $.timeline[0].changes[\"gpus[0].memory.totalBytes[+]\"]: expected a list at",
        "[{\"poll\": 3, \"changes\": {}}, {\"poll\": 3, \"changes\": {}}]"
            + "|at $.timeline[1].poll: expected a poll after 3",
        "[{\"poll\": 1, \"changes\": {}}]"
            + "|at $.timeline[0].poll: expected a poll after 1 (poll 1 is the file's body",
        "[{\"poll\": 2, \"set\": {}}]"
            + "|at $.timeline[0].set: unknown key; expected one of [poll, changes]",
    })
    void aBadTimelineIsOneLineWithItsJsonPath(String timeline, String expected) throws IOException {
        Path file = fileWith(timeline);
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFiles.readFile(file, null));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vgpu-host", "bare-metal", "mig-host", "vgpu-host-large"})
    void recordedOverSeveralPollsAndReplayedEveryPollSnapshotsAsTheHostDid(String preset) throws Exception {
        int polls = 6;
        long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, START);
        ScenarioFile recorded = HostRecorder.record(MockNvml.live(preset, 3, SimClock.fixed(START)), preset, polls,
                2000, ms -> { });
        assertFalse(recorded.timeline().isEmpty(), "a moving host changes");
        String text = ScenarioFiles.write(recorded, startUs, false);
        assertTrue(text.length() < (polls + 1) * ScenarioFiles.write(recorded.scenario(), startUs).length() / 2,
                "a timeline holds what changed, not every poll whole");
        Path file = dir.resolve(preset + ".json");
        Files.writeString(file, text);
        MockNvml replay = new MockNvml(ScenarioFiles.readFile(file, startUs), Scenarios.DEFAULT_SEED, false,
                SimClock.fixed(START));
        try (NvmlGpuReader a = new NvmlGpuReader(MockNvml.live(preset, 3, SimClock.fixed(START)), 64);
                NvmlGpuReader b = new NvmlGpuReader(replay, 64)) {
            for (int poll = 1; poll <= polls; poll++) {
                HostSnapshot x = a.read();
                HostSnapshot y = b.read();
                assertEquals(x.status(), y.status(), "poll " + poll);
                ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
            }
        }
    }

    @Test
    void aFileWrittenBeforeFaultsAndTimelinesStillReadsAndMovesByTheSimulation() throws IOException {
        // kept as it was written (examples/small-vgpu-host.json of the first smi4j.scenario/1 version)
        ScenarioFile old = ScenarioFiles.readResourceFile("schema1-before-timelines.json", null);
        assertEquals(FaultPlan.none(), old.faults());
        assertTrue(old.timeline().isEmpty());
        assertEquals(2, old.scenario().gpus().get(0).vgpuHost().orElseThrow().vgpus().size());
        MockNvml mock = new MockNvml(old, 1, false, SimClock.fixed(START));
        mock.init();
        mock.deviceCount();
        mock.deviceCount();
        assertNotEquals(old.scenario(), mock.scenario(), "without a timeline the simulation moves the host");
        Path again = dir.resolve("again.json");
        Files.writeString(again, ScenarioFiles.write(old, 0, false));
        assertFalse(Files.readString(again).contains("\"timeline\""), "nothing written for what is not there");
        assertEquals(old.scenario(), ScenarioFiles.readFile(again, null).scenario());
    }

    @Test
    void anAnonymizedTimelineUsesTheFirstPollsPlaceholders() throws Exception {
        ScenarioFile recorded = HostRecorder.record(MockNvml.live("vgpu-host", 3, SimClock.fixed(START)), "h", 30,
                0, ms -> { });
        String text = ScenarioFiles.write(recorded, 0, true);
        for (var g : recorded.scenario().gpus()) {
            assertFalse(text.contains(g.uuid()), "no real GPU UUID");
            for (var v : g.vgpuHost().map(h -> h.vgpus()).orElse(List.of())) {
                assertFalse(text.contains(v.uuid()), "no real vGPU UUID");
            }
        }
        Path file = dir.resolve("anon.json");
        Files.writeString(file, text);
        ScenarioFile read = ScenarioFiles.readFile(file, null);
        assertEquals(recorded.timeline().steps().size(), read.timeline().steps().size());
    }
}
