package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.report.Promtool;
import io.smi4j.testing.NvmlSdk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a child process, as an operator runs it. */
class Smi4jJarIT {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");

    record Result(int code, String out, String err) {
    }

    private static Path jar() {
        return NvmlSdk.requireBuilt("smi4j.cli.jar", "the smi4j CLI jar");
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Result run(String stdin, String... args) throws Exception {
        Process p = new ProcessBuilder(command(args)).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Starts a long-running command and returns it once it printed its first line. */
    private static Process start(List<String> firstLine, String... args) throws IOException {
        Process p = new ProcessBuilder(command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null, "no output from " + String.join(" ", args));
        firstLine.add(line);
        return p;
    }

    /** SIGTERM: the command closes its servers and exits 0, a graceful stop. */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        assertEquals(0, p.exitValue(), "exit code after SIGTERM");
    }

    /** SIGINT (what Ctrl-C sends): a graceful stop too, exit 0. */
    private static void interrupt(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGINT");
        assertEquals(0, p.exitValue(), "exit code after SIGINT");
    }

    @Test
    void theJarPrintsItsVersionAndHelp() throws Exception {
        Result v = run("", "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("smi4j 0."), v.out());
        assertEquals(0, run("", "--help").code());
    }

    @Test
    void errorsAreOneLineWithTheDocumentedExitCode() throws Exception {
        Result noDriver = run("", "snapshot", "--mock", "no-driver");
        assertEquals(3, noDriver.code());
        assertEquals(1, noDriver.err().lines().count(), noDriver.err());
        assertTrue(noDriver.err().endsWith("; the simulated host has none (--mock no-driver)\n"), noDriver.err());
        Result unknown = run("", "snapshot", "--nope");
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        Result badPid = run("", "attach", "x");
        assertEquals(2, badPid.code());
        assertFalse(badPid.err().contains("\tat "), badPid.err());
    }

    @Test
    void nvidiasRealLibraryWithoutADriverExitsThreeWithOneLineAndNoJvmWarnings() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        for (Path lib : List.of(sdk.libR535(), sdk.libR550())) {
            Result r = run("", "snapshot", "--library", lib.toString());
            assertEquals(3, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("smi4j: no NVIDIA driver: nvmlInit_v2: NVML_ERROR_DRIVER_NOT_LOADED"), r.err());
        }
    }

    @Test
    void theJarRecordsAndReplaysScenarioFilesAndConvertsThemForTheNativeMock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("host.json");
        assertEquals(0, run("", "record", "--mock", "mig-host", "--anonymize", "-o", file.toString()).code());
        Result replay = run("", "snapshot", "--mock", file.toString());
        assertEquals(0, replay.code(), replay.err());
        assertTrue(replay.out().contains("MIG-00000000-0000-4000-8000-"), replay.out());
        Result broken = run("", "snapshot", "--mock", dir.resolve("none.json").toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().startsWith("smi4j: " + dir.resolve("none.json") + ": no such scenario file"), broken.err());
        assertEquals(1, broken.err().lines().count(), broken.err());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("smi4j.cli.jar"), "io.smi4j.mock.nativelib.NativeMock", file.toString()).start();
        String script = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(script.startsWith("smi4j-native-script 1\nreset 1 "), script);
    }

    @Test
    void thePrometheusSnapshotOfTheJarPassesPromtool() throws Exception {
        Result r = run("", "snapshot", "--mock", "vgpu-host", "--format", "prometheus");
        assertEquals(0, r.code(), r.err());
        Promtool.checkMetrics(r.out());
    }

    @Test
    void schedulerSetChangesNothingWithoutConfirmation() throws Exception {
        Result r = run("n\n", "vgpu", "scheduler", "set", "--mock", "vgpu-host", "--gpu", "0", "--policy",
                "equal-share", "--timeslice", "2ms");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("Change it? [y/N]"), r.out());
        assertTrue(r.err().contains("not changed: not confirmed"), r.err());
    }

    @Test
    void apiServesTheVgpuFamiliesThroughTheJmxExporterAndStopsOnSigterm() throws Exception {
        List<String> first = new ArrayList<>();
        Process api = start(first, "api", "--mock", "vgpu-host", "--port", "0", "--interval", "500ms");
        try {
            Matcher m = URL.matcher(first.get(0));
            assertTrue(m.find(), first.get(0));
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            for (String family : List.of("allsmi_vgpu_utilization{", "allsmi_vgpu_memory_used_bytes{",
                    "allsmi_vgpu_scheduler_state{", "allsmi_vgpu_host_mode{", "allsmi_gpu_utilization{")) {
                assertTrue(r.body().contains(family), family);
            }
        } finally {
            stop(api);
        }
    }

    @Test
    void apiWithANvmlCallThatNeverReturnsServesTheLastSnapshotStaleAndStillStopsOnSigterm() throws Exception {
        List<String> cmd = command("api", "--mock", "faulty-host", "--port", "0", "--interval", "100ms",
                "--poll-deadline", "1s");
        cmd.add(1, "-Dsmi4j.mock.hang=nvmlDeviceGetTemperature@3"); // poll 3 parks for good
        Process api = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher m = URL.matcher(String.valueOf(line));
            assertTrue(m.find(), line);
            Pattern stale = Pattern.compile("(?m)^allsmi_host_nvml_status\\{[^}]*} 5$"); // 5 is STALE
            String body = "";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // a cold JVM's first polls may overrun and complete: wait for poll 3's overrun, served as poll 2
            Pattern pollTwo = Pattern.compile("(?m)^allsmi_host_polls_total\\{[^}]*} 2$");
            while (!(stale.matcher(body).find() && pollTwo.matcher(body).find()) && System.nanoTime() < until) {
                Thread.sleep(100);
                body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group())).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(stale.matcher(body).find(), "STALE within the deadline: " + body);
            // poll 3 at least (a cold JVM's first polls may overrun the deadline too, and then complete)
            assertTrue(body.matches("(?s).*\nallsmi_host_poll_overruns_total\\{[^}]*} [1-9][0-9]*\n.*"), body);
            assertTrue(body.matches("(?s).*\nallsmi_host_polls_total\\{[^}]*} 2\n.*"), "poll 2's data: " + body);
            assertTrue(body.contains("allsmi_host_last_poll_age_seconds{"), body);
        } finally {
            stop(api); // SIGTERM: exit 0 within its bound although poll 3 never returns
        }
    }

    @Test
    void apiAndMockFleetStopOnSigintWithExitZero(@TempDir Path dir) throws Exception {
        List<String> first = new ArrayList<>();
        interrupt(start(first, "api", "--mock", "bare-metal", "--port", "0"));
        int base = 20_000 + (int) ((ProcessHandle.current().pid() + 7) % 20_000);
        interrupt(start(first, "mock-fleet", "--hosts", "1", "--base-port", Integer.toString(base), "--hosts-file",
                dir.resolve("hosts.txt").toString()));
        assertTrue(first.get(0).startsWith("smi4j api: serving") && first.get(1).startsWith("smi4j mock-fleet:"),
                first.toString());
        // the start line says what the poller does: the interval, the refresh and the deadline in effect
        assertTrue(first.get(0).contains(" every 2s (refresh 10s, poll deadline 10s; Ctrl-C stops)"), first.get(0));
    }

    @Test
    void mockFleetServesAndWritesTheHostsFileUntilSigterm(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts.txt");
        int base = 20_000 + (int) (ProcessHandle.current().pid() % 20_000);
        List<String> first = new ArrayList<>();
        Process fleet = start(first, "mock-fleet", "--hosts", "4", "--base-port", Integer.toString(base),
                "--failing", "1", "--hosts-file", hosts.toString());
        try {
            assertTrue(first.get(0).startsWith("smi4j mock-fleet: 4 vgpu-host hosts"), first.get(0));
            List<String> lines = Files.readAllLines(hosts);
            assertEquals(4, lines.size());
            HttpClient client = HttpClient.newHttpClient();
            List<Integer> codes = new ArrayList<>();
            for (String h : lines) {
                codes.add(client.send(HttpRequest.newBuilder(URI.create("http://" + h + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertEquals(List.of(503, 200, 200, 200), codes);
        } finally {
            stop(fleet);
        }
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    /** Polls the pane until it shows {@code text}; returns the pane. */
    private static String awaitPane(String session, String text) throws Exception {
        String pane = "";
        for (int i = 0; i < 100 && !pane.contains(text); i++) {
            Thread.sleep(200);
            pane = tmux("capture-pane", "-p", "-t", session);
        }
        return pane;
    }

    @Test
    void viewRunsInARealTerminalSwitchesToTheVgpuTabAndQuitsOnQ() throws Exception {
        try {
            new ProcessBuilder("tmux", "-V").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            NvmlSdk.unavailable("tmux not installed (needed to run the dashboard in a real terminal)");
        }
        String session = "smi4j-it-" + ProcessHandle.current().pid();
        String java = ProcessHandle.current().info().command().orElse("java");
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45",
                java + " -jar " + jar() + " view --mock vgpu-host --interval 500ms; echo smi4j-exit=$?; sleep 30");
        try {
            String gpus = awaitPane(session, "Processes (");
            assertTrue(gpus.contains(" 1 GPUs ") && gpus.contains("vGPU host"), gpus);
            tmux("send-keys", "-t", session, "2");
            String vgpu = awaitPane(session, "Scheduler log  GPU 0");
            assertTrue(vgpu.contains("vGPU ID") && vgpu.contains("capabilities: policies"), vgpu);
            tmux("send-keys", "-t", session, "q");
            String after = awaitPane(session, "smi4j-exit=");
            assertTrue(after.contains("smi4j-exit=0"), after);
            assertFalse(after.contains("vGPU ID"), "the dashboard's screen is gone after quitting:\n" + after);
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    @Test
    void viewStoppedBySigtermRestoresTheTerminalAndExitsZero(@TempDir Path dir) throws Exception {
        try {
            new ProcessBuilder("tmux", "-V").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            NvmlSdk.unavailable("tmux not installed (needed to run the dashboard in a real terminal)");
        }
        String session = "smi4j-it-term-" + ProcessHandle.current().pid();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path pid = dir.resolve("pid");
        // sh writes its PID and becomes the JVM (exec), so the file holds the dashboard's PID
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45", "sh -c 'echo $$ > " + pid + "; exec "
                + java + " -jar " + jar() + " view --mock vgpu-host --interval 500ms'; echo smi4j-exit=$?; sleep 30");
        try {
            String gpus = awaitPane(session, "Processes (");
            assertTrue(gpus.contains(" 1 GPUs "), gpus);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Files.readString(pid).strip()).start().waitFor());
            String after = awaitPane(session, "smi4j-exit=");
            assertTrue(after.contains("smi4j-exit=0"), after);
            assertFalse(after.contains("Processes ("), "the dashboard's screen is gone after SIGTERM:\n" + after);
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    @Test
    void attachReportsWhatTheAgentDidInTheTargetJvm(@TempDir Path dir) throws Exception {
        Path agent = Path.of(System.getProperty("smi4j.root", "."), "jmx/target/smi4j-agent.jar");
        if (!Files.isRegularFile(agent)) {
            NvmlSdk.unavailable("agent jar not built at " + agent);
        }
        // mock-fleet: a JVM without smi4j MBeans of its own
        int base = 20_000 + (int) ((ProcessHandle.current().pid() + 13) % 20_000);
        List<String> first = new ArrayList<>();
        Process target = start(first, "mock-fleet", "--hosts", "1", "--base-port", Integer.toString(base),
                "--hosts-file", dir.resolve("a.txt").toString());
        try {
            String pid = Long.toString(target.pid());
            Result started = run("", "attach", pid, "mock=bare-metal,interval=1h", "--agent-jar", agent.toString());
            assertEquals(0, started.code(), started.err());
            assertEquals("smi4j agent started in JVM " + pid + ": options interval=1h,jfr=on,control=off,"
                    + "mock=bare-metal; first poll: OK, 8 GPUs\n", started.out());
            Result same = run("", "attach", pid, "interval=1h,mock=bare-metal", "--agent-jar", agent.toString());
            assertEquals(0, same.code(), same.err());
            assertTrue(same.out().startsWith("smi4j agent already running in JVM " + pid + " with these options"),
                    same.out());
            Result other = run("", "attach", pid, "mock=vgpu-host", "--agent-jar", agent.toString());
            assertEquals(1, other.code(), other.err());
            assertEquals("smi4j: the agent is already running in JVM " + pid + " with other options (interval=1h,"
                    + "jfr=on,control=off,mock=bare-metal); nothing changed (restart the JVM to change them)\n",
                    other.err());
        } finally {
            stop(target);
        }
        Process bare = start(first, "mock-fleet", "--hosts", "1", "--base-port", Integer.toString(base + 1),
                "--hosts-file", dir.resolve("b.txt").toString());
        try {
            Result noNvml = run("", "attach", Long.toString(bare.pid()), "library=/nonexistent/libnvidia-ml.so.1",
                    "--agent-jar", agent.toString());
            assertEquals(3, noNvml.code(), noNvml.err());
            assertEquals(1, noNvml.err().lines().count(), noNvml.err());
            assertTrue(noNvml.err().contains("but NVML is unusable there: options ") && noNvml.err().contains(
                    "first poll: NO_LIBRARY: ") && noNvml.err().contains("or try smi4j without a GPU with "
                    + "mock=SCENARIO"), noNvml.err());
        } finally {
            stop(bare);
        }
        Process api = start(first, "api", "--mock", "bare-metal", "--port", "0");
        try {
            Result incomplete = run("", "attach", Long.toString(api.pid()), "mock=bare-metal", "--agent-jar",
                    agent.toString());
            assertEquals(1, incomplete.code(), incomplete.err());
            assertTrue(incomplete.err().startsWith("smi4j: smi4j agent started in JVM " + api.pid() + " but not all of "
                    + "it works: MBeans not registered: io.smi4j:type=Host is already registered in this JVM"),
                    incomplete.err());
        } finally {
            stop(api);
        }
    }
}
