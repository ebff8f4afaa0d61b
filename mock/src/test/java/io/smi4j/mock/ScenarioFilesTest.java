package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files hold everything a {@link Scenario} holds, replay like the preset they came from, and say what is wrong. */
class ScenarioFilesTest {

    private static final long START_US = Scenarios.DEFAULT_START_US;

    @TempDir
    Path dir;

    static List<String> presets() {
        return Scenarios.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetReadsBackFromItsFileEqualForSeveralSeeds(String preset) throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Scenario s = Scenarios.create(preset, seed);
            Path file = dir.resolve(preset + "-" + seed + ".json");
            ScenarioFiles.write(s, START_US, file);
            assertEquals(s, ScenarioFiles.read(file), preset + " seed " + seed);
            assertEquals(s, ScenarioFiles.read(file, START_US), preset + " seed " + seed + " at its own start");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void aFileReplayedLaterMovesEveryTimestampAsThePresetWouldHaveThem(String preset) throws IOException {
        // the presets' times are all measured from their start, so moving a file is creating the preset later
        long later = START_US + 86_400_000_000L * 40 + 1_234_567L;
        Path file = dir.resolve(preset + ".json");
        ScenarioFiles.write(Scenarios.create(preset, 5), START_US, file);
        Scenario moved = ScenarioFiles.read(file, later);
        assertEquals(Scenarios.create(preset, 5, later), moved);
        if (preset.startsWith("vgpu-host")) {
            assertNotEquals(Scenarios.create(preset, 5), moved, "a vGPU host has timestamps to move");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void aReplayedFileSnapshotsLikeThePresetPollAfterPoll(String preset) throws IOException {
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long startUs = ChronoUnit.MICROS.between(Instant.EPOCH, start);
        Path file = dir.resolve(preset + ".json");
        // the whole preset, its faults too (faulty-host's), written out and replayed
        Files.writeString(file, ScenarioFiles.write(Scenarios.load(preset, 9, START_US), START_US, false));
        MockNvml fromPreset = MockNvml.live(preset, 9, SimClock.fixed(start));
        MockNvml fromFile = new MockNvml(ScenarioFiles.readFile(file, startUs), 9, false, SimClock.fixed(start));
        try (NvmlGpuReader a = new NvmlGpuReader(fromPreset, 8); NvmlGpuReader b = new NvmlGpuReader(fromFile, 8)) {
            for (int poll = 1; poll <= 20; poll++) {
                HostSnapshot x = a.read();
                HostSnapshot y = b.read();
                assertEquals(x.status(), y.status(), "poll " + poll);
                if (x.gpus().stream().allMatch(g -> g.health().staleLists().isEmpty())) {
                    ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
                } else {
                    // a stale list's age is measured on the machine's clock, each reader its own
                    assertEquals(x.gpus().toString().replaceAll("ageSeconds=[^,\\]]+", "ageSeconds=?"),
                            y.gpus().toString().replaceAll("ageSeconds=[^,\\]]+", "ageSeconds=?"), "poll " + poll);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetReplayedFromAFileStaysPlausible(String preset) throws IOException {
        Path file = dir.resolve(preset + ".json");
        ScenarioFiles.write(Scenarios.create(preset, 2), START_US, file);
        SimClock clock = SimClock.real();
        PlausibilityTest.check(preset, 2,
                new MockNvml(ScenarioFiles.read(file, clock.startUs()), 2, FaultPlan.none(), false, clock));
    }

    @Test
    void theShippedExampleIsAPlausibleVgpuHost() {
        Path example = Path.of(System.getProperty("smi4j.root", "..")).resolve("examples/small-vgpu-host.json");
        SimClock clock = SimClock.real();
        Scenario s = ScenarioFiles.read(example, clock.startUs());
        assertEquals("small-vgpu-host", s.name());
        assertEquals(2, s.gpus().get(0).vgpuHost().orElseThrow().vgpus().size());
        PlausibilityTest.check("small-vgpu-host", 1, new MockNvml(s, 1, FaultPlan.none(), false, clock));
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        // what to replace in the vgpu-host file | with | the path and what was expected, as the message says
        "\"totalBytes\" : 43578818560|\"totalBytes\" : \"40GiB\"|at $.gpus[0].memory.totalBytes: expected a whole number, got the string \"40GiB\"",
        "\"virtualizationMode\" : \"HOST_VGPU\"|\"virtualizationMode\" : \"HOST\"|at $.gpus[0].virtualizationMode: expected one of \"NONE\", \"PASSTHROUGH\"",
        "\"temperatureC\" :|\"temperatureCelsius\" :|at $.gpus[0].temperatureCelsius: unknown key; expected one of [name, uuid",
        "\"driverLoaded\" : true,|\"driverLoaded\" : \"yes\",|at $.driverLoaded: expected true or false, got the string \"yes\"",
        "\"schema\" : \"smi4j.scenario/1\"|\"schema\" : \"smi4j.scenario/9\"|at $.schema: expected \"smi4j.scenario/1\"",
        "\"start\" : \"2025-11-13T00:00:00Z\"|\"start\" : \"yesterday\"|at $.start: expected an ISO-8601 instant",
        "\"typeId\" : 474|\"typeId\" : 999|at $.gpus[0].vgpuHost.vgpus[0].typeId: expected one of the GPU's types [474, 475",
        "\"performanceState\" : 0|\"performanceState\" : 3000000000|at $.gpus[0].performanceState: expected a whole number in -2147483648..2147483647",
        "\"gpuPercent\" : 39,|\"gpuPercent\" : 39.5,|at $.gpus[0].utilization.gpuPercent: expected a whole number in -2147483648..2147483647, got the number 39.5",
        "\"cudaDriverVersion\" : 12040,|\"cudaDriverVersion\" : 12040,,|at $.cudaDriverVersion (line ",
        "\"start\" : \"2025-11-13T00:00:00Z\"|\"strat\" : \"2025-11-13T00:00:00Z\"|at $.strat: unknown key; expected one of [schema, start, name, driverLoaded",
    })
    void aMalformedFileIsOneLineNamingTheFileThePathAndWhatWasExpected(String from, String to, String expected)
            throws IOException {
        Path file = dir.resolve("broken.json");
        String text = ScenarioFiles.write(Scenarios.create("vgpu-host", 1), START_US);
        assertTrue(text.contains(from), "the fixture holds " + from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFiles.read(file));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aMissingKeyIsNamedWithItsPath() throws IOException {
        Path file = dir.resolve("missing.json");
        String text = ScenarioFiles.write(Scenarios.create("bare-metal", 1), START_US);
        Files.writeString(file, text.replaceFirst("\"powerLimitMw\" : 700000,", ""));
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFiles.read(file));
        assertEquals(file + ": at $.gpus[0].powerLimitMw: expected a whole number, got nothing", e.getMessage());
    }

    @Test
    void notAnObjectAndNoFileAreOneLineEach() throws IOException {
        Path file = dir.resolve("array.json");
        Files.writeString(file, "[1, 2]", StandardCharsets.UTF_8);
        assertEquals(file + ": at $: expected an object with \"schema\": \"smi4j.scenario/1\", got an array",
                assertThrows(ScenarioFileException.class, () -> ScenarioFiles.read(file)).getMessage());
        Path none = dir.resolve("none.json");
        assertEquals(none + ": no such scenario file",
                assertThrows(ScenarioFileException.class, () -> ScenarioFiles.read(none)).getMessage());
    }

    @Test
    void theProviderOpensFilesAndChecksThemBeforeAnyPoll() throws IOException {
        MockNvmlProvider provider = new MockNvmlProvider();
        Path file = dir.resolve("host.json");
        ScenarioFiles.write(Scenarios.create("mig-host", 1), START_US, file);
        var source = new io.smi4j.nvml.NvmlSource.Simulated(file.toString(), 1);
        assertTrue(provider.opens(source));
        provider.check(source);
        try (NvmlGpuReader r = new NvmlGpuReader(provider.open(source), 8)) {
            assertEquals(3, r.read().gpus().size());
        }
        Files.writeString(file, "{\"schema\": \"smi4j.scenario/1\", \"gpus\": 3}");
        assertTrue(assertThrows(ScenarioFileException.class, () -> provider.check(source)).getMessage()
                .startsWith(file + ": at $"));
    }
}
