package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** micrometer=on and otel=on in a real child JVM: with the library, bound; without it, one line and main runs. */
class MetricsBridgeIT {

    private static String agent(String options) {
        return "-javaagent:" + ChildJvm.agentJar() + "=" + options;
    }

    /** The child's class path: the usual one plus the jars of this test's class path whose path matches. */
    private static String classPathWith(String... parts) {
        String extra = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Arrays.stream(parts).anyMatch(p::contains))
                .collect(Collectors.joining(File.pathSeparator));
        return ChildJvm.classPath() + File.pathSeparator + extra;
    }

    @Test
    void withoutMicrometerAndOpenTelemetryTheAgentSaysSoInOneLineAndMainRuns() throws Exception {
        // long enough for the agent's first poll under load: the preset is a JSON file (0.5-0.9 s cold)
        try (ChildJvm jvm = ChildJvm.start(List.of(agent("mock=vgpu-host,micrometer=on,otel=on")),
                AppMain.class.getName(), "3000")) {
            assertEquals(0, jvm.waitFor(60), jvm.stderr());
            assertTrue(jvm.stdout().contains(AppMain.DONE), jvm.stdout());
            List<String> lines = jvm.agentLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("Micrometer is not on this JVM's class path")
                    && lines.get(0).contains("OpenTelemetry API is not on this JVM's class path"), lines.get(0));
            assertTrue(!jvm.stderr().contains("Exception") && !jvm.stderr().contains("\tat "), jvm.stderr());
        }
    }

    @Test
    void micrometerOnBindsGpuGaugesToTheGlobalRegistry() throws Exception {
        try (ChildJvm jvm = ChildJvm.startWithClassPath(List.of(agent("mock=vgpu-host,interval=50ms,micrometer=on")),
                classPathWith("micrometer", "HdrHistogram", "LatencyUtils"), MicrometerProbeMain.class.getName(),
                "30000", "4")) {
            assertEquals(0, jvm.waitFor(60), jvm.stderr());
            List<String> gauges = jvm.stdout().lines().filter(l -> l.startsWith("gauge gpu.memory.used ")).toList();
            assertEquals(4, gauges.size(), jvm.stdout());
            // GPU 0 of vgpu-host runs vGPUs: its memory is in use, read from the agent's snapshots
            assertTrue(gauges.stream().anyMatch(l -> l.startsWith("gauge gpu.memory.used 0 ")
                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0), gauges.toString());
            assertTrue(jvm.agentLines().isEmpty(), jvm.stderr());
        }
    }

    @Test
    void otelOnRegistersOnceTheApplicationSetItsSdkAndNeverBlocksItsSet() throws Exception {
        try (ChildJvm jvm = ChildJvm.startWithClassPath(List.of(agent("mock=vgpu-host,interval=50ms,otel=on")),
                classPathWith("opentelemetry"), OtelProbeMain.class.getName(), "30000")) {
            assertEquals(0, jvm.waitFor(60), jvm.stderr());
            String out = jvm.stdout();
            assertTrue(out.contains("app: GlobalOpenTelemetry set"), out + jvm.stderr());
            for (String name : List.of("hw.gpu.utilization", "hw.gpu.memory.usage", "hw.status",
                    "smi4j.vgpu.memory.usage")) {
                assertTrue(out.contains("metric " + name + "\n"), name + " in " + out);
            }
            assertTrue(jvm.agentLines().isEmpty(), jvm.stderr());
        }
    }
}
