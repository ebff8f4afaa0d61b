package io.smi4j.mock.scenario;

import io.smi4j.model.SchedulerState;
import io.smi4j.nvml.SchedulerLog;
import java.util.List;

/**
 * A GPU instance's side of MIG-backed vGPU (nvml.h 12.9, R575 and newer): the time-slice scheduler inside it, its
 * heterogeneous mode and the vGPU types it offers. Its running vGPUs are the host's vGPUs whose
 * {@link SimVgpu#gpuInstanceId()} is this instance's id.
 *
 * @param state             {@code nvmlGpuInstanceGetVgpuSchedulerState} (on a v2 driver without ARR mode)
 * @param schedulerLog      {@code nvmlGpuInstanceGetVgpuSchedulerLog}, at most 200 entries
 * @param heterogeneousMode {@code nvmlGpuInstanceGetVgpuHeterogeneousMode}: 1 mixed types, 0 not
 * @param types             the vGPU types of the instance's profile
 */
public record SimGpuInstanceVgpus(
        SchedulerState state,
        SchedulerLog schedulerLog,
        int heterogeneousMode,
        List<Type> types) {

    public SimGpuInstanceVgpus {
        types = List.copyOf(types);
    }

    /**
     * A vGPU type on the GPU instance.
     *
     * @param creatable                  in {@code nvmlGpuInstanceGetCreatableVgpus} now
     * @param placementSize              the placement slots one vGPU of it takes inside the instance
     * @param maxInstancesPerGpuInstance {@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance}
     * @param creatablePlacements        {@code nvmlGpuInstanceGetVgpuTypeCreatablePlacements}: free placement ids,
     *                                   ascending, empty when not creatable
     */
    public record Type(long typeId, boolean creatable, long placementSize, long maxInstancesPerGpuInstance,
            List<Long> creatablePlacements) {

        public Type {
            creatablePlacements = List.copyOf(creatablePlacements);
        }
    }
}
