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
                new String[] {"vgpu", "scheduler", "get", "--help"}, new String[] {"vgpu", "capacity", "--help"}, new String[] {"vgpu", "scheduler", "set", "--help"},
                new String[] {"mock-fleet", "--help"}, new String[] {"help", "snapshot"})) {
            Run r = run(args).ok();
            assertTrue(r.out().startsWith("Usage: smi4j"), r.out());
        }
        assertTrue(run("--help").out().contains("3   NVML unusable: no NVIDIA library, no driver"));
    }

    @Test
    void noCommandIsAUsageError() {
        run().fails(2, "missing command");
        run("vgpu").fails(2, "missing command (scheduler, capacity)");
        run("vgpu", "scheduler").fails(2, "missing command (get, set)");
    }

    @Test
    void anUnknownOptionOrCommandIsAUsageError() {
        run("snapshot", "--bogus").fails(2, "Unknown option: '--bogus'");
        run("frobnicate").fails(2, "frobnicate");
        run("snapshot", "--format", "xml").fails(2, "--format");
    }

    @Test
    void aWebConfigurationFileThatCannotBeUsedIsAUsageErrorNamingTheFileAndTheProblem() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("smi4j-web");
        java.nio.file.Path bad = dir.resolve("web.yml");
        java.nio.file.Files.writeString(bad, "basic_auth_users:\n  prometheus: not-a-hash\n");
        run("api", "--mock", "vgpu-host", "--port", "0", "--web.config.file", bad.toString())
                .fails(2, "basic_auth_users.prometheus is not a bcrypt hash");
        run("api", "--mock", "vgpu-host", "--port", "0", "--web.config.file", dir.resolve("missing.yml").toString())
                .fails(2, "missing.yml: cannot read it: no such file or directory");
        java.nio.file.Path noCert = dir.resolve("tls.yml");
        java.nio.file.Files.writeString(noCert, "tls_server_config:\n  cert_file: " + dir.resolve("none.pem")
                + "\n  key_file: " + dir.resolve("none.key") + "\n");
        run("api", "--mock", "vgpu-host", "--port", "0", "--web.config.file", noCert.toString())
                .fails(2, "tls.yml: cannot read cert_file: no such file or directory: " + dir.resolve("none.pem"));
    }

    @Test
    void aBadOrFutureMockStartIsAUsageErrorNotAFailedPoll() {
        try {
            System.setProperty("smi4j.mock.start", "garbage");
            run("snapshot", "--mock", "vgpu-host").fails(2,
                    "-Dsmi4j.mock.start takes an instant like 2025-11-13T00:00:00Z, not 'garbage'");
            System.setProperty("smi4j.mock.start", "2999-01-01T00:00:00Z");
            run("snapshot", "--mock", "vgpu-host").fails(2, "-Dsmi4j.mock.start must not be in the future");
        } finally {
            System.clearProperty("smi4j.mock.start");
        }
    }

    @Test
    void aBadDurationIsAUsageError() {
        run("view", "--mock", "vgpu-host", "--dump", "--interval", "5parsecs").fails(2, "invalid duration '5parsecs'");
        run("view", "--interval", "0s", "--dump").fails(2, "must be positive");
        run("api", "--mock", "vgpu-host", "--interval", "999999999999h").fails(2, "duration '999999999999h' is too long");
        run("mock-fleet", "--interval", "25h").fails(2, "'--interval': must be 1ms..24h, was 25h");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "soon").fails(2, "invalid duration 'soon', use e.g. 500ms, 2s, 2.5s, 1m, 1h or PT2S");
    }

    @Test
    void intervalsTakeTheOneGrammarAndTheHelpShowsThePollersDefault() {
        run("view", "--mock", "vgpu-host", "--dump", "--interval", "2.5s").ok();
        run("view", "--mock", "vgpu-host", "--dump", "--interval", "PT0.5S").ok();
        for (String command : List.of("view", "api", "mock-fleet")) {
            String help = run(command, "--help").ok().out();
            String flat = help.replaceAll("\\s+", " ");
            assertTrue(flat.contains("Poll interval, 1ms..24h: 500ms, 2s, 2.5s, 1m, 1h or PT2S (default: 2s)."), help);
        }
    }

    @Test
    void everyNumberOutsideItsRangeIsAUsageErrorNamingTheRange() {
        run("api", "--mock", "vgpu-host", "--port", "99999999999").fails(2, "'--port': must be 0..65535, was 99999999999");
        run("api", "--mock", "vgpu-host", "--port", "nine").fails(2, "must be a whole number in 0..65535, was 'nine'");
        run("snapshot", "--mock", "vgpu-host", "--seed", "-1").fails(2, "'--seed': must be 0..9223372036854775807, was -1");
        run("snapshot", "--mock", "vgpu-host", "--seed", "99999999999999999999")
                .fails(2, "must be 0..9223372036854775807, was 99999999999999999999");
        run("view", "--mock", "vgpu-host", "--dump", "--polls", "0").fails(2, "'--polls': must be 1..100000, was 0");
        run("view", "--mock", "vgpu-host", "--dump", "--size", "9999x9999")
                .fails(2, "columns and rows must each be 1..1000, was '9999x9999'");
        run("mock-fleet", "--hosts", "10001").fails(2, "'--hosts': must be 1..10000, was 10001");
        run("mock-fleet", "--base-port", "0").fails(2, "'--base-port': must be 1..65535, was 0");
        run("mock-fleet", "--hosts", "3", "--seed", "9223372036854775806")
                .fails(2, "--seed must be 0..9223372036854775805 for 3 hosts");
        run("attach", "99999999999").fails(2, "must be 1..2147483647, was 99999999999");
        run("vgpu", "scheduler", "get", "--mock", "vgpu-host", "--gpu", "-1").fails(2, "'--gpu': must be 0..");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "best-effort", "--arr",
                "--avg-factor", "4294967296", "--frequency", "5", "--yes").fails(2, "must be 0..4294967295");
    }

    @Test
    void anUnknownScenarioIsAUsageErrorNamingTheKnownOnes() {
        run("snapshot", "--mock", "mars").fails(2, "unknown mock scenario 'mars' (scenarios: bare-metal, vgpu-host");
    }

    @Test
    void noDriverExitsWithThreeAndSaysTheSimulatedHostHasNone() {
        // --mock is given already: advising it would be no help
        Run r = run("snapshot", "--mock", "no-driver").fails(3, "no NVIDIA driver")
                .fails(3, "; the simulated host has none (--mock no-driver)");
        assertFalse(r.err().contains("to try smi4j without a GPU"), r.err());
        run("view", "--mock", "no-driver", "--dump").fails(3, "no NVIDIA driver");
        run("vgpu", "scheduler", "get", "--mock", "no-driver").fails(3, "the simulated host has none");
    }

    @Test
    void theVgpuCommandsNameTheGpusTheyCouldNotReadOnADegradedHost() {
        for (String[] args : new String[][] {{"vgpu", "scheduler", "get", "--mock", "faulty-host"},
                {"vgpu", "capacity", "--mock", "faulty-host", "--format", "json"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), r.err());
            assertEquals(List.of("smi4j: note: GPU 1 cannot be opened: nvmlDeviceGetHandleByIndex_v2: "
                    + "NVML_ERROR_UNKNOWN (999): Unknown Error"), r.err().lines().toList(), "GPU 1 is left out of the report");
        }
    }

    @Test
    void aGpuThatCannotBeReadIsNotCalledANonVgpuGpu() {
        run("vgpu", "scheduler", "get", "--mock", "faulty-host", "--gpu", "1")
                .fails(1, "GPU 1 cannot be read (unavailable): nvmlDeviceGetHandleByIndex_v2: NVML_ERROR_UNKNOWN");
        run("vgpu", "scheduler", "get", "--mock", "bare-metal", "--gpu", "0").fails(1, "GPU 0 is not in vGPU host mode");
    }

    @Test
    void noLibraryExitsWithThreeAndTheMockHint() {
        run("snapshot", "--library", "/nonexistent/libnvidia-ml.so.1")
                .fails(3, "cannot load the NVIDIA library: JnaNvml.load: NVML_ERROR_LIBRARY_NOT_FOUND (12): "
                        + "NVML Shared Library Not Found: no file at /nonexistent/libnvidia-ml.so.1")
                .fails(3, "--mock SCENARIO");
    }

    @Test
    void aGivenLibraryThatIsNoLibraryKeepsTheLoadersReasonAndAdvisesNoDriverInstall() {
        Run r = run("snapshot", "--library", "/etc/passwd")
                .fails(3, "cannot load /etc/passwd: /etc/passwd: invalid ELF header; to try smi4j without a GPU");
        assertFalse(r.err().contains("install the NVIDIA driver"), r.err());
    }

    @Test
    void aLibraryWithoutNvmlExitsThreeWithAShortReasonAndJsonStillSaysSo() {
        String libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
        if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(libc))) {
            io.smi4j.testing.NvmlSdk.unavailable("no " + libc + " on this machine");
        }
        Run text = run("snapshot", "--library", libc).fails(3, "NVML unusable (ERROR): ")
                .fails(3, " NVML functions smi4j binds (nvmlInit_v2, ");
        assertTrue(text.err().matches("(?s).*" + java.util.regex.Pattern.quote(libc)
                + " lacks (\\d+) of the \\1 NVML functions.*"), text.err()); // every one of them, however many
        assertEquals("", text.out());
        assertTrue(text.err().length() < 400, text.err());
        Run json = run("snapshot", "--library", libc, "-f", "json").fails(3, "NVML unusable (ERROR)");
        io.smi4j.report.JsonSyntax.check(json.out());
        assertTrue(json.out().contains("\"status\": \"ERROR\""), json.out());
        Run prom = run("snapshot", "--library", libc, "-f", "prometheus").fails(3, "NVML unusable (ERROR)");
        assertTrue(prom.out().contains("allsmi_host_nvml_status{host="), prom.out());
        run("vgpu", "scheduler", "get", "--library", libc).fails(3, " NVML functions smi4j binds");
        Run dump = run("view", "--library", libc, "--dump", "--size", "120x20").fails(3, "NVML unusable (ERROR)");
        assertEquals(20, dump.out().lines().count(), dump.out());
    }

    @Test
    void snapshotPrintsTextJsonAndPrometheus() throws Exception {
        String text = run("snapshot", "--mock", "vgpu-host").ok().out();
        assertTrue(text.contains("    vGPU host\n") && text.contains("Scheduler capabilities"), text);
        String json = run("snapshot", "--mock", "vgpu-host", "--format", "json").ok().out();
        assertTrue(json.startsWith("{\n  \"schema\": \"smi4j.snapshot/2\""), json);
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
        run("view", "--mock", "vgpu-host", "--dump", "--size", "10").fails(2, "must be COLSxROWS (each 1..1000, e.g. 200x60), was '10'");
    }

    @Test
    void attachChecksThePidAndTheAgentOptionsBeforeTouchingAnything() {
        run("attach").fails(2, "Missing required parameter: 'PID'");
        run("attach", "twelve").fails(2, "'twelve'");
        run("attach", "0").fails(2, "must be 1..2147483647, was 0");
        run("attach", "123", "prometheus=99999,colour=blue")
                .fails(2, "bad agent options: bad value for prometheus '99999': must be a whole number in 0..65535");
        run("attach", "123", "interval=999999999999h").fails(2, "duration '999999999999h' is too long");
        run("attach", "123", "interval=2").fails(2, "invalid duration '2'");
        run("attach", "123", "mock=bogus,prometheus=9407").fails(2, "bad agent options: unknown mock scenario 'bogus'");
        run("attach", "2147483646", "--agent-jar", "/nonexistent/agent.jar").fails(1, "agent jar not found");
        run("attach", "2147483646", "--agent-jar", "pom.xml")
                .fails(1, "PID 2147483646 is not a Java process I can attach to (no such process)");
    }

    @Test
    void attachSendsNothingToAProcessThatIsNoJvmAndItSurvives() throws Exception {
        Python target = Python.start();
        try {
            run("attach", Long.toString(target.pid()), "--agent-jar", "pom.xml")
                    .fails(1, "PID " + target.pid() + " is not a Java process I can attach to (not among the attachable "
                            + "JVMs of this user");
            assertEquals("pong", target.ping());
        } finally {
            target.close();
        }
    }

    @Test
    void aStalePerfDataFileOfADeadJvmDoesNotMakeANonJavaProcessAttachable() throws Exception {
        java.nio.file.Path perfData = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "hsperfdata_" + System.getProperty("user.name"));
        java.nio.file.Path mine = perfData.resolve(Long.toString(ProcessHandle.current().pid()));
        if (!java.nio.file.Files.isRegularFile(mine)) {
            io.smi4j.testing.NvmlSdk.unavailable("this JVM has no perf-data file at " + mine);
        }
        Python target = Python.start();
        java.nio.file.Path stale = perfData.resolve(Long.toString(target.pid()));
        try {
            // What a crashed JVM leaves behind, under a PID the system has since given to another process.
            java.nio.file.Files.copy(mine, stale);
            assertTrue(com.sun.tools.attach.VirtualMachine.list().stream()
                    .anyMatch(d -> d.id().equals(Long.toString(target.pid()))), "the JDK lists the stale file");
            run("attach", Long.toString(target.pid()), "--agent-jar", "pom.xml")
                    .fails(1, "PID " + target.pid() + " is not a Java process I can attach to (its perf-data file is "
                            + "stale: the process does not map it)");
            assertEquals("pong", target.ping());
        } finally {
            java.nio.file.Files.deleteIfExists(stale);
            target.close();
        }
    }

    /** A python3 process with the default action for SIGQUIT (which kills it), answering "ping" with "pong". */
    record Python(Process process, java.io.BufferedReader out) implements AutoCloseable {

        static Python start() throws IOException {
            Process p;
            try {
                p = new ProcessBuilder("python3", "-c", "import signal, sys\n"
                        + "signal.signal(signal.SIGQUIT, signal.SIG_DFL)\n"
                        + "print('ready', flush=True)\n"
                        + "for line in sys.stdin:\n"
                        + "    print('pong', flush=True)\n").start();
            } catch (IOException e) {
                io.smi4j.testing.NvmlSdk.unavailable("python3 not installed: " + e.getMessage());
                throw e;
            }
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            return new Python(p, out);
        }

        long pid() {
            return process.pid();
        }

        /** "pong" while the process lives; null once it is gone. */
        String ping() throws IOException {
            try {
                process.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                return null; // the pipe is broken: the process died
            }
            return out.readLine();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    @Test
    void apiRefusesAPortInUseAndABadPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            run("api", "--mock", "vgpu-host", "--port", Integer.toString(taken.getLocalPort()))
                    .fails(1, "cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": port " + taken.getLocalPort()
                            + " on 127.0.0.1 is in use");
        }
        run("api", "--mock", "vgpu-host", "--port", "70000").fails(2, "'--port': must be 0..65535, was 70000");
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it
        run("api", "--mock", "vgpu-host", "--bind", "192.0.2.1", "--port", "0")
                .fails(1, "cannot serve on 192.0.2.1:0: 192.0.2.1 is not an address of this host");
        run("api", "--mock", "vgpu-host", "--bind", "no-such-host.invalid", "--port", "0")
                .fails(1, "the host name no-such-host.invalid does not resolve");
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
                .fails(2, "GPU 0 has the v1 scheduler only: give a timeslice");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "2ms", "--frequency", "5", "--yes").fails(2, "give --timeslice DUR");
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--policy", "equal-share", "--timeslice", "2ms")
                .fails(2, "Missing required option: '--gpu=N'");
    }

    @Test
    void schedulerSetOnAV2DriverTakesAFrequencyWithoutArrAndRefusesArrInOneLine() {
        String out = run("vgpu", "scheduler", "set", "--mock", "vgpu-host-r580", "--gpu", "1", "--policy",
                "equal-share", "--frequency", "500", "--yes").ok().out();
        assertTrue(out.contains("change to     equal share, avg factor default, frequency 500 Hz"), out);
        assertTrue(out.contains("GPU 1 scheduler is now equal share, ARR not applicable, timeslice 2 ms"), out);
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host-r580", "--gpu", "1", "--policy", "equal-share", "--arr",
                "--avg-factor", "10", "--frequency", "100", "--yes").fails(2, "ARR cannot be switched");
    }

    @Test
    void schedulerSetChangesTheMocksGpuWithoutVgpusAndSaysTheNewState() {
        String get = run("vgpu", "scheduler", "get", "--mock", "vgpu-host", "--gpu", "1").ok().out();
        assertTrue(get.contains("state         best effort") && get.contains("vGPUs         0\n"), get);
        String set = run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "1", "--policy", "equal-share",
                "--timeslice", "5ms", "--yes").ok().out();
        assertTrue(set.contains("GPU 1 scheduler is now equal share, ARR disabled, timeslice 5 ms\n"), set);
    }

    @Test
    void schedulerSetReportsNvmlRefusingWhileVgpusRun() {
        run("vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy", "equal-share",
                "--timeslice", "2ms", "--yes").fails(1, "only change while no vGPU runs");
    }

    @Test
    void mockFleetRejectsBadInputAndAPortInUse() throws IOException {
        run("mock-fleet", "--hosts", "2", "--failing", "5").fails(2, "--failing must be 0..2");
        run("mock-fleet", "--hosts", "10", "--base-port", "65530")
                .fails(2, "ports 65530..65539 are not all in 1..65535 (--base-port must be 1..65526 for 10 hosts)");
        run("mock-fleet", "--hosts", "0").fails(2, "'--hosts': must be 1..10000, was 0");
        run("mock-fleet", "--scenario", "mars").fails(2, "unknown mock scenario 'mars'");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            run("mock-fleet", "--hosts", "1", "--base-port", Integer.toString(taken.getLocalPort()))
                    .fails(1, "port " + taken.getLocalPort() + " on 127.0.0.1 is not free");
        }
    }

    @Test
    void theFaultyHostPresetIsDegradedNotBrokenInSnapshotAndTheDashboard() {
        Run text = run("snapshot", "--mock", "faulty-host");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("DEGRADED: GPU 1 unavailable: "), text.out());
        Run prometheus = run("snapshot", "--mock", "faulty-host", "--format", "prometheus");
        assertEquals(0, prometheus.code(), prometheus.err());
        assertFalse(prometheus.out().contains("gpu_uuid=\"\""), "no series of a GPU nothing identifies");
        assertTrue(prometheus.out().contains("allsmi_host_nvml_status{host="), prometheus.out());
        Run view = run("view", "--mock", "faulty-host", "--dump", "--polls", "3", "--size", "200x40");
        assertEquals(0, view.code(), view.err());
        assertTrue(view.out().contains("DEGRADED"), view.out());
    }
}
