package io.smi4j.nvml;

/**
 * {@code nvmlVgpuPlacementList_t}: the placement ids of one vGPU type on one GPU, each the first of the
 * {@code placementSize} consecutive slots a vGPU of this type occupies there.
 *
 * @param placementSize how many slots one vGPU of the type occupies (unsigned, widened)
 * @param placementIds  the placement ids (unsigned, widened), in NVML's order
 */
public record VgpuPlacementList(long placementSize, long[] placementIds) {

    public VgpuPlacementList {
        placementIds = placementIds.clone();
    }

    @Override
    public long[] placementIds() {
        return placementIds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VgpuPlacementList p && p.placementSize == placementSize
                && java.util.Arrays.equals(p.placementIds, placementIds);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(placementSize) * 31 + java.util.Arrays.hashCode(placementIds);
    }

    @Override
    public String toString() {
        return "VgpuPlacementList[placementSize=" + placementSize + ", placementIds="
                + java.util.Arrays.toString(placementIds) + "]";
    }
}
