package io.smi4j.model;

import java.util.List;

/**
 * A vGPU type a physical GPU supports (static facts, read once), whether it can be created right now, and how
 * many more of it can be.
 *
 * @param typeClass              e.g. {@code "Compute"}, {@code "Quadro"}, {@code "NVS"}
 * @param maxInstances           how many of this type the GPU holds, -1 when not available
 * @param creatable              in {@code nvmlDeviceGetCreatableVgpus} at this poll
 * @param gpuInstanceProfileId   the MIG profile backing this type, -1 when not MIG-backed
 * @param maxInstancesPerVm      how many of this type one VM may hold ({@code nvmlVgpuTypeGetMaxInstancesPerVm}),
 *                               -1 when not available
 * @param placementSize          placement slots one vGPU of this type occupies, -1 before R550
 * @param supportedPlacementIds  the placement ids this type may use on this GPU, ascending; empty before R550
 * @param creatablePlacementIds  the placement ids where one can be created now, ascending
 *                               ({@code nvmlDeviceGetVgpuTypeCreatablePlacements}); empty when none is free, outside
 *                               heterogeneous mode (NVML answers them only there) and before R550
 * @param running                vGPUs of this type running on the GPU at this poll
 * @param creatableCapacity      how many more of this type can be created now on this GPU, -1 when not known: in
 *                               heterogeneous mode the most vGPUs that fit at the creatable placements without
 *                               sharing a slot; otherwise {@code maxInstances - running} while the type is
 *                               creatable, 0 when it is not
 * @param bar1Bytes              BAR1 of one vGPU of this type ({@code nvmlVgpuTypeGetBAR1Info}, R560 and later), -1 when
 *                               not available
 * @param fbReservationBytes     framebuffer the driver reserves for one vGPU of this type beside its own
 *                               ({@code nvmlVgpuTypeGetFbReservation}, R550 and later), -1 when not available
 * @param gspHeapBytes           GSP heap of one vGPU of this type ({@code nvmlVgpuTypeGetGspHeapSize}, R550 and later),
 *                               -1 when not available
 */
public record VgpuTypeInfo(
        long typeId,
        String name,
        String typeClass,
        long framebufferBytes,
        long maxInstances,
        boolean creatable,
        long gpuInstanceProfileId,
        long maxInstancesPerVm,
        long placementSize,
        List<Long> supportedPlacementIds,
        List<Long> creatablePlacementIds,
        long running,
        long creatableCapacity,
        long bar1Bytes,
        long fbReservationBytes,
        long gspHeapBytes) {

    public VgpuTypeInfo {
        supportedPlacementIds = List.copyOf(supportedPlacementIds);
        creatablePlacementIds = List.copyOf(creatablePlacementIds);
    }
}
