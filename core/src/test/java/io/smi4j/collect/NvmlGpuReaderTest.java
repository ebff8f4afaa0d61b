package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Opening the library: what a reader reports when it cannot, and how often it tries again. */
class NvmlGpuReaderTest {

    private static Supplier<Nvml> failing(AtomicInteger attempts, RuntimeException failure) {
        return () -> {
            attempts.incrementAndGet();
            throw failure;
        };
    }

    @Test
    void aLibraryThatCannotBeFoundGivesNoLibraryWithTheLoadersMessage() {
        AtomicInteger attempts = new AtomicInteger();
        NvmlException notFound =
                new NvmlException("load", NvmlReturn.LIBRARY_NOT_FOUND.code(), "tried /x/libnvidia-ml.so.1");
        try (NvmlGpuReader reader = new NvmlGpuReader(failing(attempts, notFound), 64)) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.NO_LIBRARY, s.status());
            assertTrue(s.statusDetail().contains("tried /x/libnvidia-ml.so.1"), s.statusDetail());
            assertEquals("", s.driverVersion());
            assertTrue(s.gpus().isEmpty() && s.errors().isEmpty());
        }
    }

    @Test
    void anyOtherLoadFailureGivesErrorAndNeverEscapes() {
        AtomicInteger attempts = new AtomicInteger();
        try (NvmlGpuReader reader = new NvmlGpuReader(failing(attempts, new IllegalStateException("boom")), 64)) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.ERROR, s.status());
            assertTrue(s.statusDetail().contains("boom"), s.statusDetail());
        }
    }

    @Test
    void loadingIsRetriedWithBackOffUpToEvery32Polls() {
        AtomicInteger attempts = new AtomicInteger();
        NvmlException notFound = new NvmlException("load", NvmlReturn.LIBRARY_NOT_FOUND.code(), "tried nothing");
        try (NvmlGpuReader reader = new NvmlGpuReader(failing(attempts, notFound), 64)) {
            for (int i = 0; i < 128; i++) {
                assertEquals(HostStatus.NO_LIBRARY, reader.read().status());
            }
        }
        // polls 1, 2, 4, 8, 16, 32, 64, 96, 128
        assertEquals(9, attempts.get());
    }

    @Test
    void aNegativeAccountingCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NvmlGpuReader(() -> null, -1));
    }
}
