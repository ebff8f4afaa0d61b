package io.smi4j.model;

import java.util.List;

/**
 * A vGPU type on one GPU instance of a MIG-backed vGPU host (R575 and later): whether and where one more can be
 * created there now, and how many more.
 *
 * @param typeId                     the vGPU type id
 * @param name                       the type's name ({@code nvmlVgpuTypeGetName}), "" when not available
 * @param maxInstancesPerGpuInstance how many vGPUs of this type one GPU instance holds
 *                                   ({@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance}), -1 when not available
 * @param creatable                  in {@code nvmlGpuInstanceGetCreatableVgpus} at this poll
 * @param placementSize              placement slots one vGPU of this type occupies inside the instance (from
 *                                   {@code nvmlGpuInstanceGetVgpuTypeCreatablePlacements}), -1 when not available
 * @param creatablePlacementIds      the placement ids inside the instance where one can be created now, ascending
 *                                   ({@code nvmlGpuInstanceGetVgpuTypeCreatablePlacements}); empty when none is free
 *                                   or the type is not creatable
 * @param running                    vGPUs of this type running on the instance at this poll
 * @param creatableCapacity          how many more of this type can be created now on the instance, -1 when not known:
 *                                   0 when not creatable; else the most vGPUs that fit at the creatable placements
 *                                   without sharing a slot, at most {@code maxInstancesPerGpuInstance - running};
 *                                   without the placements {@code maxInstancesPerGpuInstance - running} outside
 *                                   heterogeneous mode, -1 in it
 */
public record GpuInstanceVgpuType(
        long typeId,
        String name,
        long maxInstancesPerGpuInstance,
        boolean creatable,
        long placementSize,
        List<Long> creatablePlacementIds,
        long running,
        long creatableCapacity) {

    public GpuInstanceVgpuType {
        creatablePlacementIds = List.copyOf(creatablePlacementIds);
    }
}
