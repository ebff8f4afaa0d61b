package io.smi4j.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class ProcessJfrEventsTest {

    @Test
    void aRecordingGetsOneProcessGpuSamplePerGpuWithThisProcesssMemoryAndUtilizationThere() throws Exception {
        HostSnapshot s;
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            reader.read();
            s = reader.read(); // the second: the simulation has sampled the processes
        }
        GpuInfo gpu = s.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        long pid = gpu.processes().get(0).pid();
        Path file = Files.createTempFile("smi4j-process", ".jfr");
        List<RecordedEvent> events;
        try (ProcessJfrEvents ignored = ProcessJfrEvents.register(() -> Optional.of(s),
                OwnProcess.of(pid, List.of(pid), p -> true));
             Recording recording = new Recording()) {
            // emitted when the chunk ends: at stop, so no waiting on a period
            recording.enable(ProcessGpuSample.class).with("period", "endChunk");
            recording.start();
            recording.stop();
            recording.dump(file);
            events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("io.smi4j.ProcessGpuSample")).toList();
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals(s.gpus().size(), events.size());
        RecordedEvent onGpu = events.stream().filter(e -> e.getString("gpuUuid").equals(gpu.uuid()))
                .findFirst().orElseThrow();
        assertEquals(gpu.processes().get(0).usedMemoryBytes(), onGpu.getLong("memoryUsed"));
        assertEquals("FOUND", onGpu.getString("mapping"));
        assertEquals((float) (gpu.processes().get(0).smUtil() / 100), onGpu.getFloat("smUtilization"), 1e-6,
                "JFR's @Percentage is a fraction");
        assertEquals((float) (gpu.processes().get(0).memUtil() / 100), onGpu.getFloat("memoryUtilization"), 1e-6);
    }
}
