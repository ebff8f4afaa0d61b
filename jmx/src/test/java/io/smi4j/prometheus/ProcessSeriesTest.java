package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.jmx.SeriesRows;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code allsmi_process_*} families: a process that knows itself (the agent's JVM) gets its GPU memory and
 * per-engine utilization; without one ({@code smi4j api}) not even an empty family is written.
 */
class ProcessSeriesTest {

    private static HostSnapshot snapshot;
    private static GpuInfo gpu;
    private static GpuProcess process;

    @BeforeAll
    static void read() {
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal"))) {
            reader.read();
            snapshot = reader.read(); // the second: the simulation has sampled the processes
        }
        gpu = snapshot.gpus().get(0);
        process = gpu.processes().get(0);
    }

    private static String labels(GpuInfo g, long pid) {
        return "host=\"h\",gpu_index=\"" + g.index() + "\",gpu_uuid=\"" + g.uuid() + "\",pid=\"" + pid + "\"";
    }

    @Test
    void aProcessNvmlListsHasItsMemoryAndEngineUtilizationPerGpu() {
        OwnProcess self = OwnProcess.of(process.pid(), List.of(process.pid()), p -> true);
        String text = PrometheusText.render(snapshot, "h", PrometheusText.Format.TEXT, Optional.of(self));
        assertTrue(text.contains("allsmi_process_gpu_pid_mapping{host=\"h\",pid=\"" + process.pid() + "\"} 0\n"), text);
        assertTrue(text.contains("allsmi_process_gpu_memory_used_bytes{" + labels(gpu, process.pid()) + "} "
                + process.usedMemoryBytes() + "\n"), text);
        assertTrue(text.contains("allsmi_process_gpu_utilization{" + labels(gpu, process.pid()) + ",engine=\"sm\"} "
                + PrometheusText.number(process.smUtil()) + "\n"), text);
        assertTrue(text.contains("allsmi_process_gpu_utilization{" + labels(gpu, process.pid())
                + ",engine=\"memory\"} " + PrometheusText.number(process.memUtil()) + "\n"), text);
        GpuInfo other = snapshot.gpus().get(1);
        assertTrue(text.contains("allsmi_process_gpu_memory_used_bytes{" + labels(other, process.pid()) + "} 0\n"),
                "no process of it on another GPU: 0 there");
        assertEquals(SeriesRows.of(snapshot, "h", Optional.of(self)).processGpus().size(), snapshot.gpus().size());
    }

    @Test
    void aJvmWhosePidsNvmlSpeaksOfAnotherNamespaceHasOnlyItsMapping() {
        OwnProcess self = OwnProcess.of(1, List.of(1L), p -> false);
        String text = PrometheusText.render(snapshot, "h", PrometheusText.Format.TEXT, Optional.of(self));
        assertTrue(text.contains("allsmi_process_gpu_pid_mapping{host=\"h\",pid=\"1\"} 2\n"), text);
        assertFalse(text.contains("allsmi_process_gpu_memory_used_bytes"), "unknown is absent, not 0");
        assertFalse(text.contains("allsmi_process_gpu_utilization"));
    }

    @Test
    void withoutAnOwnProcessNoProcessFamilyIsWrittenNotEvenEmpty() {
        String text = PrometheusText.render(snapshot, "h", PrometheusText.Format.TEXT);
        assertFalse(text.contains("allsmi_process_"), "smi4j api has no own process");
        assertTrue(SeriesRows.of(snapshot, "h").process().isEmpty());
    }
}
