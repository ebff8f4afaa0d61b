package io.smi4j.nvml.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The compute-process record size follows the driver's known 535.43 to 535.86 quirk. */
class JnaNvmlProcessRecordTest {

    @Test
    void driversFrom53543To53586FillThirtyTwoByteRecords() {
        assertEquals(32, JnaNvml.processRecordSize("535.43.02"));
        assertEquals(32, JnaNvml.processRecordSize("535.86.10"));
    }

    @Test
    void otherDriversFillTheHeadersTwentyFourByteRecords() {
        assertEquals(24, JnaNvml.processRecordSize("535.98"));
        assertEquals(24, JnaNvml.processRecordSize("535.261.03"));
        assertEquals(24, JnaNvml.processRecordSize("550.163.01"));
        assertEquals(24, JnaNvml.processRecordSize("530.30.02"));
    }

    @Test
    void anUnparsableVersionFallsBackToTheHeadersSize() {
        assertEquals(24, JnaNvml.processRecordSize("Not Available"));
        assertEquals(24, JnaNvml.processRecordSize(""));
    }
}
