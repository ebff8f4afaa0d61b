package io.smi4j.report;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
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

    /** One GPU's capacity: the JSON form. */
    public record GpuCapacity(int gpuIndex, String gpuUuid, String gpuName, Toggle heterogeneousMode,
            List<VgpuTypeInfo> types) {
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
            out.add(new GpuCapacity(g.index(), g.uuid(), g.name(), h.heterogeneousMode(), h.types()));
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
        }
        return out.toString();
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

    /** The {@code allsmi_vgpu_type_*} families of {@code gpus}, as {@code /metrics} serves them. */
    public static String prometheus(HostSnapshot snapshot, List<GpuInfo> gpus) {
        return PrometheusText.renderVgpuTypes(snapshot, snapshot.hostName(), gpus.stream().map(GpuInfo::index).toList());
    }
}
