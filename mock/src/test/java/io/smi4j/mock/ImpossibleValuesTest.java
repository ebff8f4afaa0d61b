package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuInstance;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.VgpuUtilizationSample;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Values NVML answers that cannot be true are not available in the snapshot and are counted by function and kind. */
class ImpossibleValuesTest {

    /** {@code nvml} with the answers of one method replaced by {@code change(answer, args)}. */
    private static Nvml changing(Nvml nvml, String method, BiFunction<Object, Object[], Object> change) {
        return (Nvml) Proxy.newProxyInstance(Nvml.class.getClassLoader(), new Class<?>[] {Nvml.class},
                (proxy, m, args) -> {
                    try {
                        Object answer = m.invoke(nvml, args);
                        return m.getName().equals(method) ? change.apply(answer, args) : answer;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static long total(HostSnapshot s, String function, AnomalyTotal.Kind kind) {
        return s.anomalyTotals().stream().filter(a -> a.function().equals(function) && a.kind() == kind)
                .mapToLong(AnomalyTotal::total).sum();
    }

    @Test
    void aVgpuUtilizationSampleOfAllOnesOrOverAHundredIsAbsentNotFourBillionPercentAndCounted() {
        MockNvml mock = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        @SuppressWarnings("unchecked")
        Nvml nvml = changing(mock, "deviceVgpuInstancesUtilizationInfo", (answer, args) -> {
            List<VgpuUtilizationSample> samples = new ArrayList<>((List<VgpuUtilizationSample>) answer);
            if (!samples.isEmpty()) {
                VgpuUtilizationSample s = samples.get(0);
                samples.set(0, new VgpuUtilizationSample(s.vgpuInstance(), s.timestampUs(), 0xFFFF_FFFFL, 808334905,
                        s.enc(), s.dec(), s.jpg(), s.ofa()));
            }
            return samples;
        });
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            List<VgpuInstance> vgpus = new ArrayList<>();
            s.gpus().forEach(g -> g.vgpuHost().ifPresent(h -> vgpus.addAll(h.vgpus())));
            VgpuInstance odd = vgpus.stream().filter(v -> Double.isNaN(v.smUtil())).findFirst().orElseThrow();
            assertTrue(Double.isNaN(odd.memUtil()), "808334905 percent is not available either");
            assertFalse(Double.isNaN(odd.encUtil()), "the sample's possible values stay");
            assertTrue(vgpus.stream().allMatch(v -> Double.isNaN(v.smUtil()) || v.smUtil() <= 100));
            long sentinels = total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo", AnomalyTotal.Kind.SENTINEL);
            assertTrue(sentinels >= 1, "counted: " + s.anomalyTotals());
            assertEquals(sentinels, total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo",
                    AnomalyTotal.Kind.PERCENT_OUT_OF_RANGE));
        }
    }

    @Test
    void aVgpuUsingMoreFramebufferThanItsTypeHasShowsNoUsageAndIsCounted() {
        MockNvml mock = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        Nvml nvml = changing(mock, "vgpuInstanceFbUsage", (answer, args) -> (Long) answer + (64L << 30));
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            long vgpus = 0;
            for (GpuInfo g : s.gpus()) {
                for (VgpuInstance v : g.vgpuHost().map(h -> h.vgpus()).orElse(List.of())) {
                    assertEquals(-1, v.fbUsedBytes(), "over its type's " + v.fbTotalBytes() + " bytes");
                    vgpus++;
                }
            }
            assertTrue(vgpus > 0);
            assertEquals(vgpus, total(s, "nvmlVgpuInstanceGetFbUsage", AnomalyTotal.Kind.USED_OVER_TOTAL));
        }
    }

    @Test
    void gpuMemoryUsedOverTotalAndAWrappedFreeAreAbsentAndCounted() {
        MockNvml mock = MockNvml.frozen(Scenarios.create("bare-metal", 2));
        Nvml nvml = changing(mock, "deviceMemoryInfo", (answer, args) -> {
            MemoryInfo m = (MemoryInfo) answer;
            return new MemoryInfo(m.totalBytes(), m.reservedBytes(), -4096, m.totalBytes() + 1);
        });
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            HostSnapshot s = reader.read();
            GpuInfo g = s.gpus().get(0);
            assertEquals(-1, g.memoryUsedBytes());
            assertEquals(-1, g.memoryFreeBytes());
            assertTrue(g.memoryTotalBytes() > 0, "the total is possible");
            assertEquals(s.gpus().size(), total(s, "nvmlDeviceGetMemoryInfo_v2", AnomalyTotal.Kind.USED_OVER_TOTAL));
            assertEquals(s.gpus().size(), total(s, "nvmlDeviceGetMemoryInfo_v2", AnomalyTotal.Kind.FREE_UNDERFLOW));
        }
    }

    @Test
    void aSampleFromTheFutureIsDroppedCountedAndDoesNotMoveTheCursor() {
        MockNvml mock = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        long future = (System.currentTimeMillis() + 3_600_000L) * 1000;
        List<Long> cursors = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Nvml nvml = changing(mock, "deviceVgpuInstancesUtilizationInfo", (answer, args) -> {
            cursors.add((Long) args[1]);
            List<VgpuUtilizationSample> samples = new ArrayList<>();
            for (VgpuUtilizationSample s : (List<VgpuUtilizationSample>) answer) {
                samples.add(new VgpuUtilizationSample(s.vgpuInstance(), future, s.sm(), s.mem(), s.enc(), s.dec(),
                        s.jpg(), s.ofa()));
            }
            return samples;
        });
        try (NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            reader.read();
            HostSnapshot s = reader.read();
            s.gpus().forEach(g -> g.vgpuHost().ifPresent(h -> h.vgpus().forEach(v -> assertTrue(
                    Double.isNaN(v.smUtil()) && v.utilizationTimestampNs() == -1, "no sample from the future"))));
            assertTrue(total(s, "nvmlDeviceGetVgpuInstancesUtilizationInfo", AnomalyTotal.Kind.FUTURE_TIMESTAMP) > 0);
            assertTrue(cursors.stream().allMatch(c -> c < future), "the cursor never jumps ahead: " + cursors);
        }
    }
}
