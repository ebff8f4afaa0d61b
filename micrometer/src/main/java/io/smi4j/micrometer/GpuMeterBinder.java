package io.smi4j.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.smi4j.collect.OwnProcess;
import io.smi4j.collect.Poller;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.ProcessGpuUse;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Micrometer gauges for every GPU and vGPU of the latest {@link HostSnapshot}.
 *
 * <p>Gauges only read the snapshot last handed to {@link #update(HostSnapshot)} (a {@link Poller}
 * does that through {@link #of(Poller)}), so a scrape never calls NVML. Each snapshot also brings the
 * meters in line with the host: meters for GPUs and vGPUs that appeared are registered, those of vGPUs
 * that went away are removed from every registry this binder is bound to. A snapshot in which NVML
 * could not be used (a {@link HostStatus} other than OK and no GPUs) changes no meters: the GPUs are
 * still there, only their values are not known, so the gauges read NaN until NVML answers again. A GPU
 * without a UUID (one NVML could not identify) gets no meters: it would have nothing to be told apart by.
 *
 * <p>Names follow Micrometer's conventions: dotted, base units ({@code bytes}, {@code watts},
 * {@code hertz}, {@code celsius}), ratios from 0 to 1 without a unit. "Not available" in the model
 * (NaN measurements, -1 sizes) is NaN here.
 */
public final class GpuMeterBinder implements MeterBinder, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GpuMeterBinder.class.getName());

    /** The vGPU engines {@code vgpu.utilization} is tagged with, in the order they are registered. */
    static final List<String> VGPU_ENGINES = List.of("sm", "memory", "encoder", "decoder");

    /** The engines {@code process.gpu.utilization} is tagged with ({@code gpu.engine}). */
    static final List<ProcessGpuUse.Engine> PROCESS_ENGINES = List.of(ProcessGpuUse.Engine.SM,
            ProcessGpuUse.Engine.MEMORY, ProcessGpuUse.Engine.ENCODER, ProcessGpuUse.Engine.DECODER);

    /** A GPU or vGPU: its meters are added and removed together, keyed by all their tags. */
    private record Entity(boolean vgpu, Tags tags, String uuid, long vgpuId) {
    }

    /** The latest snapshot, indexed for the gauges: by GPU UUID and by vGPU instance id, and this JVM's use. */
    private record Index(Map<String, GpuInfo> gpus, Map<Long, VgpuInstance> vgpus, Optional<ProcessGpuUse> self,
            Map<Integer, Long> errors) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), Optional.empty(), Map.of());

        static Index of(HostSnapshot snapshot, OwnProcess own) {
            Map<String, GpuInfo> gpus = new HashMap<>();
            Map<Long, VgpuInstance> vgpus = new HashMap<>();
            for (GpuInfo gpu : snapshot.gpus()) {
                gpus.put(gpu.uuid(), gpu);
                gpu.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of()).forEach(v -> vgpus.put(v.id(), v));
            }
            Map<Integer, Long> errors = new HashMap<>();
            for (CallErrorTotal t : snapshot.errorTotals()) {
                errors.merge(t.gpuIndex(), t.total(), Long::sum);
            }
            return new Index(gpus, vgpus, Optional.of(own.use(snapshot)), errors);
        }
    }

    private final OwnProcess own;
    private volatile Index index = Index.EMPTY;
    /** The entities of the last usable snapshot, in host order. */
    private Set<Entity> entities = new LinkedHashSet<>();
    private final Map<MeterRegistry, Map<Entity, List<Meter>>> registered = new IdentityHashMap<>();
    private AutoCloseable subscription = () -> { };

    /** A binder without snapshots yet: meters appear with the first {@link #update(HostSnapshot)}. */
    public GpuMeterBinder() {
        this(OwnProcess.current());
    }

    /** A binder whose {@code process.gpu.memory.used} is {@code own}'s (tests; a tool watching another process). */
    public GpuMeterBinder(OwnProcess own) {
        this.own = own;
    }

    /**
     * A binder fed by {@code poller}: its latest snapshot now, when there is one, and every later one.
     * {@link #close()} unsubscribes.
     */
    public static GpuMeterBinder of(Poller poller) {
        GpuMeterBinder binder = new GpuMeterBinder();
        poller.latest().ifPresent(binder::update);
        binder.subscription = poller.subscribe(binder::update);
        return binder;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registered.computeIfAbsent(registry, r -> new HashMap<>());
        sync(registry);
    }

    /** Makes {@code snapshot} the one the gauges read, and adds and removes meters to match it. */
    public synchronized void update(HostSnapshot snapshot) {
        index = Index.of(snapshot, own);
        if (snapshot.status() != HostStatus.OK && snapshot.gpus().isEmpty()) {
            return;
        }
        Set<Entity> now = new LinkedHashSet<>();
        for (GpuInfo gpu : snapshot.gpus()) {
            if (gpu.uuid().isEmpty()) {
                continue;
            }
            now.add(gpuEntity(gpu));
            for (VgpuInstance v : gpu.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of())) {
                now.add(vgpuEntity(gpu, v));
            }
        }
        entities = now;
        for (MeterRegistry registry : registered.keySet()) {
            sync(registry);
        }
    }

    /** Stops following the poller; the meters stay registered (remove them with the registry). */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "unsubscribing from the poller failed", e);
        }
    }

    private void sync(MeterRegistry registry) {
        Map<Entity, List<Meter>> meters = registered.get(registry);
        meters.entrySet().removeIf(e -> {
            if (entities.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (Entity entity : entities) {
            meters.computeIfAbsent(entity, e -> e.vgpu() ? registerVgpu(registry, e) : registerGpu(registry, e));
        }
    }

    private static Entity gpuEntity(GpuInfo gpu) {
        return new Entity(false, Tags.of("gpu.index", Integer.toString(gpu.index()), "gpu.uuid", gpu.uuid(),
                "gpu.name", gpu.name()), gpu.uuid(), -1);
    }

    private static Entity vgpuEntity(GpuInfo gpu, VgpuInstance v) {
        return new Entity(true, Tags.of("gpu.index", Integer.toString(gpu.index()), "gpu.uuid", gpu.uuid(),
                "vgpu.id", Long.toString(v.id()), "vgpu.uuid", v.uuid(), "vgpu.type", v.typeName(),
                "vm.id", v.vmId()), gpu.uuid(), v.id());
    }

    private List<Meter> registerGpu(MeterRegistry registry, Entity e) {
        List<Meter> m = new ArrayList<>();
        m.add(gpuGauge(registry, e, "gpu.utilization", null,
                "Fraction of the last sample period a kernel ran on the GPU (0 to 1)",
                g -> ratio(g.utilizationGpuPercent())));
        m.add(gpuGauge(registry, e, "gpu.memory.utilization", null,
                "Fraction of the last sample period GPU memory was read or written (0 to 1)",
                g -> ratio(g.utilizationMemoryPercent())));
        m.add(gpuGauge(registry, e, "gpu.memory.used", BaseUnits.BYTES, "GPU memory in use",
                g -> orNaN(g.memoryUsedBytes())));
        m.add(gpuGauge(registry, e, "gpu.memory.free", BaseUnits.BYTES, "GPU memory free",
                g -> orNaN(g.memoryFreeBytes())));
        m.add(gpuGauge(registry, e, "gpu.memory.total", BaseUnits.BYTES, "GPU memory installed",
                g -> orNaN(g.memoryTotalBytes())));
        m.add(gpuGauge(registry, e, "gpu.temperature", "celsius", "GPU core temperature",
                GpuInfo::temperatureCelsius));
        m.add(gpuGauge(registry, e, "gpu.power.usage", "watts", "Power drawn by the GPU board",
                GpuInfo::powerUsageWatts));
        m.add(gpuGauge(registry, e, "gpu.power.limit", "watts", "Power limit the driver enforces",
                GpuInfo::powerLimitWatts));
        m.add(gpuGauge(registry, e, "gpu.clock.sm", "hertz", "Streaming multiprocessor clock",
                g -> orNaN(g.clocks().smHertz())));
        m.add(gpuGauge(registry, e, "gpu.clock.memory", "hertz", "Memory clock",
                g -> orNaN(g.clocks().memoryHertz())));
        m.add(gpuGauge(registry, e, "gpu.fan.speed", null, "Fan speed as a fraction of its maximum (0 to 1)",
                g -> ratio(g.fanSpeedPercent())));
        m.add(gpuGauge(registry, e, "gpu.processes", "processes", "Compute and graphics processes on the GPU",
                g -> g.processes().size()));
        m.add(FunctionCounter.builder("gpu.errors", this,
                        b -> b.gpu(e, g -> b.index.errors().getOrDefault(g.index(), 0L)))
                .tags(e.tags()).baseUnit("errors")
                .description("NVML calls about the GPU that failed since the collector started (all return codes)")
                .register(registry)); // weakly held: this binder's gauges hold it strongly
        // Micrometer's process.* meters describe this JVM; NaN when NVML's PIDs cannot be matched to it.
        m.add(Gauge.builder("process.gpu.memory.used", this,
                        b -> b.index.self().map(u -> orNaN(u.memoryUsedBytesOn(e.uuid()))).orElse(Double.NaN))
                .tags(e.tags()).baseUnit(BaseUnits.BYTES)
                .description("GPU memory this JVM and its child processes use on the GPU")
                .strongReference(true).register(registry));
        for (ProcessGpuUse.Engine engine : PROCESS_ENGINES) {
            m.add(Gauge.builder("process.gpu.utilization", this,
                            b -> b.index.self().map(u -> ratio(u.utilizationOn(e.uuid(), engine))).orElse(Double.NaN))
                    .tags(e.tags()).tag("gpu.engine", engine.label())
                    .description("Fraction of the GPU's engine this JVM and its child processes used in their newest "
                            + "samples (0 to 1)")
                    .strongReference(true).register(registry));
        }
        return m;
    }

    private List<Meter> registerVgpu(MeterRegistry registry, Entity e) {
        List<Meter> m = new ArrayList<>();
        List<ToDoubleFunction<VgpuInstance>> engines = List.of(
                VgpuInstance::smUtil, VgpuInstance::memUtil, VgpuInstance::encUtil, VgpuInstance::decUtil);
        for (int i = 0; i < VGPU_ENGINES.size(); i++) {
            ToDoubleFunction<VgpuInstance> percent = engines.get(i);
            m.add(Gauge.builder("vgpu.utilization", this, b -> b.vgpu(e, v -> ratio(percent.applyAsDouble(v))))
                    .tags(e.tags()).tag("vgpu.engine", VGPU_ENGINES.get(i))
                    .description("Fraction of the last sample period the vGPU used the engine (0 to 1)")
                    .strongReference(true).register(registry));
        }
        m.add(Gauge.builder("vgpu.memory.used", this, b -> b.vgpu(e, v -> orNaN(v.fbUsedBytes())))
                .tags(e.tags()).baseUnit(BaseUnits.BYTES).description("Framebuffer the vGPU uses")
                .strongReference(true).register(registry));
        m.add(Gauge.builder("vgpu.memory.total", this, b -> b.vgpu(e, v -> orNaN(v.fbTotalBytes())))
                .tags(e.tags()).baseUnit(BaseUnits.BYTES).description("Framebuffer of the vGPU's type")
                .strongReference(true).register(registry));
        return m;
    }

    private Meter gpuGauge(MeterRegistry registry, Entity e, String name, String unit, String description,
                           ToDoubleFunction<GpuInfo> value) {
        // strongReference: the registry may be the only holder of a binder built inline in a @Bean method.
        return Gauge.builder(name, this, b -> b.gpu(e, value))
                .tags(e.tags()).baseUnit(unit).description(description).strongReference(true).register(registry);
    }

    private double gpu(Entity e, ToDoubleFunction<GpuInfo> value) {
        GpuInfo gpu = index.gpus().get(e.uuid());
        return gpu == null ? Double.NaN : value.applyAsDouble(gpu);
    }

    private double vgpu(Entity e, ToDoubleFunction<VgpuInstance> value) {
        VgpuInstance v = index.vgpus().get(e.vgpuId());
        return v == null ? Double.NaN : value.applyAsDouble(v);
    }

    private static double ratio(double percent) {
        return percent / 100.0; // NaN stays NaN
    }

    /** Sizes, counts and frequencies: -1 is "not available" in the model. */
    private static double orNaN(long value) {
        return value < 0 ? Double.NaN : value;
    }
}
