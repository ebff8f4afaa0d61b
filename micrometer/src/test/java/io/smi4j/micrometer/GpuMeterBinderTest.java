package io.smi4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.collect.Poller;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GpuMeterBinderTest {

    /** Far more polls than the vgpu-host simulation needs to stop and start a VM (it does so every few). */
    private static final int MAX_POLLS = 2_000;

    private GpuReader reader;
    private final GpuMeterBinder binder = new GpuMeterBinder();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void openMock() {
        reader = Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host"));
        binder.bindTo(registry);
    }

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void registersGaugesWithTheSnapshotsValuesForEveryGpuAndVgpu() {
        HostSnapshot s = reader.read();
        binder.update(s);

        assertEquals(4, registry.find("gpu.memory.used").gauges().size());
        GpuInfo gpu0 = s.gpus().get(0);
        Gauge used = registry.get("gpu.memory.used").tag("gpu.uuid", gpu0.uuid()).gauge();
        assertEquals(gpu0.memoryUsedBytes(), used.value());
        assertEquals("bytes", used.getId().getBaseUnit());
        assertEquals(gpu0.utilizationGpuPercent() / 100,
                registry.get("gpu.utilization").tag("gpu.index", "0").gauge().value(), 1e-9);
        assertEquals(gpu0.powerUsageWatts(), registry.get("gpu.power.usage").tag("gpu.index", "0").gauge().value());

        List<VgpuInstance> vgpus = vgpus(s);
        assertFalse(vgpus.isEmpty(), "the vgpu-host scenario runs vGPUs");
        assertEquals(vgpus.size(), registry.find("vgpu.memory.used").gauges().size());
        assertEquals(vgpus.size() * GpuMeterBinder.VGPU_ENGINES.size(),
                registry.find("vgpu.utilization").gauges().size());
        VgpuInstance v = vgpus.get(0);
        Gauge fb = registry.get("vgpu.memory.used").tag("vgpu.id", Long.toString(v.id())).gauge();
        assertEquals(v.fbUsedBytes(), fb.value());
        assertEquals(v.vmId(), fb.getId().getTag("vm.id"));
        assertEquals(v.typeName(), fb.getId().getTag("vgpu.type"));
        assertEquals(v.smUtil() / 100, registry.get("vgpu.utilization")
                .tags("vgpu.id", Long.toString(v.id()), "vgpu.engine", "sm").gauge().value(), 1e-9);
    }

    @Test
    void gaugesReadTheNewestSnapshotWithoutReRegistering() {
        binder.update(reader.read());
        Gauge used = registry.get("gpu.memory.used").tag("gpu.index", "0").gauge();
        HostSnapshot next = reader.read();
        binder.update(next);

        assertEquals(next.gpus().get(0).memoryUsedBytes(), used.value());
        assertEquals(1, registry.find("gpu.memory.used").tag("gpu.index", "0").gauges().size());
        assertEquals(4 * 18, registry.getMeters().stream().filter(m -> m.getId().getTag("vgpu.id") == null).count(),
                "18 meters per GPU (13, gpu.errors, 4 process.gpu.utilization), none twice");
    }

    @Test
    void removesTheMetersOfAVgpuThatStoppedFromEveryRegistry() {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        binder.bindTo(second);
        HostSnapshot previous = reader.read();
        binder.update(previous);
        for (int i = 0; i < MAX_POLLS; i++) {
            HostSnapshot s = reader.read();
            binder.update(s);
            Set<Long> gone = ids(previous);
            gone.removeAll(ids(s));
            if (!gone.isEmpty()) {
                for (SimpleMeterRegistry r : List.of(registry, second)) {
                    assertEquals(0, countVgpuMeters(r, gone), "meters of stopped vGPUs " + gone);
                    assertEquals(ids(s).size() * 6, countVgpuMeters(r, ids(s)), "6 meters per running vGPU");
                }
                return;
            }
            previous = s;
        }
        throw new AssertionError("no vGPU stopped in " + MAX_POLLS + " polls");
    }

    @Test
    void registersMetersForAVgpuThatStarted() {
        HostSnapshot previous = reader.read();
        binder.update(previous);
        for (int i = 0; i < MAX_POLLS; i++) {
            HostSnapshot s = reader.read();
            binder.update(s);
            Set<Long> started = ids(s);
            started.removeAll(ids(previous));
            if (!started.isEmpty()) {
                assertEquals(started.size() * 6, countVgpuMeters(started));
                return;
            }
            previous = s;
        }
        throw new AssertionError("no vGPU started in " + MAX_POLLS + " polls");
    }

    @Test
    void aPollWithoutNvmlKeepsTheMetersAndTheyReadNaN() {
        HostSnapshot s = reader.read();
        binder.update(s);
        int meters = registry.getMeters().size();

        HostSnapshot noDriver;
        try (GpuReader other = Collector.openReader(CollectorOptions.defaults().withMock("no-driver"))) {
            noDriver = other.read();
        }
        assertEquals(HostStatus.NO_DRIVER, noDriver.status());
        binder.update(noDriver);

        assertEquals(meters, registry.getMeters().size());
        assertTrue(Double.isNaN(registry.get("gpu.memory.used").tag("gpu.index", "0").gauge().value()));
        assertTrue(Double.isNaN(registry.find("vgpu.memory.used").gauges().iterator().next().value()));
    }

    @Test
    void prometheusScrapeHasBaseUnitNamesAndLosesAStoppedVgpu() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        binder.bindTo(prometheus);
        HostSnapshot previous = reader.read();
        binder.update(previous);
        String text = prometheus.scrape();
        assertTrue(text.contains("# TYPE gpu_memory_used_bytes gauge"), text);
        assertTrue(text.contains("# TYPE gpu_power_usage_watts gauge"), text);
        assertTrue(text.contains("# TYPE gpu_temperature_celsius gauge"), text);
        assertTrue(text.contains("# TYPE gpu_clock_sm_hertz gauge"), text);
        assertTrue(text.contains("# TYPE vgpu_utilization gauge"), text);
        assertTrue(text.contains("vgpu_engine=\"encoder\""), text);
        String gpu0 = "gpu_memory_used_bytes{gpu_index=\"0\",gpu_name=\"" + previous.gpus().get(0).name()
                + "\",gpu_uuid=\"" + previous.gpus().get(0).uuid() + "\"} ";
        assertTrue(text.contains(gpu0), text);

        for (int i = 0; i < MAX_POLLS; i++) {
            HostSnapshot s = reader.read();
            binder.update(s);
            Set<Long> gone = ids(previous);
            gone.removeAll(ids(s));
            if (!gone.isEmpty()) {
                String after = prometheus.scrape();
                for (long id : gone) {
                    assertFalse(after.contains("vgpu_id=\"" + id + "\""), "vGPU " + id + " still scraped");
                }
                long running = ids(s).iterator().next();
                assertTrue(after.contains("vgpu_id=\"" + running + "\""));
                return;
            }
            previous = s;
        }
        throw new AssertionError("no vGPU stopped in " + MAX_POLLS + " polls");
    }

    @Test
    void ofPollerRegistersTheMetersOfThePollersSnapshots() {
        try (Poller poller = Collector.startPoller(
                CollectorOptions.defaults().withMock("vgpu-host").withInterval(Duration.ofMillis(10)));
             GpuMeterBinder polled = GpuMeterBinder.of(poller)) {
            SimpleMeterRegistry r = new SimpleMeterRegistry();
            polled.bindTo(r);
            HostSnapshot s = poller.awaitSequence(2, Duration.ofMinutes(1)).orElseThrow();
            // the subscriber runs after latest is published: one more poll makes sure it saw s
            poller.awaitSequence(s.sequence() + 1, Duration.ofMinutes(1)).orElseThrow();
            assertEquals(4, r.find("gpu.utilization").gauges().size());
            assertFalse(r.find("vgpu.memory.total").gauges().isEmpty());
        }
    }

    @Test
    void processGpuMemoryUsedIsThisProcesssMemoryOnEachGpuAndNaNWhenItsPidsCannotBeMatched() {
        HostSnapshot s;
        try (GpuReader bare = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            s = bare.read();
        }
        GpuInfo gpu = s.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        long pid = gpu.processes().get(0).pid();
        GpuMeterBinder found = new GpuMeterBinder(OwnProcess.of(pid, List.of(pid), p -> true));
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        found.bindTo(r);
        found.update(s);
        assertEquals(gpu.processes().get(0).usedMemoryBytes(),
                r.get("process.gpu.memory.used").tag("gpu.uuid", gpu.uuid()).gauge().value());
        GpuInfo other = s.gpus().stream().filter(g -> g.processes().stream().noneMatch(p -> p.pid() == pid))
                .findFirst().orElseThrow();
        assertEquals(0, r.get("process.gpu.memory.used").tag("gpu.uuid", other.uuid()).gauge().value());

        GpuMeterBinder foreign = new GpuMeterBinder(OwnProcess.of(1, List.of(1L), p -> false));
        SimpleMeterRegistry r2 = new SimpleMeterRegistry();
        foreign.bindTo(r2);
        foreign.update(s);
        assertTrue(Double.isNaN(r2.get("process.gpu.memory.used").tag("gpu.uuid", gpu.uuid()).gauge().value()));
    }

    @Test
    void gpuErrorsCountTheFailedCallsAboutEachGpu() {
        HostSnapshot r;
        try (GpuReader bare = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            r = bare.read();
        }
        HostSnapshot s = new HostSnapshot(r.hostName(), r.sequence(), r.time(), r.pollDuration(), r.status(),
                r.statusDetail(), r.driverVersion(), r.nvmlVersion(), r.cudaDriverVersion(), r.gpus(), r.errors(),
                List.of(new CallErrorTotal("nvmlDeviceGetFanSpeed", 999, 4, 1),
                        new CallErrorTotal("nvmlDeviceGetPowerUsage", 15, 2, 1),
                        new CallErrorTotal("nvmlSystemGetProcessName", 999, 5)),
                r.anomalyTotals());
        GpuMeterBinder binder = new GpuMeterBinder(OwnProcess.of(1, List.of(1L), p -> true));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        binder.bindTo(registry);
        binder.update(s);
        assertEquals(6, registry.get("gpu.errors").tag("gpu.uuid", s.gpus().get(1).uuid()).functionCounter().count());
        assertEquals(0, registry.get("gpu.errors").tag("gpu.uuid", s.gpus().get(0).uuid()).functionCounter().count(),
                "the host-level call is no GPU's");
    }

    @Test
    void processGpuUtilizationIsThisProcesssShareOfEachEngineAsARatio() {
        HostSnapshot s;
        try (GpuReader bare = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            bare.read();
            s = bare.read(); // the second: the simulation has sampled the processes
        }
        GpuInfo gpu = s.gpus().get(0);
        GpuProcess p = gpu.processes().get(0);
        GpuMeterBinder binder = new GpuMeterBinder(OwnProcess.of(p.pid(), List.of(p.pid()), x -> true));
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        binder.bindTo(r);
        binder.update(s);
        assertEquals(p.smUtil() / 100, r.get("process.gpu.utilization").tag("gpu.uuid", gpu.uuid())
                .tag("gpu.engine", "sm").gauge().value(), 1e-9);
        assertEquals(p.memUtil() / 100, r.get("process.gpu.utilization").tag("gpu.uuid", gpu.uuid())
                .tag("gpu.engine", "memory").gauge().value(), 1e-9);
        assertEquals(4 * s.gpus().size(), r.find("process.gpu.utilization").gauges().size(),
                "sm, memory, encoder, decoder per GPU");
    }

    private static List<VgpuInstance> vgpus(HostSnapshot s) {
        return s.gpus().stream().flatMap(g -> g.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of()).stream())
                .toList();
    }

    private static Set<Long> ids(HostSnapshot s) {
        return vgpus(s).stream().map(VgpuInstance::id).collect(Collectors.toSet());
    }

    private long countVgpuMeters(Set<Long> ids) {
        return countVgpuMeters(registry, ids);
    }

    private static long countVgpuMeters(SimpleMeterRegistry r, Set<Long> ids) {
        Predicate<Meter> match = m -> {
            String id = m.getId().getTag("vgpu.id");
            return id != null && ids.contains(Long.parseLong(id));
        };
        return r.getMeters().stream().filter(match).count();
    }
}
