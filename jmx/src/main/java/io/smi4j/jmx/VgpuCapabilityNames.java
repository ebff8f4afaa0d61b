package io.smi4j.jmx;

import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuDriverCapabilities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The yes/no vGPU capabilities by the {@code capability} label of {@code allsmi_vgpu_capability} and
 * {@code allsmi_vgpu_driver_capability}: NVML's {@code NVML_DEVICE_VGPU_CAP_} and {@code NVML_VGPU_DRIVER_CAP_} names in
 * lower case (the two bandwidths are families of their own, in bytes per second).
 */
final class VgpuCapabilityNames {

    static final List<String> DEVICE = List.of("fractional_multi_vgpu", "heterogeneous_timeslice_profiles",
            "heterogeneous_timeslice_sizes", "device_streaming", "mini_quarter_gpu", "compute_media_engine_gpu",
            "warm_update", "homogeneous_placements", "mig_timeslicing_supported", "mig_timeslicing_enabled");

    static final List<String> DRIVER = List.of("heterogeneous_multi_vgpu", "warm_update");

    private VgpuCapabilityNames() {
    }

    /** {@code c}'s yes/no capabilities by label, in {@link #DEVICE}'s order. */
    static Map<String, Toggle> of(VgpuCapabilities c) {
        List<Toggle> values = List.of(c.fractionalMultiVgpu(), c.heterogeneousTimesliceProfiles(),
                c.heterogeneousTimesliceSizes(), c.deviceStreaming(), c.miniQuarterGpu(), c.computeMediaEngineGpu(),
                c.warmUpdate(), c.homogeneousPlacements(), c.migTimeslicingSupported(), c.migTimeslicingEnabled());
        return zip(DEVICE, values);
    }

    /** {@code c}'s capabilities by label, in {@link #DRIVER}'s order. */
    static Map<String, Toggle> of(VgpuDriverCapabilities c) {
        return zip(DRIVER, List.of(c.heterogeneousMultiVgpu(), c.warmUpdate()));
    }

    /** {@code capabilities} as the MXBeans show them: ON, OFF or UNKNOWN by label. */
    static Map<String, String> states(Map<String, Toggle> capabilities) {
        Map<String, String> out = new LinkedHashMap<>();
        capabilities.forEach((name, value) -> out.put(name, value.name()));
        return out;
    }

    private static Map<String, Toggle> zip(List<String> names, List<Toggle> values) {
        Map<String, Toggle> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }
}
