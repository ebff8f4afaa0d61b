package io.smi4j.jmx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.control.SchedulerControl;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.SchedulerCapabilities;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The scheduler operation over the real SchedulerControl, on the simulated vGPU host. */
class SchedulerControlMBeanTest {

    @Test
    void anInvalidRequestIsAnIllegalArgumentAndAnNvmlRefusalAnIllegalState() throws Exception {
        NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(Scenarios.create("vgpu-host", 1)), 64);
        reader.read(); // opens the session control borrows
        SchedulerControl control = SchedulerControl.enabled(reader);
        SchedulerCapabilities caps = control.capabilities(0);
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        try (Smi4jJmx jmx = Smi4jJmx.create(server, JmxOptions.defaults().withControl(control))) {
            jmx.accept(TestSnapshots.vgpuHost(1));
            VgpuSchedulerControlMXBean scheduler = JMX.newMXBeanProxy(server,
                    new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerControlMXBean.class);

            IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                    () -> scheduler.setSchedulerState("BEST_EFFORT", false, 0, 0, caps.maxTimesliceSeconds() + 1e-9));
            assertTrue(invalid.getMessage().contains("legal range"), invalid.getMessage());

            // vgpu-host runs vGPUs on GPU 0, and NVML changes the scheduler only while none run
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> scheduler.setSchedulerState("BEST_EFFORT", false, 0, 0, caps.minTimesliceSeconds()));
            assertTrue(refused.getMessage().contains("no vGPU runs"), refused.getMessage());
        } finally {
            reader.close();
        }
    }
}
