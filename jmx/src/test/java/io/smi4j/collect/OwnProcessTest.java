package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            reader.read();
            snapshot = reader.read(); // the second: the simulation has sampled the processes
        }
        gpu = snapshot.gpus().stream().filter(g -> !g.processes().isEmpty()).findFirst().orElseThrow();
        process = gpu.processes().get(0);
    }

    @Test
    void aPidNvmlListsIsFoundWithItsGpuAndMemory() {
        ProcessGpuUse use = OwnProcess.of(process.pid(), List.of(process.pid()), p -> true).use(snapshot);
        assertEquals(PidMapping.FOUND, use.mapping());
        assertTrue(use.gpus().contains(new ProcessGpuUse.Entry(gpu.index(), gpu.uuid(), process.pid(),
                process.usedMemoryBytes(), GpuProcess.Type.COMPUTE, process.smUtil(), process.memUtil(),
                process.encUtil(), process.decUtil(), process.jpgUtil(), process.ofaUtil())), use.toString());
        assertFalse(Double.isNaN(process.smUtil()), "the simulated process has a sample");
        assertEquals(process.smUtil(), use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.SM));
        assertEquals(process.memUtil(), use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.MEMORY));
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
        assertTrue(Double.isNaN(use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.SM)), "unknown, not 0");
    }

    @Test
    void aJvmThatUsesNoGpuUsesNoneOfItsEngines() {
        ProcessGpuUse use = OwnProcess.of(1, List.of(1L), p -> true).use(snapshot);
        assertEquals(0.0, use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.SM));
        assertEquals(0.0, use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.DECODER));
    }
}
