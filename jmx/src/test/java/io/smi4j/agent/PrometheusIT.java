package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.prometheus.Exposition;
import io.smi4j.prometheus.Promtool;
import io.smi4j.prometheus.RulesFile;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real {@code jmx_prometheus_javaagent} 1.0.1 with our rules file, beside our agent (which
 * also serves its embedded exporter), in one JVM running a frozen vGPU host whose VM ids hold
 * quotes, backslashes and non-ASCII.
 */
class PrometheusIT {

    private static Exposition scrapeWhenReady(ChildJvm jvm, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (true) {
            try {
                Exposition e = Exposition.scrape(port);
                if (!e.family("allsmi_vgpu_memory_used_bytes").isEmpty()) {
                    return e;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no allsmi_vgpu series on port " + port + "; child stderr: " + jvm.stderr());
            }
            Thread.sleep(200);
        }
    }

    private static Set<String> vgpuFamilies() {
        Set<String> names = new TreeSet<>();
        for (SeriesTable<?> t : SeriesCatalog.ALL) {
            for (SeriesTable.Column<?> c : t.columns()) {
                if (c.family().name().startsWith("allsmi_vgpu_")) {
                    names.add(c.family().name());
                }
            }
        }
        return names;
    }

    @Test
    void theRealJmxExporterWithOurRulesAndOurEmbeddedExporterServeTheSameValidVgpuSeries() throws Exception {
        Path javaagent = NvmlSdk.requireBuilt("jmx.prometheus.javaagent.jar", "jmx_prometheus_javaagent 1.0.1");
        Path rules = Files.createTempFile("smi4j-rules", ".yaml");
        Files.writeString(rules, RulesFile.shipped());
        int exporterPort = ChildJvm.freePort();
        int embeddedPort = ChildJvm.freePort();
        List<String> jvmArgs = List.of(
                "-javaagent:" + javaagent + "=127.0.0.1:" + exporterPort + ":" + rules,
                "-javaagent:" + ChildJvm.agentJar() + "=mock=" + AwkwardVmIdsProvider.NAME
                        + ",interval=1h,jfr=off,prometheus=" + embeddedPort);
        try (ChildJvm jvm = ChildJvm.start(jvmArgs, AppMain.class.getName(), "60000")) {
            Exposition real = scrapeWhenReady(jvm, exporterPort);
            Exposition embedded = scrapeWhenReady(jvm, embeddedPort);

            Set<String> expected = new java.util.TreeSet<>(vgpuFamilies());
            expected.remove("allsmi_vgpu_scheduler_arr_mode"); // this R580 host's v2 scheduler has no ARR mode
            // MIG-backed vGPU only (a vGPU host in MIG mode, R575+); this host is not (MigBackedVgpuSeriesTest)
            expected.removeIf(f -> f.startsWith("allsmi_vgpu_gpu_instance_"));
            assertEquals(expected, real.names("allsmi_vgpu_"));
            // the last-poll age is computed when each is read: both serve it, with the values of two moments
            String age = "allsmi_host_last_poll_age_seconds";
            assertEquals(1, real.family(age).size());
            assertEquals(1, embedded.family(age).size());
            Set<String> onlyReal = new TreeSet<>(real.allsmiSeries());
            onlyReal.removeIf(x -> x.startsWith(age));
            onlyReal.removeAll(embedded.allsmiSeries());
            Set<String> onlyEmbedded = new TreeSet<>(embedded.allsmiSeries());
            onlyEmbedded.removeIf(x -> x.startsWith(age));
            onlyEmbedded.removeAll(real.allsmiSeries());
            assertEquals(Set.of(), onlyReal, "series only the real exporter serves; only ours: " + onlyEmbedded);
            assertEquals(Set.of(), onlyEmbedded, "series only the embedded exporter serves");

            Scenario scenario = AwkwardVmIdsProvider.scenario();
            List<Exposition.Sample> used = real.family("allsmi_vgpu_memory_used_bytes");
            int expectedVgpus = 0;
            for (int g = 0; g < scenario.gpus().size(); g++) {
                SimGpu gpu = scenario.gpus().get(g);
                List<SimVgpu> vgpus = gpu.vgpuHost().map(h -> h.vgpus()).orElse(List.of());
                for (int i = 0; i < vgpus.size(); i++) {
                    SimVgpu v = vgpus.get(i);
                    String vmId = AwkwardVmIdsProvider.vmId(g, i);
                    Exposition.Sample s = used.stream().filter(x -> x.labels().get("vm_id").equals(vmId)).findFirst()
                            .orElseThrow(() -> new AssertionError("no series with vm_id " + vmId));
                    Map<String, String> l = s.labels();
                    assertEquals(Integer.toString(g), l.get("gpu_index"));
                    assertEquals(gpu.uuid(), l.get("gpu_uuid"));
                    assertEquals(Long.toString(v.id()), l.get("vgpu_id"));
                    assertEquals(v.uuid(), l.get("vgpu_uuid"));
                    assertEquals((double) v.fbUsageBytes(), s.value(), "memory used of vGPU " + v.id());
                    assertTrue(l.containsKey("host") && l.containsKey("vgpu_type") && !l.containsKey("instance"));
                    expectedVgpus++;
                }
            }
            assertEquals(expectedVgpus, used.size());
            assertEquals(scenario.gpus().stream().filter(g -> g.vgpuHost().isPresent()).count(),
                    real.family("allsmi_vgpu_host_mode").size());

            // the agent's own JVM: the vGPU host lists no processes, so it uses no GPU (mapping 1, 0 bytes each GPU)
            List<Exposition.Sample> mapping = real.family("allsmi_process_gpu_pid_mapping");
            assertEquals(1, mapping.size(), "one series: the agent's JVM");
            assertEquals(1.0, mapping.get(0).value(), "NOT_FOUND");
            List<Exposition.Sample> mine = real.family("allsmi_process_gpu_memory_used_bytes");
            assertEquals(scenario.gpus().size(), mine.size());
            assertTrue(mine.stream().allMatch(x -> x.value() == 0.0), mine.toString());
            assertEquals(6 * scenario.gpus().size(), real.family("allsmi_process_gpu_utilization").size(),
                    "six engines per GPU, 0 each");

            String allsmi = real.text().lines().filter(l -> l.contains("allsmi_")).collect(Collectors.joining("\n"))
                    + "\n";
            assertEquals("", Promtool.checkMetrics(allsmi), "promtool on the allsmi_* families");
            assertEquals("", Promtool.checkMetrics(embedded.text()), "promtool on the embedded exporter's output");
        } finally {
            Files.deleteIfExists(rules);
        }
    }
}
