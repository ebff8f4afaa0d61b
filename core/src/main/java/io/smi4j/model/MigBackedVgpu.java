package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * MIG-backed vGPU on a vGPU host GPU in MIG mode (nvml.h 12.9, R575 and later): vGPUs live on MIG GPU instances and
 * are time-sliced inside each by the instance's own scheduler. Present only where at least one GPU instance answers
 * the {@code nvmlGpuInstance*Vgpu*} calls.
 *
 * @param gpuInstances each answering GPU instance's vGPU side, by GPU instance id
 */
public record MigBackedVgpu(List<GpuInstanceVgpus> gpuInstances) {

    public MigBackedVgpu {
        gpuInstances = List.copyOf(gpuInstances);
    }

    /** GPU instance {@code gpuInstanceId}'s vGPU side, empty when it has none. */
    public Optional<GpuInstanceVgpus> gpuInstance(long gpuInstanceId) {
        for (GpuInstanceVgpus gi : gpuInstances) {
            if (gi.gpuInstanceId() == gpuInstanceId) {
                return Optional.of(gi);
            }
        }
        return Optional.empty();
    }

    /** The vGPUs of {@code host} on GPU instance {@code gi}, in the host's order. */
    public static List<VgpuInstance> vgpusOf(VgpuHostInfo host, GpuInstanceVgpus gi) {
        return host.vgpus().stream().filter(v -> gi.vgpuIds().contains(v.id())).toList();
    }
}
