package io.smi4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.dashboard.Frames;
import io.smi4j.dashboard.ViewState;
import io.smi4j.mock.FaultPlan;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
import org.junit.jupiter.api.Test;

/** The text report and the dashboard show which GPUs are not OK and why. */
class FaultyHostReportsTest {

    /** bare-metal: GPU 1 cannot be opened, GPU 2 is lost from poll 2 on, GPU 3 fails its temperature. */
    private static HostSnapshot secondPoll() {
        FaultPlan plan = FaultPlan.none()
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 1))
                .with(new FaultPlan.Aimed(null, NvmlReturn.GPU_IS_LOST, 2, 2, Long.MAX_VALUE, 1))
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetTemperature, NvmlReturn.TIMEOUT, 3));
        try (NvmlGpuReader reader = new NvmlGpuReader(new MockNvml(Scenarios.create("bare-metal", 5), 5, plan, true),
                64)) {
            reader.read();
            return reader.read();
        }
    }

    @Test
    void theTextReportSaysDegradedAndEachUnhealthyGpusStateAndReason() {
        HostSnapshot s = secondPoll();
        assertEquals(HostStatus.DEGRADED, s.status());
        String text = TextReport.render(s);
        assertTrue(text.contains("DEGRADED: GPU 1 unavailable: nvmlDeviceGetHandleByIndex_v2"), text);
        assertTrue(text.matches("(?s).*GPU 1 .*\\n    Health +cannot be opened: nvmlDeviceGetHandleByIndex_v2.*"), text);
        assertTrue(text.matches("(?s).*GPU 2 .*\\n    Health +lost: .*GPU_IS_LOST.*"), text);
        assertTrue(text.matches("(?s).*GPU 3 .*\\n    Health +degraded: nvmlDeviceGetTemperature.*"), text);
        String gpu2 = text.substring(text.indexOf("\nGPU 2 "), text.indexOf("\nGPU 3 "));
        assertFalse(gpu2.contains("Temperature"), "a lost GPU shows no readings: " + gpu2);
        assertTrue(gpu2.contains("GPU-"), "a lost GPU keeps its UUID: " + gpu2);
    }

    @Test
    void theDashboardMarksEveryGpuRowThatIsNotOk() {
        String frame = Frames.text(secondPoll(), new ViewState(), new TerminalSize(200, 40));
        java.util.List<String> lines = frame.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("  #  Name")).findFirst().orElseThrow());
        for (int gpu = 0; gpu < 8; gpu++) {
            String row = lines.get(header + 1 + gpu);
            assertTrue(row.substring(2).startsWith(gpu + " "), row);
            boolean marked = row.charAt(1) == '!';
            if (gpu == 1 || gpu == 2 || gpu == 3) {
                assertTrue(marked, "GPU " + gpu + " marked:\n" + frame);
            } else {
                assertFalse(marked, "GPU " + gpu + " not marked:\n" + frame);
            }
        }
        assertTrue(frame.contains("cannot be opened"), frame);
        assertTrue(frame.contains("lost: "), frame);
        assertTrue(frame.contains("DEGRADED"), frame);
    }
}
