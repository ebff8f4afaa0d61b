package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.model.Toggle;
import org.junit.jupiter.api.Test;

class VgpuCapacityTest {

    @Test
    void aTypeThatIsNotCreatableHasNoCapacity() {
        assertEquals(0, VgpuTypeReader.capacity(false, 10, 2, Toggle.OFF, 4, null));
        assertEquals(0, VgpuTypeReader.capacity(false, 10, 2, Toggle.ON, 4, new long[] {0, 4}));
    }

    @Test
    void withoutHeterogeneousModeTheCapacityIsTheMaximumMinusThoseRunning() {
        assertEquals(7, VgpuTypeReader.capacity(true, 10, 3, Toggle.OFF, 4, null));
        assertEquals(10, VgpuTypeReader.capacity(true, 10, 0, Toggle.UNKNOWN, -1, null));
    }

    @Test
    void inHeterogeneousModeEachCreatablePlacementThatOverlapsNoOtherCountsOnce() {
        assertEquals(3, VgpuTypeReader.capacity(true, 12, 2, Toggle.ON, 4, new long[] {16, 8, 40}));
        // size 4: 0 and 2 overlap, 4 and 6 overlap; at most two fit side by side
        assertEquals(2, VgpuTypeReader.capacity(true, 12, 0, Toggle.ON, 4, new long[] {0, 2, 4, 6}));
    }

    @Test
    void theCapacityNeverExceedsTheMaximumMinusThoseRunning() {
        assertEquals(1, VgpuTypeReader.capacity(true, 4, 3, Toggle.ON, 1, new long[] {0, 1, 2, 3}));
    }

    @Test
    void inHeterogeneousModeWithoutThePlacementsTheCapacityIsUnknown() {
        assertEquals(-1, VgpuTypeReader.capacity(true, 10, 3, Toggle.ON, 4, null));
    }

    @Test
    void anUnknownMaximumLeavesTheCapacityUnknownOutsideHeterogeneousMode() {
        assertEquals(-1, VgpuTypeReader.capacity(true, -1, 0, Toggle.OFF, -1, null));
    }
}
