package io.smi4j.mock.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.FaultPlan;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults aimed at one GPU in the native mock reach the reader through the real binding, JnaNvml. */
class NativeAimedFaultsTest {

    @Test
    void aGpuThatCannotBeOpenedAndOneLostForGoodShowAsSuchThroughJna() {
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(Scenarios.create("vgpu-host", 4));
        mock.injectAimed(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 1));
        mock.injectAimed(FaultPlan.Aimed.lostFrom(3, 2));
        List<HostSnapshot> polls = new ArrayList<>();
        try (NvmlGpuReader reader = new NvmlGpuReader(JnaNvml.load(mock.path()), 64)) {
            for (int i = 0; i < 3; i++) {
                polls.add(reader.read());
            }
        } finally {
            mock.apply(Scenarios.create("vgpu-host", 4)); // no faults for the next test in this JVM
        }
        for (int i = 0; i < polls.size(); i++) {
            HostSnapshot s = polls.get(i);
            String at = "poll " + (i + 1) + ": " + s.statusDetail();
            assertEquals(HostStatus.DEGRADED, s.status(), at);
            assertEquals(GpuHealth.State.UNAVAILABLE, s.gpus().get(1).health().state(), at);
            assertEquals("", s.gpus().get(1).uuid());
            assertEquals(i == 0 ? GpuHealth.State.OK : GpuHealth.State.LOST, s.gpus().get(3).health().state(), at);
            assertEquals(polls.get(0).gpus().get(3).uuid(), s.gpus().get(3).uuid(), "identity kept: " + at);
            assertEquals(GpuHealth.State.OK, s.gpus().get(0).health().state(), at);
            assertEquals(GpuHealth.State.OK, s.gpus().get(2).health().state(), at);
            assertFalse(s.gpus().get(0).vgpuHost().orElseThrow().vgpus().isEmpty(), "the others read as usual");
        }
        assertTrue(polls.get(2).errors().stream().anyMatch(e -> e.gpuIndex() == 3 && e.result() == NvmlReturn.GPU_IS_LOST),
                polls.get(2).errors().toString());
    }
}
