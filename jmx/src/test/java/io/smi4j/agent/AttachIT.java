package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import io.smi4j.model.HostStatus;
import io.smi4j.prometheus.Exposition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Dynamic attach: agentmain starts the same agent in a running JVM and answers what it did (read back as
 * a system property of the target, as {@code smi4j attach} does); a second attach changes nothing.
 */
class AttachIT {

    @Test
    void attachingToARunningJvmServesItsVgpusAndAttachingAgainIsIgnored() throws Exception {
        int port = ChildJvm.freePort();
        String options = "mock=vgpu-host,interval=1h,prometheus=" + port;
        try (ChildJvm jvm = ChildJvm.start(List.of("-Djdk.attach.allowAttachSelf=false"), AppMain.class.getName(),
                "60000")) {
            VirtualMachine vm = attach(jvm);
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), options);
                AgentAnswer first = answer(vm);
                assertEquals(AgentAnswer.Outcome.STARTED, first.outcome(), first.toString());
                assertEquals(Optional.of(HostStatus.OK), first.nvml(), first.toString());
                assertTrue(first.detail().contains("serving /metrics on 127.0.0.1:" + port), first.detail());
                assertTrue(first.detail().contains("first poll: OK, 4 GPUs, vGPU host"), first.detail());
                Exposition e = scrape(jvm, port);
                assertFalse(e.family("allsmi_vgpu_memory_used_bytes").isEmpty());
                vm.loadAgent(ChildJvm.agentJar().toString(), options);
                AgentAnswer same = answer(vm);
                assertEquals(AgentAnswer.Outcome.ALREADY_RUNNING, same.outcome(), same.toString());
                assertEquals(AgentOptions.parse(options).describe(), same.detail());
                vm.loadAgent(ChildJvm.agentJar().toString(), "mock=bare-metal");
                AgentAnswer other = answer(vm);
                assertEquals(AgentAnswer.Outcome.RUNNING_WITH_OTHER_OPTIONS, other.outcome(), other.toString());
                assertEquals(AgentOptions.parse(options).describe(), other.detail());
            } finally {
                vm.detach();
            }
            List<String> lines = jvm.agentLines();
            assertEquals(3, lines.size(), lines.toString());
            assertEquals(1, lines.stream().filter(l -> l.contains("serving /metrics")).count(), lines.toString());
            assertEquals(2, lines.stream().filter(l -> l.contains("already running")).count(), lines.toString());
        }
    }

    @Test
    void theAgentAnswersWhatItCouldNotDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ChildJvm jvm = ChildJvm.start(List.of(), AppMain.class.getName(), "60000")) {
            VirtualMachine vm = attach(jvm);
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "mock=vgpu-host,prometheus=" + taken.getLocalPort());
                AgentAnswer a = answer(vm);
                assertEquals(AgentAnswer.Outcome.INCOMPLETE, a.outcome(), a.toString());
                assertTrue(a.detail().startsWith("cannot serve /metrics on 127.0.0.1:" + taken.getLocalPort()
                        + ": port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), a.detail());
            } finally {
                vm.detach();
            }
        }
        try (ChildJvm jvm = ChildJvm.start(List.of(), AppMain.class.getName(), "60000")) {
            VirtualMachine vm = attach(jvm);
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "mock=no-such-scenario");
                AgentAnswer a = answer(vm);
                assertEquals(AgentAnswer.Outcome.FAILED, a.outcome(), a.toString());
                assertTrue(a.detail().startsWith("unknown mock scenario 'no-such-scenario'"), a.detail());
            } finally {
                vm.detach();
            }
        }
    }

    private static AgentAnswer answer(VirtualMachine vm) throws IOException {
        String value = vm.getSystemProperties().getProperty(AgentAnswer.PROPERTY);
        return AgentAnswer.decode(value).orElseThrow(() -> new AssertionError("no answer: " + value));
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
