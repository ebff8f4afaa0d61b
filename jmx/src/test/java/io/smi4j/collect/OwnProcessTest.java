package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.ProcessGpuUse;
import io.smi4j.model.ProcessGpuUse.PidMapping;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OwnProcess over the bare-metal mock, whose GPUs run compute processes. */
class OwnProcessTest {

    private static HostSnapshot snapshot;
    private static GpuInfo gpu;
    private static GpuProcess process;

    @BeforeAll
    static void read() {
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            snapshot = reader.read();
        }
        gpu = snapshot.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        process = gpu.processes().get(0);
    }

    @Test
    void aPidNvmlListsIsFoundWithItsGpuAndMemory() {
        ProcessGpuUse use = OwnProcess.of(process.pid(), List.of(process.pid()), p -> true).use(snapshot);
        assertEquals(PidMapping.FOUND, use.mapping());
        assertTrue(use.gpus().contains(new ProcessGpuUse.Entry(gpu.index(), gpu.uuid(), process.pid(),
                process.usedMemoryBytes())), use.toString());
        assertEquals(use.gpus().stream().mapToLong(ProcessGpuUse.Entry::usedMemoryBytes).sum(), use.memoryUsedBytes());
        assertEquals(process.usedMemoryBytes(), use.memoryUsedBytesOn(gpu.uuid()), "one process of that PID there");
    }

    @Test
    void anOuterNamespacePidIsFoundForAContainerThatSeesIt() {
        ProcessGpuUse use = OwnProcess.of(17, List.of(process.pid(), 17L), p -> true).use(snapshot);
        assertEquals(PidMapping.FOUND, use.mapping());
        assertEquals(17, use.pid());
    }

    @Test
    void aJvmNotInTheListsWhoseNvmlPidsItSeesUsesNoGpu() {
        ProcessGpuUse use = OwnProcess.of(1, List.of(1L), p -> true).use(snapshot);
        assertEquals(PidMapping.NOT_FOUND, use.mapping());
        assertEquals(0, use.memoryUsedBytes());
        assertEquals(0, use.memoryUsedBytesOn(gpu.uuid()));
    }

    @Test
    void nvmlPidsOfAnotherNamespaceMakeTheUseUnknownNotZero() {
        ProcessGpuUse use = OwnProcess.of(1, List.of(1L), p -> false).use(snapshot);
        assertEquals(PidMapping.OTHER_NAMESPACE, use.mapping());
        assertEquals(-1, use.memoryUsedBytes());
        assertEquals(-1, use.memoryUsedBytesOn(gpu.uuid()));
    }
}
