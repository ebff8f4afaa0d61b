package io.smi4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.model.HostSnapshot;
import io.smi4j.prometheus.PrometheusText;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void theTextReportHasAVgpuSectionOnVgpuHostsOnly() {
        String host = TextReport.render(Fixtures.vgpuHost());
        assertTrue(host.contains("vGPU host\n"), host);
        assertTrue(host.contains("vGPU 3251634190  GRID A16-4Q"), host);
        assertTrue(host.contains("equal share, ARR enabled, timeslice 2 ms, avg factor 33"), host);
        assertTrue(host.contains("timeslice 1-30 ms; ARR avg factor 1-60, ARR frequency 1-960 Hz"), host);
        String metal = TextReport.render(Fixtures.bareMetal());
        assertFalse(metal.toLowerCase(Locale.ROOT).contains("vgpu"), metal);
        assertTrue(metal.contains("PID 4242  python3  C  6.0 GiB  sm - mem - enc - dec -"), metal);
    }

    @Test
    void theTextReportShowsTheNewerVgpuFactsWhereTheDriverHasThemAndADashWhereNot() {
        String host = TextReport.render(Fixtures.vgpuHost());
        assertTrue(host.contains("vGPU driver capabilities: heterogeneous multi-vGPU on, warm update -\n"), host);
        assertTrue(host.contains("fractional multi-vGPU off, heterogeneous timeslice profiles on, sizes on, "
                + "device streaming on"), host);
        assertTrue(host.contains("Device buffer bandwidth read 6.0 GB/s, write 5.0 GB/s\n"), host);
        assertTrue(host.contains(", BAR1 -, FB reservation 64 MiB, GSP heap 20 MiB\n"), host);
        assertFalse(host.contains("Runtime state"), "no vGPU has it: the line is left out");
        String metal = TextReport.render(Fixtures.bareMetal());
        assertFalse(metal.contains("capabilities:"), metal);
    }

    @Test
    void theJsonReportMapsUnavailableValuesToNullAndOmitsAbsentVgpuSections() {
        String host = JsonReport.render(Fixtures.vgpuHost());
        assertTrue(host.startsWith("{\n  \"schema\": \"smi4j.snapshot/2\",\n  \"isVgpuHost\": true,"), host);
        assertTrue(host.contains("\"id\": 3251634190"), host);
        assertTrue(host.contains("\"smUtil\": null"), "NaN utilization is null");
        assertTrue(host.contains("\"avgFactor\": 33"), host);
        String metal = JsonReport.render(Fixtures.bareMetal());
        assertFalse(metal.contains("\"vgpuHost\":"), metal);
        assertTrue(metal.contains("\"gpuInstanceId\": null"), "-1 is null");
        assertEquals(count(metal, '{'), count(metal, '}'));
        assertEquals(count(metal, '['), count(metal, ']'));
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }

    @Test
    void thePrometheusReportUsesTheCatalogsFamiliesAndNeverAnInstanceLabel() {
        String text = PrometheusText.render(Fixtures.vgpuHost());
        Set<String> catalog = SeriesCatalog.ALL.stream().flatMap(t -> t.columns().stream())
                .map(c -> c.family().name()).collect(Collectors.toSet());
        Set<String> families = text.lines().filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.split(" ")[2]).collect(Collectors.toSet());
        assertTrue(catalog.containsAll(families), families.toString());
        for (String f : List.of("allsmi_vgpu_utilization", "allsmi_vgpu_memory_used_bytes",
                "allsmi_vgpu_memory_total_bytes", "allsmi_vgpu_scheduler_state", "allsmi_vgpu_host_mode",
                "allsmi_gpu_utilization")) {
            assertTrue(families.contains(f), f);
        }
        assertTrue(text.contains("allsmi_vgpu_memory_used_bytes{host=\"hv01\",gpu_index=\"0\",gpu_uuid="
                + "\"GPU-00000000-aaaa-bbbb-cccc-ddddeeeeffff\",vgpu_id=\"3251634190\",vgpu_uuid=\"vgpu-uuid-3251634190\","
                + "vgpu_type=\"GRID A16-4Q\",vm_id=\"vm-alpha\"} 3221225472\n"), text);
        assertFalse(text.contains("instance="), text);
        assertFalse(text.contains("vm-charlie\"} NaN"), "unavailable values are left out");
        assertFalse(PrometheusText.render(Fixtures.bareMetal()).contains("allsmi_vgpu_"));
    }

    @Test
    void aVgpuGuestExportsItsLicenseStateAndOtherHostsDoNot() {
        HostSnapshot guest;
        try (io.smi4j.collect.GpuReader reader = io.smi4j.collect.Collector.openReader(
                io.smi4j.collect.CollectorOptions.defaults().withMock("vgpu-guest"))) {
            guest = reader.read();
        }
        String uuid = guest.gpus().get(0).uuid();
        String text = PrometheusText.render(guest);
        assertTrue(text.contains("allsmi_gpu_guest_license_state{host=\"" + guest.hostName() + "\",gpu_index=\"0\","
                + "gpu_uuid=\"" + uuid + "\"} 5\n"), text); // 5: licensed, the code allsmi_vgpu_license_state uses
        assertFalse(text.contains("allsmi_vgpu_"), "a guest is no vGPU host");
        assertFalse(PrometheusText.render(Fixtures.bareMetal()).contains("allsmi_gpu_guest_license_state{"));
        assertFalse(PrometheusText.render(Fixtures.vgpuHost()).contains("allsmi_gpu_guest_license_state{"));
    }

    @Test
    void theHostLabelCanBeReplacedForSimulatedFleets() {
        HostSnapshot s = Fixtures.bareMetal();
        String text = PrometheusText.render(s, "fleet-007", PrometheusText.Format.TEXT);
        assertTrue(text.contains("allsmi_host_gpus{host=\"fleet-007\"} 2"), text);
        assertFalse(text.contains("metal01"), text);
    }

    @Test
    void aVgpuListedTwiceBecomesOneSeriesPerFamily() {
        String text = PrometheusText.render(Fixtures.vgpuHostListingAVgpuTwice());
        assertEquals(1, text.lines().filter(l -> l.startsWith("allsmi_vgpu_memory_used_bytes{")).count(), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("allsmi_vgpu_process_running{")).count(), text);
    }

    @Test
    void theJsonReportIsWellFormedJson() {
        for (HostSnapshot s : List.of(Fixtures.vgpuHost(), Fixtures.bareMetal(), Fixtures.migHost(),
                Fixtures.noDriver())) {
            JsonSyntax.check(JsonReport.render(s));
        }
    }

    @Test
    void everyPrometheusReportPassesPromtoolCheckMetrics() throws Exception {
        for (HostSnapshot s : List.of(Fixtures.vgpuHost(), Fixtures.bareMetal(), Fixtures.migHost(),
                Fixtures.noDriver(), Fixtures.vgpuHostListingAVgpuTwice())) {
            Promtool.checkMetrics(PrometheusText.render(s));
        }
    }

    @org.junit.jupiter.api.Test
    void theTextReportShowsEachProcessTypeAndItsNewestUtilization() {
        io.smi4j.model.HostSnapshot s;
        try (io.smi4j.collect.GpuReader reader = io.smi4j.collect.Collector.openReader(
                io.smi4j.collect.CollectorOptions.defaults().withMock("bare-metal"))) {
            reader.read();
            s = reader.read(); // the first poll has no utilization sample yet, the second has
        }
        String text = TextReport.render(s);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("PID \\d+  \\S+  C  [0-9.]+ [KMG]iB  sm (\\d+)% mem (\\d+)% enc \\d+% dec \\d+%").matcher(text);
        assertTrue(m.find(), text);
        int sm = Integer.parseInt(m.group(1));
        assertTrue(sm >= 0 && sm <= 100, text);
    }
}
