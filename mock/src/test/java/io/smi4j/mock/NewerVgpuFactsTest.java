package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.NvmlFunction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The newer vGPU facts (BAR1, framebuffer reservation and GSP heap per type, runtime state per vGPU, the GPU's and the
 * driver's vGPU capabilities) as each driver generation has them: every one on R580, the R550 ones on
 * {@code vgpu-host}, the capability calls only on {@code vgpu-host-large} (R535); what a driver lacks is not available,
 * never an error, and not asked again.
 */
class NewerVgpuFactsTest {

    private static final int POLLS = 4;

    @Test
    void onAnR580DriverEveryTypeAndVgpuHasEveryNewerFactAndBothCapabilitySetsAreComplete() {
        HostSnapshot s = polled(new MockNvml(NewerDriver.of(Scenarios.create("vgpu-host", 3)), 1, FaultPlan.none(),
                true), 1);
        assertEquals(List.of(), s.errorTotals());
        for (VgpuHostInfo h : hosts(s)) {
            for (VgpuTypeInfo t : h.types()) {
                assertTrue(t.bar1Bytes() >= 256L << 20, t.name() + " BAR1 " + t.bar1Bytes());
                assertTrue(t.fbReservationBytes() > 64L << 20, t.name() + " reservation " + t.fbReservationBytes());
                assertTrue(t.gspHeapBytes() > 16L << 20, t.name() + " GSP heap " + t.gspHeapBytes());
            }
            for (VgpuInstance v : h.vgpus()) {
                assertTrue(v.runtimeStateBytes() >= 32L << 20, v.id() + " runtime state " + v.runtimeStateBytes());
            }
            VgpuCapabilities c = h.vgpuCapabilities().orElseThrow();
            assertEquals(Toggle.ON, c.warmUpdate());
            assertEquals(Toggle.ON, c.migTimeslicingSupported());
            assertEquals(Toggle.OFF, c.migTimeslicingEnabled());
            assertEquals(24_000_000_000L, c.readDeviceBufferBytesPerSecond(), "24,000 MB/s in bytes per second");
        }
        assertEquals(new VgpuDriverCapabilities(Toggle.ON, Toggle.ON), s.vgpuDriverCapabilities().orElseThrow());
    }

    @Test
    void onR550TheTypeSizesAndTheCapabilitiesOf124AreReadAndTheNewerCallsLeaveNoValueNoErrorAndNoRepeat() {
        MockNvml nvml = MockNvml.live("vgpu-host", 3);
        HostSnapshot s = polled(nvml, POLLS);
        assertEquals(List.of(), s.errorTotals(), "FUNCTION_NOT_FOUND is no error");
        int vgpus = 0;
        for (VgpuHostInfo h : hosts(s)) {
            for (VgpuTypeInfo t : h.types()) {
                assertEquals(-1, t.bar1Bytes(), t.name());
                assertTrue(t.fbReservationBytes() > 0 && t.gspHeapBytes() > 0, t.name());
            }
            for (VgpuInstance v : h.vgpus()) {
                assertEquals(-1, v.runtimeStateBytes());
                vgpus++;
            }
            VgpuCapabilities c = h.vgpuCapabilities().orElseThrow();
            assertEquals(Toggle.ON, c.heterogeneousTimesliceProfiles());
            assertEquals(Toggle.UNKNOWN, c.warmUpdate(), "newer than an R550 driver");
            assertEquals(Toggle.UNKNOWN, c.migTimeslicingEnabled(), "newer than an R550 driver");
        }
        assertEquals(new VgpuDriverCapabilities(Toggle.ON, Toggle.UNKNOWN), s.vgpuDriverCapabilities().orElseThrow());
        // the driver lacks them: each type or vGPU target asked once, not every poll
        assertTrue(nvml.calls(NvmlFunction.nvmlVgpuInstanceGetRuntimeStateSize) <= vgpus + 2,
                "runtime state asked " + nvml.calls(NvmlFunction.nvmlVgpuInstanceGetRuntimeStateSize) + " times for "
                        + vgpus + " vGPUs in " + POLLS + " polls");
        assertEquals(1, nvml.calls(NvmlFunction.nvmlGetVgpuDriverCapabilities), "once per session");
    }

    @Test
    void onR535OnlyTheCapabilityCallsAnswerAndNoNewerTypeFactIsPublished() {
        MockNvml nvml = MockNvml.live("vgpu-host-large", 3);
        HostSnapshot s = polled(nvml, POLLS);
        assertEquals(List.of(), s.errorTotals());
        for (VgpuHostInfo h : hosts(s)) {
            for (VgpuTypeInfo t : h.types()) {
                assertEquals(List.of(-1L, -1L, -1L), List.of(t.bar1Bytes(), t.fbReservationBytes(), t.gspHeapBytes()),
                        t.name());
            }
            h.vgpus().forEach(v -> assertEquals(-1, v.runtimeStateBytes()));
            assertTrue(h.vgpuCapabilities().isPresent());
        }
        // one GPU asks each type's sizes once; the next GPUs know the driver lacks them from the type facts cache
        assertTrue(nvml.calls(NvmlFunction.nvmlVgpuTypeGetFbReservation) <= hosts(s).get(0).types().size(),
                "asked " + nvml.calls(NvmlFunction.nvmlVgpuTypeGetFbReservation) + " times");
    }

    @Test
    void offAVgpuHostNeitherCapabilityIsAsked() {
        MockNvml nvml = MockNvml.live("bare-metal", 3);
        HostSnapshot s = polled(nvml, 2);
        assertTrue(s.vgpuDriverCapabilities().isEmpty());
        assertEquals(0, nvml.calls(NvmlFunction.nvmlGetVgpuDriverCapabilities));
        assertEquals(0, nvml.calls(NvmlFunction.nvmlDeviceGetVgpuCapabilities));
    }

    private static HostSnapshot polled(MockNvml nvml, int polls) {
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            for (int i = 1; i < polls; i++) {
                s = reader.read();
            }
            return s;
        }
    }

    private static List<VgpuHostInfo> hosts(HostSnapshot s) {
        List<VgpuHostInfo> hosts = s.gpus().stream().map(GpuInfo::vgpuHost).flatMap(java.util.Optional::stream)
                .toList();
        assertTrue(!hosts.isEmpty(), "a vGPU host");
        return hosts;
    }
}
