package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.jmx.TestSnapshots;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EmbeddedExporterTest {

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
    void aVgpuHostExportsEveryVgpuFamilyWithItsLabelsAndValues() throws Exception {
        try (Smi4jJmx jmx = Smi4jJmx.create(ManagementFactory.getPlatformMBeanServer(), JmxOptions.defaults());
                EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0)) {
            jmx.accept(TestSnapshots.vgpuHost(5));
            Exposition e = Exposition.scrape(exporter.port());
            Set<String> expected = vgpuFamilies();
            expected.remove("allsmi_vgpu_scheduler_avg_factor"); // only with ARR enabled, and it is disabled here
            assertEquals(expected, e.names("allsmi_vgpu_"));
            Exposition.Sample used = e.family("allsmi_vgpu_memory_used_bytes").stream()
                    .filter(s -> s.labels().get("vgpu_id").equals("7")).findFirst().orElseThrow();
            assertEquals(Map.of("host", "testhost", "gpu_index", "0",
                    "gpu_uuid", "GPU-00000000-aaaa-bbbb-cccc-dddddddddddd", "vgpu_id", "7", "vgpu_uuid", "GPU-vgpu-7",
                    "vgpu_type", "GRID A100-4C", "vm_id", TestSnapshots.AWKWARD_VM_ID), used.labels());
            assertEquals(2.0 * TestSnapshots.GIB, used.value());
            assertEquals(1, e.family("allsmi_vgpu_jpeg_utilization").size(), "NaN gives no series");
            assertEquals(Map.of("host", "testhost", "gpu_index", "0",
                    "gpu_uuid", "GPU-00000000-aaaa-bbbb-cccc-dddddddddddd", "policy", "best_effort",
                    "arr_mode", "disabled"), e.family("allsmi_vgpu_scheduler_state").get(0).labels());
            assertEquals(0.002, e.family("allsmi_vgpu_scheduler_timeslice_seconds").get(0).value());
            assertEquals("counter", e.types().get("allsmi_vgpu_scheduler_log_entries_total"));
            assertEquals(5.0, e.family("allsmi_vgpu_scheduler_log_entries_total").get(0).value(),
                    "the snapshot's own total: its collector saw one entry per poll");
            assertEquals(37.0, e.family("allsmi_gpu_utilization").get(0).value());
            assertTrue(e.samples().stream().noneMatch(s -> s.name().startsWith("allsmi_")
                    && s.labels().containsKey("instance")));
            assertEquals("", Promtool.checkMetrics(e.text()));
        }
    }

    @Test
    void aBareMetalHostExportsGpuFamiliesAndNoVgpuSeriesAtAll() throws Exception {
        try (Smi4jJmx jmx = Smi4jJmx.create(ManagementFactory.getPlatformMBeanServer(), JmxOptions.defaults());
                EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0)) {
            jmx.accept(TestSnapshots.bareMetal(1));
            Exposition e = Exposition.scrape(exporter.port());
            assertEquals(Set.of(), e.names("allsmi_vgpu_"));
            assertEquals(1, e.family("allsmi_gpu_memory_used_bytes").size());
        }
    }

    @Test
    void aPortInUseIsAnIoException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThrows(IOException.class, () -> EmbeddedExporter.start("127.0.0.1", taken.getLocalPort()));
        }
    }
}
