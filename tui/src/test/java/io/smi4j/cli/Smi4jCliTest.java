package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.report.Promtool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI in-process: exit codes and one-line messages for every command and bad input. */
class Smi4jCliTest {

    record Run(int code, String out, String err) {

        /** Asserts the documented exit code and exactly one line on stderr containing {@code text}. */
        Run fails(int expected, String text) {
            assertEquals(expected, code, () -> "exit code; stderr: " + err + " stdout: " + out);
            List<String> lines = err.lines().toList();
            assertEquals(1, lines.size(), () -> "one line on stderr, got:\n" + err);
            assertTrue(lines.get(0).startsWith("smi4j: "), err);
            assertTrue(err.contains(text), () -> "stderr should contain '" + text + "': " + err);
            return this;
        }

        Run ok() {
            assertEquals(0, code, () -> "exit code; stderr: " + err);
            assertEquals("", err);
            return this;
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Smi4jCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Run r = run("--version").ok();
        assertTrue(r.out().matches("smi4j \\d+\\.\\d+\\.\\d+.*\\R?(?s).*"), r.out());
        assertFalse(r.out().contains("${"), r.out());
    }

    @Test
    void everyCommandHasHelpWithExitCodeZero() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"view", "--help"},
                new String[] {"api", "--help"}, new String[] {"snapshot", "--help"}, new String[] {"attach", "--help"},
                new String[] {"vgpu", "--help"}, new String[] {"vgpu", "scheduler", "--help"},
                new String[] {"vgpu", "scheduler", "get", "--help"}, new String[] {"vgpu", "scheduler", "set", "--help"},
                new String[] {"mock-fleet", "--help"}, new String[] {"help", "snapshot"})) {
            Run r = run(args).ok();
            assertTrue(r.out().startsWith("Usage: smi4j"), r.out());
        }
        assertTrue(run("--help").out().contains("3   no NVIDIA driver or library"));
    }

    @Test
    void noCommandIsAUsageError() {
        run().fails(2, "missing command");
        run("vgpu").fails(2, "missing command (scheduler)");
        run("vgpu", "scheduler").fails(2, "missing command (get, set)");
    }

    @Test
    void anUnknownOptionOrCommandIsAUsageError() {
        run("snapshot", "--bogus").fails(2, "Unknown option: '--bogus'");
        run("frobnicate").fails(2, "frobnicate");
        run("snapshot", "--format", "xml").fails(2, "--format");
    }

    @Test
    void aBadDurationIsAUsageError() {
        run("view", "--mock", "vgpu-host", "--dump", "--interval", "5parsecs").fails(2, "invalid duration '5parsecs'");
        run("view", "--interval", "0s", "--dump").fails(2, "must be positive");
    }

    @Test
    void durationsAcceptMillisecondsSecondsMinutesAndIso8601() {
        assertEquals(500, Durations.parse("500ms").toMillis());
        assertEquals(2, Durations.parse("2s").toSeconds());
        assertEquals(60, Durations.parse("1m").toSeconds());
        assertEquals(2, Durations.parse("PT2S").toSeconds());
        assertEquals(3600, Durations.parse("1h").toSeconds());
    }

    @Test
    void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
        run("snapshot", "--mock", "mars").fails(2, "unknown mock scenario 'mars' (scenarios: bare-metal, vgpu-host");
    }

    @Test
    void noDriverExitsWithThreeAndTheMockHint() {
        run("snapshot", "--mock", "no-driver").fails(3, "no NVIDIA driver").fails(3, "--mock SCENARIO (bare-metal");
        run("view", "--mock", "no-driver", "--dump").fails(3, "no NVIDIA driver");
        run("vgpu", "scheduler", "get", "--mock", "no-driver").fails(3, "--mock SCENARIO");
    }

    @Test
    void noLibraryExitsWithThreeAndTheMockHint() {
        run("snapshot", "--library", "/nonexistent/libnvidia-ml.so.1")
                .fails(3, "no NVIDIA library").fails(3, "--mock SCENARIO");
    }

    @Test
    void snapshotPrintsTextJsonAndPrometheus() throws Exception {
        String text = run("snapshot", "--mock", "vgpu-host").ok().out();
        assertTrue(text.contains("    vGPU host\n") && text.contains("Scheduler capabilities"), text);
        String json = run("snapshot", "--mock", "vgpu-host", "--format", "json").ok().out();
        assertTrue(json.startsWith("{\n  \"schema\": \"smi4j.snapshot/1\""), json);
        io.smi4j.report.JsonSyntax.check(json);
        String metal = run("snapshot", "--mock", "bare-metal", "--format", "JSON").ok().out();
        io.smi4j.report.JsonSyntax.check(metal);
        assertFalse(metal.contains("\"vgpuHost\""), metal);
        for (String scenario : List.of("vgpu-host", "bare-metal", "mig-host", "vgpu-guest", "vgpu-host-large")) {
            String prom = run("snapshot", "--mock", scenario, "-f", "prometheus").ok().out();
            assertTrue(prom.contains("allsmi_gpu_memory_used_bytes{"), prom);
            Promtool.checkMetrics(prom);
        }
    }

    @Test
    void viewWithoutATerminalFailsWithOneLineAndDumpRendersAFrame() {
        run("view", "--mock", "vgpu-host").fails(1, "needs an interactive terminal");
        String frame = run("view", "--mock", "vgpu-host", "--tab", "vgpu", "--dump", "--size", "160x50").ok().out();
        assertEquals(50, frame.lines().count());
        assertTrue(frame.contains("vGPU ID") && frame.contains("Scheduler log"), frame);
        run("view", "--mock", "vgpu-host", "--dump", "--size", "10").fails(2, "invalid --size '10'");
    }

    @Test
    void attachNeedsAValidPidOfARunningJvm() {
        run("attach").fails(2, "Missing required parameter: 'PID'");
        run("attach", "twelve").fails(2, "'twelve'");
        run("attach", "0").fails(2, "PID must be a positive process id");
        run("attach", "123", "prometheus=99999,colour=blue").fails(2, "bad agent options: bad value for prometheus");
        run("attach", "2147483646", "--agent-jar", "/nonexistent/agent.jar").fails(1, "agent jar not found");
    }

    @Test
    void attachToAProcessThatIsNoJvmFailsWithOneLine() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            java.nio.file.Path jar = java.nio.file.Files.createTempFile("agent", ".jar");
            run("attach", Long.toString(sleeper.pid()), "--agent-jar", jar.toString())
                    .fails(1, "cannot attach to JVM " + sleeper.pid());
        } finally {
            sleeper.destroy();
        }
    }

    @Test
    void apiRefusesAPortInUseAndABadPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            run("api", "--mock", "vgpu-host", "--port", Integer.toString(taken.getLocalPort()))
                    .fails(1, "cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": the address is in use");
        }
        run("api", "--mock", "vgpu-host", "--port", "70000").fails(2, "--port must be 0..65535");
        run("api", "--mock", "no-driver", "--port", "0").fails(3, "no NVIDIA driver");
    }

    @Test
    void schedulerGetPrintsStateAndRangesOfVgpuHostsOnly() {
        String out = run("vgpu", "scheduler", "get", "--mock", "vgpu-host").ok().out();
        assertTrue(out.startsWith("GPU 0  "), out);
        assertTrue(out.contains("capabilities  policies best effort"), out);
        run("vgpu", "scheduler", "get", "--mock", "bare-metal").fails(1, "is in vGPU host mode");
        run("vgpu", "scheduler", "get", "--mock", "bare-metal", "--gpu", "0").fails(1, "GPU 0 is not in vGPU host mode");
        run("vgpu", "scheduler", "get", "--mock", "vgpu-host", "--gpu", "99").fails(2, "no GPU 99");
    }

    @Test
    void schedulerSetRejectsValuesOutsideTheCapabilityRanges() {
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "1h", "--yes").fails(2, "out of range for GPU 0: legal range");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "best-effort", "--arr",
                "--avg-factor", "1000", "--frequency", "5", "--yes").fails(2, "ARR average factor 1000");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "sometimes",
                "--timeslice", "2ms", "--yes").fails(2, "unknown scheduler policy 'sometimes'");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share", "--yes")
                .fails(2, "give --timeslice DUR");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--policy", "equal-share", "--timeslice", "2ms")
                .fails(2, "Missing required option: '--gpu=N'");
    }

    @Test
    void schedulerSetReportsNvmlRefusingWhileVgpusRun() {
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "2ms", "--yes").fails(1, "only change while no vGPU runs");
    }

    @Test
    void mockFleetRejectsBadInputAndAPortInUse() throws IOException {
        run("mock-fleet", "--hosts", "2", "--failing", "5").fails(2, "--failing must be 0..2");
        run("mock-fleet", "--hosts", "10", "--base-port", "65530").fails(2, "are not all in 1..65535");
        run("mock-fleet", "--hosts", "0").fails(2, "--hosts must be 1..10000");
        run("mock-fleet", "--scenario", "mars").fails(2, "unknown mock scenario 'mars'");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            run("mock-fleet", "--hosts", "1", "--base-port", Integer.toString(taken.getLocalPort()))
                    .fails(1, "port " + taken.getLocalPort() + " on 127.0.0.1 is not free");
        }
    }
}
