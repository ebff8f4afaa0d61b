package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The collector finds this module's simulator through ServiceLoader. */
class CollectorTest {

    @Test
    void aMockScenarioIsOpenedByNameThroughTheServiceLoader() {
        assertEquals(Scenarios.names(), Collector.mockScenarios());
        // the clock fixed, so that the expected scenario has the same times
        String start = "2026-01-01T00:00:00Z";
        System.setProperty(SimClock.START_PROPERTY, start);
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host").withSeed(4))) {
            HostSnapshot s = reader.read();
            assertEquals(HostStatus.OK, s.status());
            assertTrue(s.isVgpuHost());
            long startUs = java.time.Instant.parse(start).toEpochMilli() * 1000;
            assertEquals(Expected.gpus(Scenarios.create("vgpu-host", 4, startUs), 64), s.gpus());
        } finally {
            System.clearProperty(SimClock.START_PROPERTY);
        }
    }

    @Test
    void anUnknownScenarioIsAOneLineErrorListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Collector.openReader(CollectorOptions.defaults().withMock("gpu-farm")));
        assertEquals("unknown mock scenario 'gpu-farm'; known: bare-metal, vgpu-host, vgpu-host-large, vgpu-host-r580, "
                + "mig-host, vgpu-guest, no-driver, faulty-host, or a scenario file (a path ending in .json)",
                e.getMessage());
    }

    @Test
    void aStartedPollerPublishesSnapshotsThatMoveOverTime() {
        CollectorOptions options = CollectorOptions.defaults().withMock("vgpu-host").withInterval(Duration.ofMillis(5));
        try (Poller poller = Collector.startPoller(options)) {
            HostSnapshot first = poller.awaitSequence(1, Duration.ofSeconds(10)).orElseThrow();
            HostSnapshot later = poller.awaitSequence(20, Duration.ofSeconds(10)).orElseThrow();
            assertTrue(later.gpus().get(0).vgpuHost().orElseThrow().vgpus().get(0).utilizationTimestampNs()
                    > first.gpus().get(0).vgpuHost().orElseThrow().vgpus().get(0).utilizationTimestampNs());
        }
    }

    @Test
    void theNoDriverScenarioPollsAsNoDriver() {
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("no-driver"))) {
            assertEquals(HostStatus.NO_DRIVER, reader.read().status());
        }
    }
}
