package io.smi4j.report;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.prometheus.PrometheusText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * vGPU capacity of a host's vGPU-host GPUs, per GPU and type: supported, running, creatable now, how many more and
 * where (the free placement ids): what a placement engine asks a hypervisor. As a table, JSON or Prometheus text.
 */
public final class CapacityReport {

    /** The JSON document's schema name and version. */
    public static final String SCHEMA = "smi4j.vgpu-capacity/1";

    /**
     * One GPU's capacity: the JSON form. {@code gpuInstances}: in MIG mode (MIG-backed vGPU, R575 and later) each GPU
     * instance's own capacity, where the vGPUs of MIG-backed types are created; empty otherwise.
     */
    public record GpuCapacity(int gpuIndex, String gpuUuid, String gpuName, Toggle heterogeneousMode,
            List<VgpuTypeInfo> types, List<GpuInstanceCapacity> gpuInstances) {
    }

    /** One GPU instance's capacity (MIG-backed vGPU): its vGPUs and, per type, how many more fit and where. */
    public record GpuInstanceCapacity(long gpuInstanceId, long gpuInstanceProfileId, Toggle heterogeneousMode,
            List<Long> vgpuIds, List<GpuInstanceVgpuType> types) {
    }

    /** The host's capacity: the JSON form. */
    public record HostCapacity(String host, List<GpuCapacity> gpus) {
    }

    private CapacityReport() {
    }

    /** The capacity of {@code gpus} (vGPU-host GPUs of {@code snapshot}). */
    public static HostCapacity of(HostSnapshot snapshot, List<GpuInfo> gpus) {
        List<GpuCapacity> out = new ArrayList<>(gpus.size());
        for (GpuInfo g : gpus) {
            VgpuHostInfo h = g.vgpuHost().orElseThrow();
            List<GpuInstanceCapacity> instances = new ArrayList<>();
            for (GpuInstanceVgpus gi : h.migBackedVgpu().map(MigBackedVgpu::gpuInstances).orElse(List.of())) {
                instances.add(new GpuInstanceCapacity(gi.gpuInstanceId(), gi.gpuInstanceProfileId(),
                        gi.heterogeneousMode(), gi.vgpuIds(), gi.types()));
            }
            out.add(new GpuCapacity(g.index(), g.uuid(), g.name(), h.heterogeneousMode(), h.types(), instances));
        }
        return new HostCapacity(snapshot.hostName(), out);
    }

    /** A table per GPU: one line per type. */
    public static String text(HostCapacity capacity) {
        StringBuilder out = new StringBuilder(4096);
        for (GpuCapacity g : capacity.gpus()) {
            out.append("GPU ").append(g.gpuIndex()).append("  ").append(g.gpuName()).append("  ").append(g.gpuUuid())
                    .append("  heterogeneous mode ").append(Format.toggle(g.heterogeneousMode())).append('\n');
            int width = "TYPE".length();
            for (VgpuTypeInfo t : g.types()) {
                width = Math.max(width, t.name().length());
            }
            String row = "    %-" + width + "s %6s %10s %4s %8s %10s %7s  %s%n";
            out.append(String.format(java.util.Locale.ROOT, row, "TYPE", "ID", "FRAMEBUF", "MAX", "RUNNING",
                    "CAN CREATE", "PER VM", "FREE PLACEMENTS"));
            for (VgpuTypeInfo t : g.types()) {
                out.append(String.format(java.util.Locale.ROOT, row, t.name(), t.typeId(),
                        Format.bytes(t.framebufferBytes()), Format.number(t.maxInstances()), t.running(),
                        Format.number(t.creatableCapacity()), Format.number(t.maxInstancesPerVm()), placements(g, t)));
            }
            for (GpuInstanceCapacity gi : g.gpuInstances()) {
                gpuInstance(out, gi);
            }
        }
        return out.toString();
    }

    /** A GPU instance's table (MIG-backed vGPU): one line per type of its profile. */
    private static void gpuInstance(StringBuilder out, GpuInstanceCapacity gi) {
        out.append("  GPU instance ").append(gi.gpuInstanceId()).append("  profile ")
                .append(Format.number(gi.gpuInstanceProfileId())).append("  heterogeneous mode ")
                .append(Format.toggle(gi.heterogeneousMode())).append("  vGPUs ").append(gi.vgpuIds().size())
                .append('\n');
        int width = "TYPE".length();
        for (GpuInstanceVgpuType t : gi.types()) {
            width = Math.max(width, t.name().length());
        }
        String row = "    %-" + width + "s %6s %8s %8s %10s  %s%n";
        out.append(String.format(java.util.Locale.ROOT, row, "TYPE", "ID", "MAX/GI", "RUNNING", "CAN CREATE",
                "FREE PLACEMENTS"));
        for (GpuInstanceVgpuType t : gi.types()) {
            out.append(String.format(java.util.Locale.ROOT, row, t.name(), t.typeId(),
                    Format.number(t.maxInstancesPerGpuInstance()), t.running(), Format.number(t.creatableCapacity()),
                    t.placementSize() < 0 ? Format.NA : t.creatablePlacementIds().isEmpty() ? "none"
                            : t.creatablePlacementIds().stream().map(String::valueOf)
                                    .collect(Collectors.joining(","))));
        }
    }

    /** The creatable placement ids, or "-" where NVML does not give them (outside heterogeneous mode, before R550). */
    private static String placements(GpuCapacity g, VgpuTypeInfo t) {
        if (g.heterogeneousMode() != Toggle.ON || t.placementSize() < 0) {
            return Format.NA;
        }
        return t.creatablePlacementIds().isEmpty() ? "none"
                : t.creatablePlacementIds().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The JSON document: {@code schema}, {@code host}, {@code gpus} (see {@link Json} for the mapping). */
    public static String json(HostCapacity capacity) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("schema", SCHEMA);
        return Json.write(capacity, head, true);
    }

    /**
     * The {@code allsmi_vgpu_type_*} families of {@code gpus} and, MIG-backed, their GPU instances'
     * {@code allsmi_vgpu_gpu_instance_type_*} families, as {@code /metrics} serves them.
     */
    public static String prometheus(HostSnapshot snapshot, List<GpuInfo> gpus) {
        return PrometheusText.renderVgpuTypes(snapshot, snapshot.hostName(), gpus.stream().map(GpuInfo::index).toList());
    }
}
