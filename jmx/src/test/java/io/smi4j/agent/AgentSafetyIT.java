package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent never harms the host JVM: whatever goes wrong, main runs and each problem is one line. */
class AgentSafetyIT {

    private static String agent(String options) {
        return "-javaagent:" + ChildJvm.agentJar() + (options.isEmpty() ? "" : "=" + options);
    }

    private static void assertMainRan(ChildJvm jvm) throws Exception {
        assertEquals(0, jvm.waitFor(60), jvm.stderr());
        assertTrue(jvm.stdout().contains(AppMain.DONE), jvm.stdout());
        assertTrue(!jvm.stderr().contains("Exception in thread") && !jvm.stderr().contains("\tat "), jvm.stderr());
    }

    @Test
    void aNonsenseOptionStringCostsOneWarningLineAndMainStillRuns() throws Exception {
        try (ChildJvm jvm = ChildJvm.start(List.of(agent("this is = nonsense,,=,jfr=maybe,,interval=-3,,!!"),
                "-Dsmi4j.nvml.library=/nonexistent/libnvidia-ml.so.1"), AppMain.class.getName(), "1500")) {
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.stream().filter(l -> l.contains("ignoring options")).count(), lines.toString());
            assertTrue(lines.stream().allMatch(l -> l.contains("ignoring options") || l.contains("NO_LIBRARY")),
                    lines.toString());
        }
    }

    @Test
    void withoutAnNvmlLibraryMainRunsAndTheAgentSaysSoOnce() throws Exception {
        try (ChildJvm jvm = ChildJvm.start(List.of(agent("interval=100ms"),
                "-Dsmi4j.nvml.library=/nonexistent/libnvidia-ml.so.1"), AppMain.class.getName(), "1500")) {
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("NO_LIBRARY"), lines.get(0));
            // the hint in the agent's own options, not the CLI's
            assertTrue(lines.get(0).contains("set library=PATH, or try smi4j without a GPU with mock=SCENARIO")
                    && !lines.get(0).contains("--mock"), lines.get(0));
        }
    }

    @Test
    void aMalformedScenarioFileIsOneLineNamingTheFileAndJsonPathAndMainRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("host.json");
        Files.writeString(file, "{\"schema\": \"smi4j.scenario/1\", \"name\": \"x\", \"driverLoaded\": true,"
                + " \"driverVersion\": \"550.163.01\", \"nvmlVersion\": \"12.550.163.01\", \"cudaDriverVersion\": 12040,"
                + " \"gpus\": [{\"name\": 7}]}");
        // scenario files (the presets too) need Jackson beside smi4j-mock on the application's class path
        String classPath = ChildJvm.classPath();
        try (ChildJvm jvm = ChildJvm.startWithClassPath(List.of(agent("mock=" + file)), classPath,
                AppMain.class.getName(), "2000")) { // long enough for the agent's thread to read the file under load
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains(file + ": at $.gpus[0].name: expected a string, got the number 7"),
                    lines.get(0));
        }
        // without Jackson: one line saying what is missing, and main still runs; a preset (a file too) alike
        String withoutJackson = ChildJvm.location(AppMain.class) + java.io.File.pathSeparator
                + ChildJvm.location(io.smi4j.mock.MockNvml.class);
        for (String mock : List.of(file.toString(), "vgpu-host")) {
            try (ChildJvm jvm = ChildJvm.startWithClassPath(List.of(agent("mock=" + mock)), withoutJackson,
                    AppMain.class.getName(), "2000")) {
                assertMainRan(jvm);
                List<String> lines = jvm.agentLines();
                assertEquals(1, lines.size(), lines.toString());
                assertTrue(lines.get(0).contains("smi4j-mock needs Jackson"), lines.get(0));
            }
        }
    }

    @Test
    void aMockScenarioWithoutTheMockOnTheClassPathIsOneLineAndMainRuns() throws Exception {
        try (ChildJvm jvm = ChildJvm.start(List.of(agent("mock=no-such-scenario")), AppMain.class.getName(), "300")) {
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("unknown mock scenario 'no-such-scenario'"), lines.get(0));
        }
    }

    @Test
    void aPrometheusPortInUseIsOneLineAndMainRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ChildJvm jvm = ChildJvm.start(List.of(agent("mock=vgpu-host,prometheus=" + taken.getLocalPort())),
                        AppMain.class.getName(), "1500")) {
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("cannot serve /metrics"), lines.get(0));
        }
    }

    @Test
    void startingTheAgentTwiceIsReportedOnceAndRegistersNothingTwice() throws Exception {
        String a = agent("mock=vgpu-host,interval=100ms");
        try (ChildJvm jvm = ChildJvm.start(List.of(a, a), AppMain.class.getName(), "1000")) {
            assertMainRan(jvm);
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("already running"), lines.get(0));
        }
    }

    @Test
    void withAnNvmlCallThatNeverReturnsTheFaultyHostTurnsStaleAndTheJvmStillEndsWhenMainReturns() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm jvm = ChildJvm.start(List.of(agent("mock=faulty-host,interval=100ms,deadline=1s,prometheus="
                + port), "-Dsmi4j.mock.hang=nvmlDeviceGetTemperature@3"), AppMain.class.getName(), "10000")) {
            java.util.regex.Pattern stale =
                    java.util.regex.Pattern.compile("(?m)^allsmi_host_nvml_status\\{[^}]*} 5$");
            String body = "";
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(9);
            // a cold JVM's first polls may overrun and complete: wait for poll 3's overrun, served as poll 2
            java.util.regex.Pattern pollTwo =
                    java.util.regex.Pattern.compile("(?m)^allsmi_host_polls_total\\{[^}]*} 2$");
            while (!(stale.matcher(body).find() && pollTwo.matcher(body).find()) && System.nanoTime() < until) {
                Thread.sleep(100);
                try {
                    body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException e) {
                    // not serving yet
                }
            }
            assertTrue(stale.matcher(body).find(), "5 is STALE: " + body + jvm.stderr());
            assertTrue(body.matches("(?s).*\nallsmi_host_gpus_unavailable\\{[^}]*} 2\n.*"),
                    "GPU 1 not opened and GPU 3 lost, as poll 2 saw them: " + body);
            assertTrue(!body.contains("gpu_uuid=\"\""), body);
            // the poller stays parked in NVML: its threads are daemons, so the JVM ends with main
            assertMainRan(jvm);
        }
    }
}
