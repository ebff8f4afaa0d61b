package io.smi4j.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import java.util.List;
import java.util.Optional;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

class ProcessBeanTest {

    @Test
    void theProcessMxBeanShowsThisProcesssGpuMemoryAndHowItsPidWasMatched() throws Exception {
        HostSnapshot s;
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            s = reader.read();
        }
        GpuInfo gpu = s.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        long pid = gpu.processes().get(0).pid();
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(new ProcessBean(() -> Optional.of(s), OwnProcess.of(pid, List.of(pid), p -> true)),
                ProcessBean.NAME);

        assertEquals(s.gpus().stream().flatMap(g -> g.processes().stream()).filter(p -> p.pid() == pid)
                .mapToLong(p -> p.usedMemoryBytes()).sum(), server.getAttribute(ProcessBean.NAME, "GpuMemoryUsedBytes"));
        CompositeData[] use = (CompositeData[]) server.getAttribute(ProcessBean.NAME, "GpuUse");
        assertEquals(1, use.length);
        assertEquals("FOUND", use[0].get("mapping"));
        assertEquals(pid, use[0].get("pid"));
        // the typed proxy reads the same value back
        ProcessMXBean proxy = JMX.newMXBeanProxy(server, ProcessBean.NAME, ProcessMXBean.class);
        assertEquals(pid, proxy.getGpuUse()[0].use().pid());
    }

    @Test
    void beforeTheFirstPollThereIsNoUseAndTheMemoryIsNotKnown() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        try (ProcessBean bean = ProcessBean.register(server, Optional::empty)) {
            assertEquals(-1L, server.getAttribute(ProcessBean.NAME, "GpuMemoryUsedBytes"));
            assertEquals(0, ((CompositeData[]) server.getAttribute(ProcessBean.NAME, "GpuUse")).length);
        }
        assertEquals(false, server.isRegistered(ProcessBean.NAME));
    }
}
