package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.tools.attach.VirtualMachine;
import io.smi4j.prometheus.Exposition;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Dynamic attach: agentmain starts the same agent in a running JVM; a second attach changes nothing. */
class AttachIT {

    @Test
    void attachingToARunningJvmServesItsVgpusAndAttachingAgainIsIgnored() throws Exception {
        int port = ChildJvm.freePort();
        try (ChildJvm jvm = ChildJvm.start(List.of("-Djdk.attach.allowAttachSelf=false"), AppMain.class.getName(),
                "60000")) {
            VirtualMachine vm = attach(jvm);
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "mock=vgpu-host,interval=1h,prometheus=" + port);
                Exposition e = scrape(jvm, port);
                assertFalse(e.family("allsmi_vgpu_memory_used_bytes").isEmpty());
                vm.loadAgent(ChildJvm.agentJar().toString(), "mock=vgpu-host,interval=1h,prometheus=" + port);
            } finally {
                vm.detach();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (jvm.agentLines().stream().noneMatch(l -> l.contains("already running"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String> lines = jvm.agentLines();
            assertEquals(2, lines.size(), lines.toString());
            assertEquals(1, lines.stream().filter(l -> l.contains("serving /metrics")).count(), lines.toString());
            assertEquals(1, lines.stream().filter(l -> l.contains("already running")).count(), lines.toString());
        }
    }

    private static VirtualMachine attach(ChildJvm jvm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return VirtualMachine.attach(Long.toString(jvm.pid()));
            } catch (IOException | com.sun.tools.attach.AttachNotSupportedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static Exposition scrape(ChildJvm jvm, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Exposition e = Exposition.scrape(port);
                if (!e.family("allsmi_vgpu_memory_used_bytes").isEmpty()) {
                    return e;
                }
            } catch (IOException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing served after attach; child stderr: " + jvm.stderr());
            }
            Thread.sleep(200);
        }
    }
}
