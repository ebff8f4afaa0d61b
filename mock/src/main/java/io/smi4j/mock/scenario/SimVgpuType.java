package io.smi4j.mock.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A vGPU type: static facts, and whether (and where) one more can be created now.
 *
 * <p>Placement: the GPU is a row of slots; a vGPU of this type occupies {@code placementSize}
 * consecutive slots starting at one of its supported placement ids, {@code 0, placementSize,
 * 2 * placementSize, ...}, {@code maxInstances} of them. Two vGPUs never share a slot.
 *
 * @param creatable            in {@code nvmlDeviceGetCreatableVgpus} now
 * @param placementSize        slots one vGPU of this type occupies
 * @param maxInstancesPerVm    {@code nvmlVgpuTypeGetMaxInstancesPerVm}
 * @param creatablePlacements  the supported placement ids whose slots are all free now, ascending (empty when the
 *                             type is not creatable)
 * @param bar1Bytes            {@code nvmlVgpuTypeGetBAR1Info} (R560 and later); empty: NOT_SUPPORTED
 * @param fbReservationBytes   {@code nvmlVgpuTypeGetFbReservation} (R550 and later); empty: NOT_SUPPORTED
 * @param gspHeapBytes         {@code nvmlVgpuTypeGetGspHeapSize} (R550 and later); empty: NOT_SUPPORTED
 */
public record SimVgpuType(
        long id,
        String name,
        String typeClass,
        long framebufferBytes,
        long maxInstances,
        long gpuInstanceProfileId,
        boolean creatable,
        long placementSize,
        long maxInstancesPerVm,
        List<Long> creatablePlacements,
        Optional<Long> bar1Bytes,
        Optional<Long> fbReservationBytes,
        Optional<Long> gspHeapBytes) {

    public SimVgpuType {
        creatablePlacements = List.copyOf(creatablePlacements);
    }

    /**
     * A type of one slot per GiB of framebuffer, one per VM, whose creatable placements are not computed yet; its
     * BAR1 256 MiB (1 GiB from 8 GiB of framebuffer on), its framebuffer reservation 64 MiB plus 1/128 of its
     * framebuffer, its GSP heap 16 MiB plus 1/1024.
     */
    public SimVgpuType(long id, String name, String typeClass, long framebufferBytes, long maxInstances,
            long gpuInstanceProfileId, boolean creatable) {
        this(id, name, typeClass, framebufferBytes, maxInstances, gpuInstanceProfileId, creatable,
                Math.max(1, framebufferBytes >> 30), 1, List.of(),
                Optional.of(framebufferBytes >= 8L << 30 ? 1L << 30 : 256L << 20),
                Optional.of((64L << 20) + framebufferBytes / 128), Optional.of((16L << 20) + framebufferBytes / 1024));
    }

    /** {@code nvmlDeviceGetVgpuTypeSupportedPlacements}: {@code 0, placementSize, ...}, {@code maxInstances} ids. */
    public List<Long> supportedPlacements() {
        List<Long> ids = new ArrayList<>((int) maxInstances);
        for (long k = 0; k < maxInstances; k++) {
            ids.add(k * placementSize);
        }
        return ids;
    }

    /** This type as it reads now: creatable or not, at these placements. */
    public SimVgpuType with(boolean nowCreatable, List<Long> placements) {
        return new SimVgpuType(id, name, typeClass, framebufferBytes, maxInstances, gpuInstanceProfileId, nowCreatable,
                placementSize, maxInstancesPerVm, placements, bar1Bytes, fbReservationBytes, gspHeapBytes);
    }

    /** This type with {@code perVm} vGPUs allowed per VM. */
    public SimVgpuType withMaxInstancesPerVm(long perVm) {
        return new SimVgpuType(id, name, typeClass, framebufferBytes, maxInstances, gpuInstanceProfileId, creatable,
                placementSize, perVm, creatablePlacements, bar1Bytes, fbReservationBytes, gspHeapBytes);
    }
}
