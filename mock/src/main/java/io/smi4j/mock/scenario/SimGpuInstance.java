package io.smi4j.mock.scenario;

import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import java.util.List;
import java.util.Optional;

/**
 * A MIG GPU instance with its profile, and its compute instances with theirs.
 *
 * @param vgpuHost the GPU instance's side of MIG-backed vGPU (R575 and newer): present only on a vGPU host whose MIG
 *                 GPU instances hold vGPUs
 */
public record SimGpuInstance(
        GpuInstanceProfile profile,
        GpuInstance instance,
        List<ComputeInstanceProfile> computeProfiles,
        List<ComputeInstance> computeInstances,
        Optional<SimGpuInstanceVgpus> vgpuHost) {

    public SimGpuInstance {
        computeProfiles = List.copyOf(computeProfiles);
        computeInstances = List.copyOf(computeInstances);
    }

    /** A GPU instance without vGPUs. */
    public SimGpuInstance(GpuInstanceProfile profile, GpuInstance instance, List<ComputeInstanceProfile> computeProfiles,
            List<ComputeInstance> computeInstances) {
        this(profile, instance, computeProfiles, computeInstances, Optional.empty());
    }
}
