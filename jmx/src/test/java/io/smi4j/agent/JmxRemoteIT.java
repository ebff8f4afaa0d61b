package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.HostMXBean;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.jmx.VgpuMXBean;
import io.smi4j.jmx.VgpuSchedulerControlMXBean;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** A second JVM reads the agent's MBeans over JMX remote (RMI, loopback). */
class JmxRemoteIT {

    private static JMXConnector connect(ChildJvm jvm, int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                JMXConnector c = JMXConnectorFactory.connect(url);
                MBeanServerConnection conn = c.getMBeanServerConnection();
                if (conn.isRegistered(Smi4jJmx.HOST)) {
                    return c;
                }
                c.close();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no JMX connection: " + e + "; child stderr: " + jvm.stderr(), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("io.smi4j:type=Host never registered; child stderr: " + jvm.stderr());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aRemoteClientReadsTheVgpuHostRebuildsTheSnapshotAndHearsVgpusStartOrStop() throws Exception {
        int port = ChildJvm.freePort();
        List<String> jvmArgs = List.of(
                "-javaagent:" + ChildJvm.agentJar() + "=mock=vgpu-host,interval=50ms,jfr=off,control=on",
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.local.only=true",
                "-Djava.rmi.server.hostname=127.0.0.1");
        try (ChildJvm jvm = ChildJvm.start(jvmArgs, AppMain.class.getName(), "60000");
                JMXConnector connector = connect(jvm, port)) {
            MBeanServerConnection conn = connector.getMBeanServerConnection();
            BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
            conn.addNotificationListener(Smi4jJmx.HOST, (n, handback) -> notifications.add(n), null, null);

            HostMXBean host = JMX.newMXBeanProxy(conn, Smi4jJmx.HOST, HostMXBean.class);
            assertEquals("OK", host.getStatus());
            assertTrue(host.isVgpuHost());
            assertEquals(4, host.getGpuCount());

            HostSnapshot snapshot = host.getSnapshot().snapshot();
            assertEquals(HostStatus.OK, snapshot.status());
            assertEquals(host.getHostName(), snapshot.hostName());
            assertEquals(4, snapshot.gpus().size());
            assertTrue(snapshot.isVgpuHost());
            GpuInfo gpu0 = snapshot.gpus().get(0);
            assertFalse(gpu0.vgpuHost().orElseThrow().vgpus().isEmpty());

            Set<ObjectName> vgpuNames = conn.queryNames(new ObjectName("io.smi4j:type=Vgpu,*"), null);
            assertFalse(vgpuNames.isEmpty());
            VgpuMXBean vgpu = JMX.newMXBeanProxy(conn, vgpuNames.iterator().next(), VgpuMXBean.class);
            assertTrue(vgpu.getFramebufferTotalBytes() > 0);
            assertFalse(vgpu.getTypeName().isEmpty());

            VgpuSchedulerControlMXBean scheduler = JMX.newMXBeanProxy(conn,
                    new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerControlMXBean.class);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> scheduler.setSchedulerState("BEST_EFFORT", false, 0, 0, 1));
            assertTrue(refused.getMessage().contains("timeslice"), refused.getMessage());

            // GPU 1 of vgpu-host runs no vGPUs: NVML takes the change there, and the scheduler MBean shows it
            VgpuSchedulerControlMXBean idle = JMX.newMXBeanProxy(conn,
                    new ObjectName("io.smi4j:type=VgpuScheduler,gpu=1"), VgpuSchedulerControlMXBean.class);
            assertEquals("BEST_EFFORT", idle.getPolicy());
            idle.setSchedulerState("EQUAL_SHARE", false, 0, 0, 0.005);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"EQUAL_SHARE".equals(idle.getPolicy()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("EQUAL_SHARE", idle.getPolicy());
            assertEquals("DISABLED", idle.getArrMode());
            assertEquals(0.005, idle.getTimesliceSeconds(), 1e-12);

            Notification n = notifications.poll(30, TimeUnit.SECONDS);
            while (n != null && n.getType().equals(Smi4jJmx.SCHEDULER_CHANGED)) {
                n = notifications.poll(30, TimeUnit.SECONDS);
            }
            assertTrue(n != null, "no vGPU start/stop notification within 30 s");
            assertTrue(Set.of(Smi4jJmx.VGPU_STARTED, Smi4jJmx.VGPU_STOPPED).contains(n.getType()), n.getType());
            assertTrue(n.getMessage().startsWith("vGPU "), n.getMessage());
        }
    }
}
