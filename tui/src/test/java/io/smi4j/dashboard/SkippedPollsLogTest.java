package io.smi4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuHostInfo;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The scheduler log pane shows what the snapshot holds, so a frame that skipped polls loses no entry. */
class SkippedPollsLogTest {

    private static String timestamp(SchedulerLogEntry e) {
        long ns = e.timestampNs();
        return String.format(Locale.ROOT, "%d.%06d", ns / 1_000_000_000L, (ns / 1000) % 1_000_000);
    }

    @Test
    void entriesOfAPollTheDashboardDidNotDrawStillAppearInTheNextFrame() {
        ViewState state = new ViewState(ViewState.Tab.VGPU);
        TerminalSize tall = new TerminalSize(200, 120);
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host"))) {
            HostSnapshot drawn = reader.read();
            Frames.text(drawn, state, tall);
            HostSnapshot skipped = reader.read(); // polled, never drawn
            HostSnapshot next = reader.read();
            VgpuHostInfo before = skipped.gpus().get(0).vgpuHost().orElseThrow();
            List<SchedulerLogEntry> onlyInTheSkippedPoll =
                    before.logEntriesSince(drawn.gpus().get(0).vgpuHost());
            assertFalse(onlyInTheSkippedPoll.isEmpty(), "the skipped poll brought log entries");
            String frame = Frames.text(next, state, tall);
            for (SchedulerLogEntry e : onlyInTheSkippedPoll) {
                assertTrue(frame.contains(timestamp(e)), "entry " + timestamp(e) + " of the skipped poll in\n" + frame);
            }
        }
    }
}
