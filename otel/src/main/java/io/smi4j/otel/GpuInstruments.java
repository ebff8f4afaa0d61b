package io.smi4j.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.smi4j.collect.OwnProcess;
import io.smi4j.collect.Poller;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.ProcessGpuUse;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenTelemetry observable instruments for the GPUs, vGPUs and MIG devices of the latest {@link HostSnapshot}.
 *
 * <p>The GPU metrics follow OpenTelemetry's hardware semantic conventions ({@code hw.gpu.utilization} with
 * {@code hw.gpu.task}, {@code hw.gpu.memory.usage}, {@code hw.gpu.memory.limit},
 * {@code hw.gpu.memory.utilization}, {@code hw.status}, with {@code hw.id}, {@code hw.name},
 * {@code hw.vendor}, {@code hw.model}, {@code hw.driver_version}). vGPUs and MIG devices have smi4j's own
 * {@code smi4j.vgpu.*} and {@code smi4j.mig.*} metrics with the same attributes and {@code hw.parent} naming
 * the physical GPU. One batch callback reads the latest snapshot when the SDK collects: it never calls NVML.
 * A value that is not available in the model is not observed (no NaN, no -1), so its series is absent from
 * that collection, as in smi4j's Prometheus families; a vGPU that stopped is simply no longer observed.
 */
public final class GpuInstruments implements AutoCloseable {

    /** The instrumentation scope. */
    public static final String SCOPE = "io.smi4j";

    static final AttributeKey<String> HW_ID = AttributeKey.stringKey("hw.id");
    static final AttributeKey<String> HW_NAME = AttributeKey.stringKey("hw.name");
    static final AttributeKey<String> HW_TYPE = AttributeKey.stringKey("hw.type");
    static final AttributeKey<String> HW_VENDOR = AttributeKey.stringKey("hw.vendor");
    static final AttributeKey<String> HW_MODEL = AttributeKey.stringKey("hw.model");
    static final AttributeKey<String> HW_DRIVER_VERSION = AttributeKey.stringKey("hw.driver_version");
    static final AttributeKey<String> HW_PARENT = AttributeKey.stringKey("hw.parent");
    static final AttributeKey<String> HW_STATE = AttributeKey.stringKey("hw.state");
    static final AttributeKey<String> HW_GPU_TASK = AttributeKey.stringKey("hw.gpu.task");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> NVML_FUNCTION = AttributeKey.stringKey("smi4j.nvml.function");
    static final AttributeKey<String> VGPU_ID = AttributeKey.stringKey("smi4j.vgpu.id");
    static final AttributeKey<String> VGPU_TYPE = AttributeKey.stringKey("smi4j.vgpu.type");
    static final AttributeKey<String> VM_ID = AttributeKey.stringKey("smi4j.vm.id");

    private static final String VENDOR = "NVIDIA";

    private final Supplier<Optional<HostSnapshot>> latest;
    private final ObservableDoubleMeasurement gpuUtilization;
    private final ObservableDoubleMeasurement gpuMemoryUtilization;
    private final ObservableLongMeasurement gpuMemoryUsage;
    private final ObservableLongMeasurement gpuMemoryLimit;
    private final ObservableLongMeasurement status;
    private final ObservableLongMeasurement nvmlErrors;
    private final ObservableLongMeasurement hwErrors;
    private final ObservableDoubleMeasurement vgpuUtilization;
    private final ObservableDoubleMeasurement vgpuMemoryUtilization;
    private final ObservableLongMeasurement vgpuMemoryUsage;
    private final ObservableLongMeasurement vgpuMemoryLimit;
    private final ObservableLongMeasurement migMemoryUsage;
    private final ObservableLongMeasurement migMemoryLimit;
    private final ObservableLongMeasurement processMemoryUsage;
    private final ObservableDoubleMeasurement processUtilization;
    private final OwnProcess own;
    private final BatchCallback callback;

