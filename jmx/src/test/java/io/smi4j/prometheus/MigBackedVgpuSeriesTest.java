package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.MigBackedVgpuData;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.jmx.VgpuSchedulerMXBean;
import io.smi4j.mock.MigBackedScenario;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostSnapshot;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * MIG-backed vGPU in the consumers of the jmx module: the {@code allsmi_vgpu_gpu_instance_*} families with a
 * {@code gpu_instance_id} label and the VgpuScheduler MXBean's GpuInstances rows, over {@link MigBackedScenario}
 * (GPU instance 1: two 3-10C, full; 2: one 2-5C, one placement free; 3: none, two free).
 */
class MigBackedVgpuSeriesTest {

    private static HostSnapshot snapshot() {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(MigBackedScenario.create()), 2)) {
            return reader.read();
        }
    }

    private static String sample(String family, String gpuInstance, String extra) {
        return family + "{host=\"h\",gpu_index=\"0\",gpu_uuid=\"" + snapshot().gpus().get(0).uuid()
                + "\",gpu_instance_id=\"" + gpuInstance + "\"" + extra + "}";
    }

    @Test
    void eachGpuInstanceHasItsSchedulerItsVgpusAndItsCapacityPerTypeAsSeries() throws Exception {
        String text = PrometheusText.render(snapshot(), "h", PrometheusText.Format.TEXT);
        String small = ",vgpu_type=\"NVIDIA A100-2-5C\",vgpu_type_id=\"712\"";
        String big = ",vgpu_type=\"NVIDIA A100-3-10C\",vgpu_type_id=\"711\"";
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_creatable_capacity", "1", big) + " 0\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_creatable_capacity", "2", small) + " 1\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_creatable_capacity", "3", small) + " 2\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_instances", "1", big) + " 2\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_max_instances", "2", small) + " 2\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_type_creatable_placements", "3", small) + " 2\n"),
                text);
        // a type not creatable has no placement size, so no placement count
        assertFalse(text.contains(sample("allsmi_vgpu_gpu_instance_type_creatable_placements", "1", big)), text);
        // policy codes: 3 fixed share on instance 1, 2 equal share on 2
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_policy", "1", "") + " 3\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_policy", "2", "") + " 2\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_timeslice_seconds", "1", "") + " 0.002\n"),
                text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_vgpus", "1", "") + " 2\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_vgpus", "3", "") + " 0\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_log_entries_total", "1", "") + " 8\n"),
                text);
        // instance 2 time-slices one vGPU: its runlist ran all the time
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_runlist_run_share", "2",
                ",sw_runlist_id=\"0\"") + " 1\n"), text);
        assertTrue(text.contains(sample("allsmi_vgpu_gpu_instance_scheduler_runlist_weight", "1",
                ",sw_runlist_id=\"0\"") + " 2\n"), text);
        assertTrue(text.contains("# TYPE allsmi_vgpu_gpu_instance_scheduler_log_entries_total counter\n"), text);
        assertEquals("", Promtool.checkMetrics(text));
    }

    @Test
    void presetsWithoutMigBackedVgpuHaveNoGpuInstanceSeries() {
        for (String preset : new String[] {"vgpu-host", "vgpu-host-large"}) {
            try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create(preset, 1)), 2)) {
                String text = PrometheusText.render(reader.read(), "h", PrometheusText.Format.TEXT);
                assertFalse(text.contains("allsmi_vgpu_gpu_instance_"), preset + "\n" + text);
            }
        }
        // vgpu-host-r580 has them on its GPU 2 only (MIG mode), none labelled with GPUs 0 and 1
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("vgpu-host-r580", 1)), 2)) {
            String text = PrometheusText.render(reader.read(), "h", PrometheusText.Format.TEXT);
            assertTrue(text.lines().anyMatch(l -> l.startsWith("allsmi_vgpu_gpu_instance_vgpus{")), text);
            assertTrue(text.lines().filter(l -> l.startsWith("allsmi_vgpu_gpu_instance_"))
                    .noneMatch(l -> l.contains("gpu_index=\"0\"") || l.contains("gpu_index=\"1\"")), text);
        }
    }

    @Test
    void theSchedulerMBeanCarriesEachGpuInstancesVgpuSideThroughAProxy() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        HostSnapshot s = snapshot();
        try (Smi4jJmx jmx = Smi4jJmx.create(server, JmxOptions.defaults())) {
            jmx.accept(s);
            VgpuSchedulerMXBean proxy = JMX.newMXBeanProxy(server,
                    new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerMXBean.class);
            MigBackedVgpuData data = proxy.getGpuInstances();
            assertEquals(s.gpus().get(0).vgpuHost().orElseThrow().migBackedVgpu().orElseThrow().gpuInstances(),
                    data.gpuInstances());
            assertEquals(List.of(1L, 2L, 3L), data.gpuInstances().stream().map(GpuInstanceVgpus::gpuInstanceId).toList());
            GpuInstanceVgpuType three = data.gpuInstances().get(2).types().get(0);
            assertEquals(2, three.creatableCapacity());
            assertEquals(List.of(0L, 1L), three.creatablePlacementIds());
            assertEquals(3, data.getCount());
        }
    }
}
