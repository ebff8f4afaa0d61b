package io.smi4j.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuInstrumentsTest {

    /** Far more polls than the vgpu-host simulation needs to stop a VM (it does so every few). */
    private static final int MAX_POLLS = 2_000;

    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setMeterProvider(provider).build();
    private final AtomicReference<HostSnapshot> latest = new AtomicReference<>();
    private final GpuInstruments instruments = GpuInstruments.register(otel, () -> Optional.ofNullable(latest.get()));
    private GpuReader reader;

    @AfterEach
    void close() {
        instruments.close();
        provider.close();
        if (reader != null) {
            reader.close();
        }
    }

    @Test
    void gpuMetricsFollowTheHardwareConventionsWithTheSnapshotsValues() {
        HostSnapshot s = read("vgpu-host");
        Map<String, MetricData> byName = collect();
        GpuInfo gpu0 = s.gpus().get(0);
        Attributes gpu0Attrs = Attributes.builder().put("hw.id", gpu0.uuid()).put("hw.type", "gpu")
                .put("hw.name", "GPU 0").put("hw.vendor", "NVIDIA").put("hw.model", gpu0.name())
                .put("hw.driver_version", s.driverVersion()).build();

        MetricData util = byName.get("hw.gpu.utilization");
        assertEquals("1", util.getUnit());
        assertEquals(gpu0.utilizationGpuPercent() / 100, util.getDoubleGaugeData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(gpu0Attrs.toBuilder().put("hw.gpu.task", "general").build()))
                .findFirst().orElseThrow().getValue(), 1e-9);

        MetricData usage = byName.get("hw.gpu.memory.usage");
        assertEquals("By", usage.getUnit());
        assertFalse(usage.getLongSumData().isMonotonic(), "an UpDownCounter, as the convention says");
        assertEquals(gpu0.memoryUsedBytes(), usage.getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(gpu0Attrs)).findFirst().orElseThrow().getValue());
        assertEquals(gpu0.memoryTotalBytes(), byName.get("hw.gpu.memory.limit").getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(gpu0Attrs)).findFirst().orElseThrow().getValue());
        assertEquals((double) gpu0.memoryUsedBytes() / gpu0.memoryTotalBytes(),
                byName.get("hw.gpu.memory.utilization").getDoubleGaugeData().getPoints().stream()
                        .filter(p -> p.getAttributes().equals(gpu0Attrs)).findFirst().orElseThrow().getValue(), 1e-9);

        Map<String, Long> states = byName.get("hw.status").getLongSumData().getPoints().stream()
                .filter(p -> gpu0.uuid().equals(p.getAttributes().get(GpuInstruments.HW_ID)))
                .collect(Collectors.toMap(p -> p.getAttributes().get(GpuInstruments.HW_STATE), p -> p.getValue()));
        assertEquals(Map.of("ok", 1L, "degraded", 0L, "failed", 0L), states);
        assertEquals(4, usage.getLongSumData().getPoints().size(), "one series per GPU");
    }

    @Test
    void vgpuMetricsNameTheirPhysicalGpuAsParent() {
        HostSnapshot s = read("vgpu-host");
        Map<String, MetricData> byName = collect();
        Collection<? extends PointData> points = byName.get("smi4j.vgpu.memory.usage").getLongSumData().getPoints();
        assertEquals(vgpus(s).size(), points.size());
        for (GpuInfo gpu : s.gpus()) {
            for (VgpuInstance v : gpu.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of())) {
                var point = byName.get("smi4j.vgpu.memory.usage").getLongSumData().getPoints().stream()
                        .filter(p -> Long.toString(v.id()).equals(p.getAttributes().get(GpuInstruments.VGPU_ID)))
                        .findFirst().orElseThrow();
                assertEquals(v.fbUsedBytes(), point.getValue());
                assertEquals(gpu.uuid(), point.getAttributes().get(GpuInstruments.HW_PARENT));
                assertEquals(v.vmId(), point.getAttributes().get(GpuInstruments.VM_ID));
                assertEquals(v.typeName(), point.getAttributes().get(GpuInstruments.HW_MODEL));
            }
        }
        Set<String> tasks = byName.get("smi4j.vgpu.utilization").getDoubleGaugeData().getPoints().stream()
                .map(p -> p.getAttributes().get(GpuInstruments.HW_GPU_TASK)).collect(Collectors.toSet());
        assertEquals(Set.of("general", "encoder", "decoder"), tasks);
    }

    @Test
    void aVgpuThatStoppedIsNoLongerObserved() {
        HostSnapshot previous = read("vgpu-host");
        collect();
        for (int i = 0; i < MAX_POLLS; i++) {
            HostSnapshot s = reader.read();
            latest.set(s);
            Set<String> gone = ids(previous);
            gone.removeAll(ids(s));
            if (!gone.isEmpty()) {
                Set<String> observed = collect().get("smi4j.vgpu.memory.usage").getLongSumData().getPoints().stream()
                        .map(p -> p.getAttributes().get(GpuInstruments.VGPU_ID)).collect(Collectors.toSet());
                assertEquals(ids(s), observed, "stopped: " + gone);
                return;
            }
            previous = s;
        }
        throw new AssertionError("no vGPU stopped in " + MAX_POLLS + " polls");
    }

    @Test
    void migDevicesNameTheirGpuAsParent() {
        HostSnapshot s = read("mig-host");
        Map<String, MetricData> byName = collect();
        GpuInfo gpu = s.gpus().get(0);
        MigInstance mig = gpu.migInstances().get(0);
        var point = byName.get("smi4j.mig.memory.limit").getLongSumData().getPoints().stream()
                .filter(p -> mig.uuid().equals(p.getAttributes().get(GpuInstruments.HW_ID))).findFirst().orElseThrow();
        assertEquals(mig.memoryTotalBytes(), point.getValue());
        assertEquals(gpu.uuid(), point.getAttributes().get(GpuInstruments.HW_PARENT));
        assertFalse(byName.containsKey("smi4j.vgpu.memory.usage"), "no vGPU metrics off vGPU hosts");
    }

    @Test
    void nothingIsObservedBeforeTheFirstSnapshotNorAfterClose() {
        assertTrue(collect().isEmpty());
        read("vgpu-host");
        assertFalse(collect().isEmpty());
        instruments.close();
        assertTrue(collect().isEmpty());
    }

    @Test
    void processGpuMemoryIsObservedOnlyWhereThisProcessesPidsCanBeMatched() {
        HostSnapshot s = read("bare-metal");
        GpuInfo gpu = s.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        long pid = gpu.processes().get(0).pid();
        InMemoryMetricReader own = InMemoryMetricReader.create();
        try (SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(own).build();
             GpuInstruments found = GpuInstruments.register(OpenTelemetrySdk.builder().setMeterProvider(p).build(),
                     () -> Optional.of(s), OwnProcess.of(pid, List.of(pid), x -> true))) {
            var points = own.collectAllMetrics().stream().filter(m -> m.getName().equals("smi4j.process.gpu.memory.usage"))
                    .findFirst().orElseThrow().getLongSumData().getPoints();
            assertEquals(s.gpus().size(), points.size(), "0 on the GPUs it does not use");
            assertEquals(gpu.processes().get(0).usedMemoryBytes(), points.stream()
                    .filter(x -> gpu.uuid().equals(x.getAttributes().get(GpuInstruments.HW_ID)))
                    .findFirst().orElseThrow().getValue());
        }
        InMemoryMetricReader foreign = InMemoryMetricReader.create();
        try (SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(foreign).build();
             GpuInstruments unmatched = GpuInstruments.register(OpenTelemetrySdk.builder().setMeterProvider(p).build(),
                     () -> Optional.of(s), OwnProcess.of(1, List.of(1L), x -> false))) {
            assertTrue(foreign.collectAllMetrics().stream().filter(m -> !m.isEmpty())
                    .noneMatch(m -> m.getName().equals("smi4j.process.gpu.memory.usage")));
        }
    }

    private HostSnapshot read(String scenario) {
        reader = Collector.openReader(CollectorOptions.defaults().withMock(scenario));
        HostSnapshot s = reader.read();
        latest.set(s);
        return s;
    }

    private Map<String, MetricData> collect() {
        return metrics.collectAllMetrics().stream()
                .filter(m -> !m.isEmpty())
                .collect(Collectors.toMap(MetricData::getName, m -> m));
    }

    private static List<VgpuInstance> vgpus(HostSnapshot s) {
        return s.gpus().stream().flatMap(g -> g.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of()).stream())
                .toList();
    }

    private static Set<String> ids(HostSnapshot s) {
        return vgpus(s).stream().map(v -> Long.toString(v.id())).collect(Collectors.toSet());
    }
}
