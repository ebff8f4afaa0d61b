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
import io.smi4j.model.CallErrorTotal;
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

    @Test
    void processGpuUtilizationIsObservedPerTaskAsAFractionOfTheGpu() {
        read("bare-metal");
        HostSnapshot s = reader.read(); // the second: the simulation has sampled the processes
        GpuInfo gpu = s.gpus().get(0);
        var process = gpu.processes().get(0);
        InMemoryMetricReader own = InMemoryMetricReader.create();
        try (SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(own).build();
             GpuInstruments found = GpuInstruments.register(OpenTelemetrySdk.builder().setMeterProvider(p).build(),
                     () -> Optional.of(s), OwnProcess.of(process.pid(), List.of(process.pid()), x -> true))) {
            var points = own.collectAllMetrics().stream().filter(m -> m.getName().equals("smi4j.process.gpu.utilization"))
                    .findFirst().orElseThrow().getDoubleGaugeData().getPoints();
            assertEquals(3 * s.gpus().size(), points.size(), "general, encoder, decoder per GPU");
            assertEquals(process.smUtil() / 100, points.stream()
                    .filter(x -> gpu.uuid().equals(x.getAttributes().get(GpuInstruments.HW_ID))
                            && "general".equals(x.getAttributes().get(GpuInstruments.HW_GPU_TASK)))
                    .findFirst().orElseThrow().getValue(), 1e-9);
        }
    }

    @Test
    void hwErrorsCountEachGpusFailedCallsByErrorTypeAndNvmlErrorsEachFunctionOverAllGpus() {
        HostSnapshot r = read("bare-metal");
        HostSnapshot s = new HostSnapshot(r.hostName(), r.sequence(), r.time(), r.pollDuration(), r.status(),
                r.statusDetail(), r.driverVersion(), r.nvmlVersion(), r.cudaDriverVersion(), r.gpus(), r.errors(),
                List.of(new CallErrorTotal("nvmlDeviceGetFanSpeed", 999, 4, 0),
                        new CallErrorTotal("nvmlDeviceGetFanSpeed", 999, 3, 1),
                        new CallErrorTotal("nvmlDeviceGetPowerUsage", 999, 2, 1),
                        new CallErrorTotal("nvmlDeviceGetTemperature", 15, 1, 1),
                        new CallErrorTotal("nvmlSystemGetProcessName", 999, 5)),
                r.anomalyTotals());
        latest.set(s);
        Map<String, MetricData> m = collect();
        Map<Attributes, Long> hw = m.get("hw.errors").getLongSumData().getPoints().stream()
                .collect(Collectors.toMap(PointData::getAttributes, p -> p.getValue()));
        GpuInfo g0 = s.gpus().get(0);
        GpuInfo g1 = s.gpus().get(1);
        assertEquals(Map.of(
                Attributes.of(GpuInstruments.HW_ID, g0.uuid(), GpuInstruments.HW_TYPE, "gpu",
                        GpuInstruments.ERROR_TYPE, "UNKNOWN"), 4L,
                Attributes.of(GpuInstruments.HW_ID, g1.uuid(), GpuInstruments.HW_TYPE, "gpu",
                        GpuInstruments.ERROR_TYPE, "UNKNOWN"), 5L,
                Attributes.of(GpuInstruments.HW_ID, g1.uuid(), GpuInstruments.HW_TYPE, "gpu",
                        GpuInstruments.ERROR_TYPE, "GPU_IS_LOST"), 1L), hw,
                "per GPU and error type; the host-level call is no GPU's");
        long fan = m.get("smi4j.nvml.errors").getLongSumData().getPoints().stream()
                .filter(p -> "nvmlDeviceGetFanSpeed".equals(p.getAttributes().get(GpuInstruments.NVML_FUNCTION)))
                .mapToLong(p -> p.getValue()).sum();
        assertEquals(7, fan, "one series per function and code, over all GPUs");
        assertEquals(4, m.get("smi4j.nvml.errors").getLongSumData().getPoints().size());
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
