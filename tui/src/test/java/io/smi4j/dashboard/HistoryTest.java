package io.smi4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.HostSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void keepsTheNewestUtilizationSamplesPerGpuNewestFirstAndForgetsOlderOnes() {
        History history = new History();
        List<Integer> seen = new ArrayList<>();
        int polls = History.UTILIZATION_SAMPLES + 7;
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("bare-metal").withSeed(3))) {
            for (int i = 0; i < polls; i++) {
                HostSnapshot s = reader.read();
                history.observe(s);
                seen.add((int) Math.round(s.gpus().get(1).utilizationGpuPercent()));
            }
        }
        assertEquals(History.UTILIZATION_SAMPLES, history.utilizationSamples(1));
        for (int back = 0; back < History.UTILIZATION_SAMPLES; back++) {
            assertEquals(seen.get(polls - 1 - back), history.utilization(1, back), "sample " + back + " back");
        }
        assertEquals(-1, history.utilization(1, History.UTILIZATION_SAMPLES));
    }

    @Test
    void aGpuNeverSeenHasNoSamples() {
        History history = new History();
        assertEquals(0, history.utilizationSamples(5));
        assertEquals(-1, history.utilization(5, 0));
    }
}
