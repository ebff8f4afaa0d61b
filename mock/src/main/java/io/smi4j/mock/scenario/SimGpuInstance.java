package io.smi4j.mock.scenario;

import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import java.util.List;

/** A MIG GPU instance with its profile, and its compute instances with theirs. */
public record SimGpuInstance(
        GpuInstanceProfile profile,
        GpuInstance instance,
        List<ComputeInstanceProfile> computeProfiles,
        List<ComputeInstance> computeInstances) {

    public SimGpuInstance {
        computeProfiles = List.copyOf(computeProfiles);
        computeInstances = List.copyOf(computeInstances);
    }
}
