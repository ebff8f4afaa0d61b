package io.smi4j.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.FaultPlan;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.prometheus.PrometheusText;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the MBeans, notifications and metrics say of GPUs that cannot be opened, are lost or fail some calls. */
class FaultyHostTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Smi4jJmx jmx = Smi4jJmx.create(server, JmxOptions.defaults());

    @AfterEach
    void close() {
        jmx.close();
    }

    @Test
    void aGpuThatCannotBeOpenedHasNoSeriesNoMbeanAndIsNotCountedAsAWorkingGpu() throws Exception {
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2,
                NvmlReturn.UNKNOWN, 1));
        HostSnapshot s;
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(Scenarios.create("vgpu-host", 3), 3, plan, true),
                64)) {
            s = reader.read();
        }
        jmx.accept(s);
        String text = PrometheusText.render(s);
        assertFalse(text.contains("gpu_uuid=\"\""), "no series with an empty gpu_uuid");
        assertTrue(text.contains("allsmi_host_gpus{host=\"" + s.hostName() + "\"} 3"), text);
        assertTrue(text.contains("allsmi_host_gpus_unavailable{host=\"" + s.hostName() + "\"} 1"), text);
        assertTrue(text.contains("allsmi_host_nvml_status{host=\"" + s.hostName() + "\"} 4"), "4 is DEGRADED");
        assertEquals(3, text.lines().filter(l -> l.startsWith("allsmi_gpu_health{")).count());
        assertTrue(text.lines().filter(l -> l.startsWith("allsmi_gpu_health{")).allMatch(l -> l.endsWith(" 0")));
        TabularData gpus = (TabularData) server.getAttribute(Smi4jJmx.METRICS, "GpuSeries");
        assertEquals(3, gpus.size());
        assertTrue(gpus.values().stream().noneMatch(r -> ((CompositeData) r).get("gpu_uuid").equals("")));
        assertTrue(server.queryNames(new ObjectName("io.smi4j:type=Gpu,gpu=1"), null).isEmpty());
        HostMXBean host = JMX.newMXBeanProxy(server, Smi4jJmx.HOST, HostMXBean.class);
        assertEquals("DEGRADED", host.getStatus());
        assertEquals(3, host.getGpuCount());
        assertEquals(1, host.getUnavailableGpuCount());
        assertTrue(host.getStatusDetail().startsWith("GPU 1 unavailable: nvmlDeviceGetHandleByIndex_v2"),
                host.getStatusDetail());
    }

    @Test
    void aLostGpusVgpusAreNeitherStoppedNorStartedAgainAndItsHealthChangesAreNotified() throws Exception {
        // GPU 0 runs vGPUs; it is lost in polls 2 and 3 and answers again from poll 4
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(null, NvmlReturn.GPU_IS_LOST, 0, 2, 3, 1));
        List<Notification> received = new ArrayList<>();
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(Scenarios.create("vgpu-host", 3), 3, plan, true),
                64)) {
            HostSnapshot first = reader.read();
            assertFalse(first.gpus().get(0).vgpuHost().orElseThrow().vgpus().isEmpty());
            jmx.accept(first);
            server.addNotificationListener(Smi4jJmx.HOST, (n, h) -> received.add(n), null, null);
            for (int poll = 2; poll <= 5; poll++) {
                HostSnapshot s = reader.read();
                assertEquals(poll <= 3 ? HostStatus.DEGRADED : HostStatus.OK, s.status(), "poll " + poll);
                jmx.accept(s);
                GpuMXBean gpu0 = JMX.newMXBeanProxy(server, new ObjectName("io.smi4j:type=Gpu,gpu=0"),
                        GpuMXBean.class);
                assertEquals(poll <= 3 ? "LOST" : "OK", gpu0.getHealth(), "poll " + poll);
                assertEquals(first.gpus().get(0).uuid(), gpu0.getUuid(), "a lost GPU keeps its identity");
            }
        }
        assertEquals(List.of(Smi4jJmx.GPU_HEALTH, Smi4jJmx.GPU_HEALTH),
                received.stream().map(Notification::getType).toList(), "no vGPU stopped or started");
        assertEquals(GpuHealth.State.LOST.name(), received.get(0).getUserData());
        assertEquals(GpuHealth.State.OK.name(), received.get(1).getUserData());
    }

    @Test
    void aVgpuListThatFailsEveryThirdPollKeepsItsVgpusAndSeriesAndNotifiesNothing() throws Exception {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus,
                NvmlReturn.UNKNOWN, 0, 3, Long.MAX_VALUE, 3));
        List<Notification> received = new ArrayList<>();
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(Scenarios.create("vgpu-host", 3), 3, plan, true),
                64)) {
            HostSnapshot first = reader.read();
            jmx.accept(first);
            int vgpus = first.gpus().get(0).vgpuHost().orElseThrow().vgpus().size();
            assertTrue(vgpus > 0);
            server.addNotificationListener(Smi4jJmx.HOST, (n, h) -> received.add(n), null, null);
            for (int poll = 2; poll <= 7; poll++) {
                HostSnapshot s = reader.read();
                jmx.accept(s);
                String text = PrometheusText.render(s);
                String instances = "allsmi_vgpu_instances{host=\"" + s.hostName() + "\",gpu_index=\"0\",gpu_uuid=\""
                        + s.gpus().get(0).uuid() + "\"} " + vgpus;
                assertTrue(text.contains(instances), "poll " + poll + ": " + instances);
                assertEquals(vgpus, server.queryNames(new ObjectName("io.smi4j:type=Vgpu,gpu=0,*"), null).size());
                boolean failing = poll % 3 == 0;
                assertEquals(failing, text.contains("allsmi_gpu_stale_list_age_seconds{host=\"" + s.hostName()
                        + "\",gpu_index=\"0\",gpu_uuid=\"" + s.gpus().get(0).uuid() + "\",list=\"vgpus\"}"),
                        "poll " + poll);
            }
        }
        assertEquals(List.of(Smi4jJmx.GPU_HEALTH, Smi4jJmx.GPU_HEALTH, Smi4jJmx.GPU_HEALTH, Smi4jJmx.GPU_HEALTH),
                received.stream().map(Notification::getType).toList(), "health went DEGRADED and back twice, no vGPU "
                        + "stopped or started");
    }

    @Test
    void theLastPollAgeIsComputedWhenReadAndGrowsWhileNoPollCompletes() {
        HostSnapshot s = io.smi4j.jmx.TestSnapshots.snapshot(1, List.of());
        jmx.accept(s);
        HostMXBean host = JMX.newMXBeanProxy(server, Smi4jJmx.HOST, HostMXBean.class);
        double expected = java.time.Duration.between(s.time(), java.time.Instant.now()).toNanos() / 1e9;
        double first = host.getLastPollAgeSeconds();
        assertTrue(first >= expected, first + " >= " + expected + ": the snapshot's time is long past");
        double second = host.getLastPollAgeSeconds();
        assertTrue(second >= first, "read again, later");
    }
}
