package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.testing.NvmlSdk;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Core alone: no simulator on the class path, no NVIDIA driver on this machine. */
class CollectorTest {

    @Test
    void aMockScenarioWithoutASimulatorOnTheClassPathIsAOneLineError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host")));
        assertTrue(e.getMessage().contains("smi4j-mock"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void aMissingLibraryGivesNoLibrarySnapshotsNotAnException() {
        Path missing = Path.of("/nonexistent/libnvidia-ml.so.1");
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withLibraryPath(missing))) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.NO_LIBRARY, s.status());
            assertTrue(s.statusDetail().contains(missing.toString()), s.statusDetail());
            assertTrue(s.gpus().isEmpty());
            assertEquals(HostStatus.NO_LIBRARY, reader.read().status());
        }
    }

    @Test
    void theRealDriverLibraryWithoutAKernelDriverGivesNoDriver() {
        NvmlSdk sdk = NvmlSdk.require();
        for (Path lib : new Path[] {sdk.libR535(), sdk.libR550()}) {
            try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withLibraryPath(lib))) {
                HostSnapshot s = reader.read();
                assertEquals(HostStatus.NO_DRIVER, s.status(), s.statusDetail());
                assertTrue(s.nvmlVersion().startsWith("12."), s.nvmlVersion());
                assertTrue(s.gpus().isEmpty() && s.errors().isEmpty());
            }
        }
    }

    @Test
    void theFirstReadHappensOnThePollerThreadNotTheCaller() {
        Path missing = Path.of("/nonexistent/libnvidia-ml.so.1");
        CollectorOptions options = CollectorOptions.defaults().withLibraryPath(missing)
                .withInterval(Duration.ofMillis(10));
        try (Poller poller = Collector.startPoller(options)) {
            HostSnapshot s = poller.awaitSequence(1, Duration.ofSeconds(10)).orElseThrow();
            assertEquals(HostStatus.NO_LIBRARY, s.status());
        }
    }
}
