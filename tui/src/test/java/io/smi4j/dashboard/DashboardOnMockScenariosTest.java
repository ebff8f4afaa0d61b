package io.smi4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuInstance;
import io.smi4j.report.Format;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The dashboard over the mock presets, polled through the real collector. */
class DashboardOnMockScenariosTest {

    private static HostSnapshot poll(String scenario) {
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock(scenario))) {
            reader.read();
            return reader.read();
        }
    }

    @Test
    void onTheVgpuHostPresetTheVgpuViewShowsEveryVgpuWithItsValues() {
        HostSnapshot s = poll("vgpu-host");
        String frame = Frames.text(s, new ViewState(ViewState.Tab.VGPU), new TerminalSize(220, 160));
        int hosts = 0;
        int vgpus = 0;
        for (GpuInfo g : s.gpus()) {
            if (g.vgpuHost().isEmpty()) {
                continue;
            }
            hosts++;
            String title = "\u25bc GPU " + g.index() + "  " + g.name() + " ";
            assertTrue(frame.lines().anyMatch(l -> l.startsWith(title) && l.contains(" host mode ")), frame);
            for (VgpuInstance v : g.vgpuHost().get().vgpus()) {
                vgpus++;
                String id = Long.toUnsignedString(v.id());
                String row = frame.lines().filter(l -> l.startsWith("    " + id + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError("no row for vGPU " + id + "\n" + frame));
                assertTrue(row.contains(" " + v.typeName() + " "), row);
                assertTrue(row.contains(" " + v.vmId() + " "), row);
                assertTrue(row.contains(" " + Format.percent(v.smUtil()) + " "), row);
                assertTrue(row.contains(" " + Format.percent(v.decUtil()) + " "), row);
                assertTrue(row.contains(" " + Format.usedOfTotal(v.fbUsedBytes(), v.fbTotalBytes()) + " "), row);
                assertTrue(row.contains(" " + Format.license(v.licenseState()) + " "), row);
                for (VgpuAccounting a : v.accounting()) {
                    assertTrue(row.contains(" " + a.pid()), row);
                }
            }
        }
        assertTrue(hosts > 0 && vgpus > hosts, "the preset has vGPU hosts with vGPUs");
        assertEquals(hosts, frame.lines().filter(l -> l.contains("   host mode ")).count());
        assertTrue(frame.contains("Scheduler log  GPU "), frame);
    }

    @Test
    void onTheBareMetalPresetNoVgpuTextAppearsAnywhere() {
        HostSnapshot s = poll("bare-metal");
        for (ViewState.Tab tab : ViewState.Tab.values()) {
            ViewState state = new ViewState(tab);
            assertFalse(Frames.text(s, state, new TerminalSize(200, 60)).toLowerCase(Locale.ROOT).contains("vgpu"));
            state.onKey(Keys.ch('?'), s);
            assertFalse(Frames.text(s, state, new TerminalSize(200, 60)).toLowerCase(Locale.ROOT).contains("vgpu"));
        }
    }

    @Test
    void onTheMigHostPresetTheGpuTabListsTheMigInstances() {
        HostSnapshot s = poll("mig-host");
        String frame = Frames.text(s, new ViewState(), new TerminalSize(200, 60));
        GpuInfo first = s.gpus().get(0);
        assertTrue(frame.contains("MIG instances (" + first.migInstances().size() + ")"), frame);
        for (MigInstance m : first.migInstances()) {
            assertTrue(frame.contains(m.uuid()), frame);
        }
    }

    @Test
    void theLargePresetRendersAt200x60AndAt60x20() {
        HostSnapshot s = poll("vgpu-host-large");
        for (TerminalSize size : new TerminalSize[] {new TerminalSize(200, 60), new TerminalSize(60, 20)}) {
            for (ViewState.Tab tab : ViewState.Tab.values()) {
                String frame = Frames.text(s, new ViewState(tab), size);
                assertEquals(size.getRows(), frame.lines().count());
            }
        }
    }
}