    private GpuInstruments(OpenTelemetry openTelemetry, Supplier<Optional<HostSnapshot>> latest, OwnProcess own) {
        this.latest = Objects.requireNonNull(latest, "latest");
        this.own = Objects.requireNonNull(own, "own");
        Meter meter = openTelemetry.getMeterProvider().meterBuilder(SCOPE).build();
        gpuUtilization = meter.gaugeBuilder("hw.gpu.utilization").setUnit("1")
                .setDescription("Fraction of time spent in a specific task").buildObserver();
        gpuMemoryUtilization = meter.gaugeBuilder("hw.gpu.memory.utilization").setUnit("1")
                .setDescription("Fraction of GPU memory used").buildObserver();
        gpuMemoryUsage = meter.upDownCounterBuilder("hw.gpu.memory.usage").setUnit("By")
                .setDescription("GPU memory used").buildObserver();
        gpuMemoryLimit = meter.upDownCounterBuilder("hw.gpu.memory.limit").setUnit("By")
                .setDescription("Size of the GPU memory").buildObserver();
        status = meter.upDownCounterBuilder("hw.status").setUnit("1")
                .setDescription("Operational status: 1 (true) or 0 (false) for each of the possible states")
                .buildObserver();
        nvmlErrors = meter.counterBuilder("smi4j.nvml.errors").setUnit("{error}")
                .setDescription("NVML calls that failed since the collector started").buildObserver();
        hwErrors = meter.counterBuilder("hw.errors").setUnit("{error}")
                .setDescription("Number of errors encountered by the component").buildObserver();
        vgpuUtilization = meter.gaugeBuilder("smi4j.vgpu.utilization").setUnit("1")
                .setDescription("Fraction of time the vGPU spent in a specific task").buildObserver();
        vgpuMemoryUtilization = meter.gaugeBuilder("smi4j.vgpu.memory.utilization").setUnit("1")
                .setDescription("Fraction of the vGPU's framebuffer used").buildObserver();
        vgpuMemoryUsage = meter.upDownCounterBuilder("smi4j.vgpu.memory.usage").setUnit("By")
                .setDescription("Framebuffer the vGPU uses").buildObserver();
        vgpuMemoryLimit = meter.upDownCounterBuilder("smi4j.vgpu.memory.limit").setUnit("By")
                .setDescription("Framebuffer of the vGPU's type").buildObserver();
        migMemoryUsage = meter.upDownCounterBuilder("smi4j.mig.memory.usage").setUnit("By")
                .setDescription("Memory the MIG device uses").buildObserver();
        migMemoryLimit = meter.upDownCounterBuilder("smi4j.mig.memory.limit").setUnit("By")
                .setDescription("Memory of the MIG device").buildObserver();
        processMemoryUsage = meter.upDownCounterBuilder("smi4j.process.gpu.memory.usage").setUnit("By")
                .setDescription("GPU memory this process and its children use on the GPU").buildObserver();
        processUtilization = meter.gaugeBuilder("smi4j.process.gpu.utilization").setUnit("1")
                .setDescription("Fraction of time this process and its children kept the GPU busy in a specific task")
                .buildObserver();
        callback = meter.batchCallback(this::observe, gpuUtilization, gpuMemoryUtilization, gpuMemoryUsage,
                gpuMemoryLimit, status, nvmlErrors, hwErrors, vgpuUtilization, vgpuMemoryUtilization, vgpuMemoryUsage,
                vgpuMemoryLimit, migMemoryUsage, migMemoryLimit, processMemoryUsage, processUtilization);
    }

    /**
     * Registers the instruments with {@code openTelemetry}'s meter provider; they observe whatever
     * {@code latest} returns at each collection (nothing while it is empty).
     */
    public static GpuInstruments register(OpenTelemetry openTelemetry, Supplier<Optional<HostSnapshot>> latest) {
        return register(openTelemetry, latest, OwnProcess.current());
    }

    /** As {@link #register(OpenTelemetry, Supplier)}, with {@code smi4j.process.*} describing {@code own}. */
    public static GpuInstruments register(OpenTelemetry openTelemetry, Supplier<Optional<HostSnapshot>> latest,
                                          OwnProcess own) {
        return new GpuInstruments(openTelemetry, latest, own);
    }

    /** Registers the instruments over {@code poller}'s latest snapshot. */
    public static GpuInstruments register(OpenTelemetry openTelemetry, Poller poller) {
        return register(openTelemetry, poller::latest);
    }

    /** Unregisters the callback: the instruments observe nothing from then on. */
    @Override
    public void close() {
        callback.close();
    }

