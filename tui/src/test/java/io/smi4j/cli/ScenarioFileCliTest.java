package io.smi4j.cli;

import static io.smi4j.cli.Smi4jCliTest.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.ScenarioFiles;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.SimClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --mock FILE}: every command replays a scenario file, and a malformed one is exit 2 with one line. */
class ScenarioFileCliTest {

    private static final String START = "2025-12-31T23:59:00Z";
    private static final long START_US = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(START));

    @TempDir
    static Path dir;

    static Path broken;

    @BeforeAll
    static void fixTheMocksStartAndBreakAFile() throws IOException {
        System.setProperty(SimClock.START_PROPERTY, START);
        broken = dir.resolve("broken.json");
        Files.writeString(broken, ScenarioFiles.write(Scenarios.create("vgpu-host", 1, START_US), START_US)
                .replaceFirst("\"hostMode\" : \"SRIOV\"", "\"hostMode\" : 1"));
    }

    @AfterAll
    static void releaseTheMocksStart() {
        System.clearProperty(SimClock.START_PROPERTY);
    }

    @Test
    void snapshotReplaysTheExampleInEveryFormat() {
        String example = example();
        String json = run("snapshot", "--mock", example, "-f", "json").ok().out();
        assertTrue(json.contains("\"vgpuHost\"") || json.contains("vgpu"), json);
        assertTrue(json.contains("b1af9b48-5b18-427c-bfcb-56f115a9e246"), "the file's first vGPU UUID: " + json);
        assertTrue(run("snapshot", "--mock", example).ok().out().contains("NVIDIA A100-PCIE-40GB"));
        assertTrue(run("snapshot", "--mock", example, "-f", "prometheus").ok().out().contains("allsmi_"));
    }

    private static String example() {
        return Path.of(System.getProperty("smi4j.root", "..")).resolve("examples/small-vgpu-host.json").toString();
    }

    @Test
    void theDashboardAndTheSchedulerCommandsReplayTheExample() {
        String example = example();
        String frame = run("view", "--mock", example, "--dump", "--tab", "vgpu", "--size", "150x40").ok().out();
        assertTrue(frame.contains("1 GPUs") && frame.contains("NVIDIA A100-4C"), frame);
        String get = run("vgpu", "scheduler", "get", "--mock", example).ok().out();
        assertTrue(get.contains("best effort") || get.contains("BEST_EFFORT") || get.contains("best-effort"), get);
        // NVML refuses a scheduler change while vGPUs run: exit 1, as on a real host
        run("vgpu", "scheduler", "set", "--mock", example, "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "2ms", "--yes").fails(1, "vGPU");
    }

    @Test
    void aMalformedFileIsExitTwoWithOneLineNamingTheFileThePathAndWhatWasExpectedInEveryCommand() {
        String expected = broken + ": at $.gpus[0].vgpuHost.hostMode: expected one of \"NON_SRIOV\", \"SRIOV\", "
                + "\"UNKNOWN\", got the number 1";
        String file = broken.toString();
        run("snapshot", "--mock", file).fails(2, expected);
        run("snapshot", "--mock", file, "-f", "json").fails(2, expected);
        run("view", "--mock", file, "--dump").fails(2, expected);
        run("api", "--mock", file, "--port", "0").fails(2, expected);
        run("vgpu", "scheduler", "get", "--mock", file).fails(2, expected);
        run("vgpu", "scheduler", "set", "--mock", file, "--gpu", "1", "--policy", "equal-share", "--timeslice", "2ms",
                "--yes").fails(2, expected);
        run("mock-fleet", "--scenario", file, "--hosts", "2", "--base-port", "19500").fails(2, expected);
        run("attach", "123", "mock=" + file).fails(2, expected);
    }

    @Test
    void recordOverSeveralPollsWritesATimelineThatReplays() throws IOException {
        Path file = dir.resolve("polls.json");
        String said = run("record", "--mock", "vgpu-host", "--polls", "4", "--interval", "1ms", "-o", file.toString())
                .ok().out();
        assertTrue(said.contains("4 polls"), said);
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        var polls = new java.util.ArrayList<Integer>();
        root.get("timeline").forEach(step -> polls.add(step.get("poll").asInt()));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(2, 3, 4), polls, "a step per later poll");
        assertTrue(run("snapshot", "--mock", file.toString()).ok().out().contains("NVIDIA L40S"));
        run("record", "--mock", "vgpu-host", "--polls", "0").fails(2, "--polls must be 1..10000, was 0");
        run("record", "--mock", "vgpu-host", "--polls", "10001").fails(2, "--polls must be 1..10000, was 10001");
    }

    @Test
    void aMissingFileIsExitTwoAndAnUnknownNameStillListsThePresetsAndFiles() {
        run("snapshot", "--mock", dir.resolve("none.json").toString()).fails(2, "none.json: no such scenario file");
        run("snapshot", "--mock", "mars").fails(2, "or a scenario file: a path containing / or ending in .json");
    }
}
