package io.smi4j.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.mock.FaultPlan;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.NvmlReturn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuHealthEventTest {

    @Test
    void aGpuLostForTwoPollsRecordsOneEventWhenLostAndOneWhenBackAndNoVgpuStoppedOrStarted(@TempDir Path dir)
            throws Exception {
        FaultPlan plan = FaultPlan.none().with(new FaultPlan.Aimed(null, NvmlReturn.GPU_IS_LOST, 0, 2, 3, 1));
        Path file = dir.resolve("health.jfr");
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(Scenarios.create("vgpu-host", 3), 3, plan, true),
                64);
                Poller poller = new Poller(reader, Duration.ofHours(1));
                Recording recording = new Recording()) {
            recording.enable(GpuHealthChanged.class);
            recording.enable(VgpuStarted.class);
            recording.enable(VgpuStopped.class);
            recording.start();
            JfrEvents events = JfrEvents.register(poller);
            try {
                for (int poll = 1; poll <= 5; poll++) {
                    events.onSnapshot(reader.read()); // the poller is not started: each poll is this test's
                }
            } finally {
                events.close();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file).stream()
                .filter(e -> !e.getEventType().getName().equals("io.smi4j.VgpuSchedulerLogEntry"))
                // a recording file holds each thread buffer's events in order, not all events: order by time
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)).toList();
        assertEquals(List.of("io.smi4j.GpuHealthChanged", "io.smi4j.GpuHealthChanged"),
                recorded.stream().map(e -> e.getEventType().getName()).toList());
        assertEquals("OK", recorded.get(0).getString("previous"));
        assertEquals("LOST", recorded.get(0).getString("health"));
        assertEquals(0, recorded.get(0).getInt("gpuIndex"));
        assertEquals("OK", recorded.get(1).getString("health"));
    }
}