    private void observe() {
        Optional<HostSnapshot> snapshot = latest.get();
        if (snapshot.isEmpty()) {
            return;
        }
        HostSnapshot s = snapshot.get();
        ProcessGpuUse self = own.use(s);
        // smi4j.nvml.errors per function and code (all GPUs together); hw.errors per GPU and code
        Map<Attributes, Long> byFunction = new LinkedHashMap<>();
        Map<Integer, Map<String, Long>> byGpu = new HashMap<>();
        for (CallErrorTotal e : s.errorTotals()) {
            byFunction.merge(Attributes.of(NVML_FUNCTION, e.call(), ERROR_TYPE, e.result().name()), e.total(),
                    Long::sum);
            if (e.gpuIndex() >= 0) {
                byGpu.computeIfAbsent(e.gpuIndex(), k -> new LinkedHashMap<>()).merge(e.result().name(), e.total(),
                        Long::sum);
            }
        }
        byFunction.forEach((attrs, total) -> nvmlErrors.record(total, attrs));
        for (GpuInfo gpu : s.gpus()) {
            if (gpu.uuid().isEmpty()) {
                continue; // not identified: nothing to tell it apart by
            }
            observeGpu(s, gpu);
            byGpu.getOrDefault(gpu.index(), Map.of()).forEach((type, total) -> hwErrors.record(total,
                    Attributes.of(HW_ID, gpu.uuid(), HW_TYPE, "gpu", ERROR_TYPE, type)));
            long mine = self.memoryUsedBytesOn(gpu.uuid());
            Attributes attrs = gpuAttributes(s, gpu).build();
            if (mine >= 0) { // -1: NVML's PIDs cannot be matched to this process, its use is not known
                processMemoryUsage.record(mine, attrs);
            }
            // the convention's tasks: SM time is "general"; NaN (unknown, no current sample) is not observed
            percent(processUtilization, self.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.SM),
                    attrs.toBuilder().put(HW_GPU_TASK, "general").build());
            percent(processUtilization, self.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.ENCODER),
                    attrs.toBuilder().put(HW_GPU_TASK, "encoder").build());
            percent(processUtilization, self.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.DECODER),
                    attrs.toBuilder().put(HW_GPU_TASK, "decoder").build());
        }
    }

    private void observeGpu(HostSnapshot s, GpuInfo gpu) {
        Attributes attrs = gpuAttributes(s, gpu).build();
        percent(gpuUtilization, gpu.utilizationGpuPercent(), attrs.toBuilder().put(HW_GPU_TASK, "general").build());
        if (gpu.memoryUsedBytes() >= 0) {
            gpuMemoryUsage.record(gpu.memoryUsedBytes(), attrs);
        }
        if (gpu.memoryTotalBytes() >= 0) {
            gpuMemoryLimit.record(gpu.memoryTotalBytes(), attrs);
        }
        // The convention's memory utilization is the used fraction, not NVML's "time memory was busy".
        if (gpu.memoryUsedBytes() >= 0 && gpu.memoryTotalBytes() > 0) {
            gpuMemoryUtilization.record((double) gpu.memoryUsedBytes() / gpu.memoryTotalBytes(), attrs);
        }
        // The GPU's health as the convention's states (a lost GPU has failed); the other states are reported
        // as 0, as the convention asks, so that a dashboard sums over hw.state.
        String now = switch (gpu.health().state()) {
            case OK -> "ok";
            case DEGRADED -> "degraded";
            case LOST, UNAVAILABLE -> "failed";
        };
        for (String state : List.of("ok", "degraded", "failed")) {
            status.record(state.equals(now) ? 1 : 0, attrs.toBuilder().put(HW_STATE, state).build());
        }
        for (VgpuInstance v : gpu.vgpuHost().map(VgpuHostInfo::vgpus).orElse(List.of())) {
            observeVgpu(s, gpu, v);
        }
        for (MigInstance mig : gpu.migInstances()) {
            Attributes m = Attributes.builder().put(HW_ID, mig.uuid()).put(HW_TYPE, "gpu").put(HW_NAME, mig.name())
                    .put(HW_VENDOR, VENDOR).put(HW_MODEL, mig.name()).put(HW_PARENT, gpu.uuid())
                    .put(HW_DRIVER_VERSION, s.driverVersion()).build();
            if (mig.memoryUsedBytes() >= 0) {
                migMemoryUsage.record(mig.memoryUsedBytes(), m);
            }
            if (mig.memoryTotalBytes() >= 0) {
                migMemoryLimit.record(mig.memoryTotalBytes(), m);
            }
        }
    }

    private void observeVgpu(HostSnapshot s, GpuInfo gpu, VgpuInstance v) {
        String id = Long.toString(v.id());
        Attributes attrs = Attributes.builder()
                .put(HW_ID, v.uuid().isEmpty() ? "vgpu-" + id : v.uuid())
                .put(HW_TYPE, "gpu").put(HW_NAME, "vGPU " + id).put(HW_VENDOR, VENDOR).put(HW_MODEL, v.typeName())
                .put(HW_PARENT, gpu.uuid()).put(HW_DRIVER_VERSION, s.driverVersion())
                .put(VGPU_ID, id).put(VGPU_TYPE, v.typeName()).put(VM_ID, v.vmId()).build();
        percent(vgpuUtilization, v.smUtil(), attrs.toBuilder().put(HW_GPU_TASK, "general").build());
        percent(vgpuUtilization, v.encUtil(), attrs.toBuilder().put(HW_GPU_TASK, "encoder").build());
        percent(vgpuUtilization, v.decUtil(), attrs.toBuilder().put(HW_GPU_TASK, "decoder").build());
        if (v.fbUsedBytes() >= 0 && v.fbTotalBytes() > 0) {
            vgpuMemoryUtilization.record((double) v.fbUsedBytes() / v.fbTotalBytes(), attrs);
        }
        if (v.fbUsedBytes() >= 0) {
            vgpuMemoryUsage.record(v.fbUsedBytes(), attrs);
        }
        if (v.fbTotalBytes() >= 0) {
            vgpuMemoryLimit.record(v.fbTotalBytes(), attrs);
        }
    }

    private static AttributesBuilder gpuAttributes(HostSnapshot s, GpuInfo gpu) {
        return Attributes.builder().put(HW_ID, gpu.uuid()).put(HW_TYPE, "gpu").put(HW_NAME, "GPU " + gpu.index())
                .put(HW_VENDOR, VENDOR).put(HW_MODEL, gpu.name()).put(HW_DRIVER_VERSION, s.driverVersion());
    }

    private static void percent(ObservableDoubleMeasurement m, double percent, Attributes attrs) {
        if (!Double.isNaN(percent)) {
            m.record(percent / 100.0, attrs);
        }
    }
}
