package io.smi4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.MigBackedScenario;
import io.smi4j.mock.MockNvml;
import io.smi4j.model.CallError;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuInstance;
import io.smi4j.report.Fixtures;
import io.smi4j.report.Format;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DashboardRendererTest {

    private static final TerminalSize LARGE = new TerminalSize(200, 60);

    private static String vgpuRowOf(String frame, VgpuInstance v) {
        String id = Long.toUnsignedString(v.id());
        return frame.lines().filter(l -> l.contains(" " + id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for vGPU " + id + " in\n" + frame));
    }

    @Test
    void theVgpuViewShowsEveryVgpuWithItsValues() {
        HostSnapshot s = Fixtures.vgpuHost();
        String frame = Frames.text(s, new ViewState(ViewState.Tab.VGPU), LARGE);
        int vgpus = 0;
        for (var gpu : s.gpus()) {
            for (VgpuInstance v : gpu.vgpuHost().orElseThrow().vgpus()) {
                vgpus++;
                String row = vgpuRowOf(frame, v);
                assertTrue(row.contains(v.typeName()), row);
                assertTrue(row.contains(v.vmId()), row);
                assertTrue(row.contains(Format.percent(v.smUtil()) + " "), row);
                assertTrue(row.contains(Format.percent(v.memUtil()) + " "), row);
                assertTrue(row.contains(Format.usedOfTotal(v.fbUsedBytes(), v.fbTotalBytes())), row);
                assertTrue(row.contains(Format.license(v.licenseState())), row);
                for (var a : v.accounting()) {
                    assertTrue(row.contains(" " + a.pid()), row);
                }
            }
        }
        assertEquals(4, vgpus);
        assertTrue(frame.contains("scheduler equal share   ARR enabled   timeslice 2 ms   avg factor 33"), frame);
        assertTrue(frame.contains("timeslice 1-30 ms   ARR avg factor 1-60   ARR frequency 1-960 Hz"), frame);
        assertTrue(frame.contains("host mode SR-IOV"), frame);
    }

    @Test
    void theVgpuViewShowsHowManyMoreOfEachTypeCanBeCreatedAndWhere() {
        String frame = Frames.text(Fixtures.vgpuHost(), new ViewState(ViewState.Tab.VGPU), LARGE);
        assertTrue(frame.contains("capacity  GRID A16-4Q +1 @12"), frame);
    }

    @Test
    void theVgpuSectionTitleShowsWhatTheGpuAllowsAndItsMigrationBandwidth() {
        String frame = Frames.text(Fixtures.vgpuHost(), new ViewState(ViewState.Tab.VGPU), LARGE);
        // the fixture: mixed types and sizes and streaming on, fractional multi-vGPU off, warm update unknown
        assertTrue(frame.contains("types 1   vGPU: mixed types, mixed sizes, streaming   migration r/w 6.0 GB/s/5.0 GB/s"),
                frame);
    }

    /** MIG-backed vGPU: each GPU instance's line (scheduler, capacity there) with its own vGPUs below it. */
    @Test
    void theVgpuViewGroupsMigBackedVgpusUnderTheirGpuInstanceWithItsCapacity() {
        HostSnapshot s;
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.frozen(MigBackedScenario.create()), 2)) {
            s = reader.read();
        }
        String frame = Frames.text(s, new ViewState(ViewState.Tab.VGPU), LARGE);
        List<String> lines = frame.lines().toList();
        int one = indexOf(lines, "GPU instance 1  2 vGPUs  scheduler fixed share 2 ms  heterogeneous off  capacity none now");
        int two = indexOf(lines, "GPU instance 2  1 vGPUs  scheduler equal share 2 ms  heterogeneous off  capacity  "
                + "A100-2-5C +1 @1");
        int three = indexOf(lines, "GPU instance 3  0 vGPUs  scheduler equal share 2 ms  heterogeneous off  capacity  "
                + "A100-2-5C +2 @0,1");
        assertTrue(0 <= one && one < two && two < three, frame);
        List<VgpuInstance> vgpus = s.gpus().get(0).vgpuHost().orElseThrow().vgpus();
        for (VgpuInstance v : vgpus) {
            int row = lines.indexOf(vgpuRowOf(frame, v));
            // 0xE0000001 and 2 on instance 1, 0xE0000003 on instance 2
            assertTrue(v.gpuInstanceId() == 1 ? one < row && row < two : two < row && row < three,
                    Long.toHexString(v.id()) + "\n" + frame);
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theVgpuViewShowsTheNewestSchedulerLogEntriesFirst() {
        String frame = Frames.text(Fixtures.vgpuHost(), new ViewState(ViewState.Tab.VGPU), LARGE);
        int newer = frame.indexOf("5.002000");
        int older = frame.indexOf("5.000000");
        assertTrue(newer > 0 && older > newer, frame);
    }

    @Test
    void aBareMetalHostShowsNoVgpuTextOnAnyTabNorInTheHelp() {
        HostSnapshot s = Fixtures.bareMetal();
        for (ViewState.Tab tab : ViewState.Tab.values()) {
            ViewState state = new ViewState(tab);
            String frame = Frames.text(s, state, LARGE);
            assertFalse(frame.toLowerCase(Locale.ROOT).contains("vgpu"), frame);
            state.onKey(Keys.ch('?'), s);
            String help = Frames.text(s, state, LARGE);
            assertTrue(help.contains("this help"), help);
            assertFalse(help.toLowerCase(Locale.ROOT).contains("vgpu"), help);
        }
    }

    @Test
    void theGpuTabShowsTheSelectedGpusProcessesAndMigInstances() {
        String frame = Frames.text(Fixtures.migHost(), new ViewState(), LARGE);
        assertTrue(frame.contains("trainer"), frame);
        assertTrue(frame.contains("MIG instances (1)"), frame);
        assertTrue(frame.contains("MIG-11111111-2222-3333-4444-555555555555"), frame);
        String metal = Frames.text(Fixtures.bareMetal(), new ViewState(), LARGE);
        assertTrue(metal.contains("python3") && metal.contains("4242"), metal);
        assertFalse(metal.contains("MIG instances"), metal);
    }

    @Test
    void theGpuTabNamesTheNvmlCallsThatFailedForTheSelectedGpu() {
        HostSnapshot ok = Fixtures.bareMetal();
        HostSnapshot s = new HostSnapshot(ok.hostName(), ok.sequence(), ok.time(), ok.pollDuration(), ok.status(),
                ok.statusDetail(), ok.driverVersion(), ok.nvmlVersion(), ok.cudaDriverVersion(), ok.gpus(),
                List.of(new CallError(0, -1, "nvmlDeviceGetTemperature", 15), new CallError(1, -1, "nvmlDeviceGetPowerUsage", 999)),
                ok.errorTotals(), ok.anomalyTotals(), ok.pollOverruns(), ok.vgpuDriverCapabilities());
        String frame = Frames.text(s, new ViewState(), LARGE);
        assertTrue(frame.contains("NVML calls that failed in this poll: nvmlDeviceGetTemperature GPU_IS_LOST (15)"), frame);
        assertFalse(frame.contains("nvmlDeviceGetPowerUsage"), "GPU 1 is not selected");
        assertTrue(frame.contains("2 call errors"), frame);
    }

    @Test
    void aDegradedOrStaleHostSaysSoFirstSoANarrowTerminalStillShowsIt() {
        HostSnapshot ok = Fixtures.bareMetal();
        HostSnapshot degraded = new HostSnapshot(ok.hostName(), ok.sequence(), ok.time(), ok.pollDuration(),
                io.smi4j.model.HostStatus.DEGRADED, "GPU 1 unavailable", ok.driverVersion(), ok.nvmlVersion(),
                ok.cudaDriverVersion(), ok.gpus(), List.of(new CallError(1, -1, "nvmlDeviceGetHandleByIndex_v2", 999)),
                ok.errorTotals(), ok.anomalyTotals(), ok.pollOverruns(), ok.vgpuDriverCapabilities());
        String narrow = Frames.text(degraded, new ViewState(), new com.googlecode.lanterna.TerminalSize(100, 30));
        assertTrue(narrow.lines().findFirst().orElseThrow().contains("DEGRADED"), narrow);
        HostSnapshot stale = ok.stale("poll 8 overran its deadline", 1);
        String staleFrame = Frames.text(stale, new ViewState(), new com.googlecode.lanterna.TerminalSize(100, 30));
        assertTrue(staleFrame.lines().findFirst().orElseThrow().contains("STALE"), staleFrame);
    }

    @Test
    void aHostWithoutDriverShowsWhyInsteadOfGpus() {
        String frame = Frames.text(Fixtures.noDriver(), new ViewState(), LARGE);
        assertTrue(frame.contains("NVML unavailable (NO_DRIVER)"), frame);
        assertTrue(frame.contains("Driver Not Loaded"), frame);
    }

    @Test
    void aSixtyByTwentyTerminalRendersEveryTabWithoutExceptions() {
        TerminalSize small = new TerminalSize(60, 20);
        for (HostSnapshot s : List.of(Fixtures.vgpuHost(), Fixtures.bareMetal(), Fixtures.migHost(),
                Fixtures.noDriver())) {
            for (ViewState.Tab tab : ViewState.Tab.values()) {
                ViewState state = new ViewState(tab);
                String frame = Frames.text(s, state, small);
                assertEquals(20, frame.lines().count());
                assertTrue(frame.lines().allMatch(l -> l.length() <= 60), frame);
                assertTrue(frame.startsWith(" smi4j"), frame);
                state.onKey(Keys.ch('?'), s);
                Frames.text(s, state, small);
            }
        }
    }

    @Test
    void evenTinyTerminalsDoNotBreakTheRenderer() {
        for (int cols : new int[] {1, 5, 20}) {
            for (int rows : new int[] {1, 3, 6}) {
                Frames.text(Fixtures.vgpuHost(), new ViewState(ViewState.Tab.VGPU), new TerminalSize(cols, rows));
            }
        }
    }
}
