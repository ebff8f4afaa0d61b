package io.smi4j.dashboard;

import static io.smi4j.dashboard.Keys.ch;
import static io.smi4j.dashboard.Keys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.smi4j.model.HostSnapshot;
import io.smi4j.report.Fixtures;
import org.junit.jupiter.api.Test;

class DashboardKeysTest {

    private static final TerminalSize SIZE = new TerminalSize(200, 50);

    @Test
    void tabAndNumberKeysSwitchTabsAndTheVgpuTabExistsOnlyOnVgpuHosts() {
        HostSnapshot host = Fixtures.vgpuHost();
        ViewState state = new ViewState();
        assertEquals(ViewState.Action.REDRAW, state.onKey(key(KeyType.Tab), host));
        assertEquals(ViewState.Tab.VGPU, state.tab(host));
        state.onKey(ch('3'), host);
        assertEquals(ViewState.Tab.PROCESSES, state.tab(host));
        state.onKey(key(KeyType.ReverseTab), host);
        assertEquals(ViewState.Tab.VGPU, state.tab(host));

        HostSnapshot metal = Fixtures.bareMetal();
        ViewState plain = new ViewState();
        plain.onKey(key(KeyType.Tab), metal);
        assertEquals(ViewState.Tab.PROCESSES, plain.tab(metal));
        assertEquals(ViewState.Action.NONE, plain.onKey(ch('3'), metal));
    }

    @Test
    void qEscapeAndCtrlCQuit() {
        HostSnapshot s = Fixtures.bareMetal();
        assertEquals(ViewState.Action.QUIT, new ViewState().onKey(ch('q'), s));
        assertEquals(ViewState.Action.QUIT, new ViewState().onKey(key(KeyType.Escape), s));
        assertEquals(ViewState.Action.QUIT, new ViewState().onKey(
                new KeyStroke('c', true, false), s));
        assertEquals(ViewState.Action.QUIT, new ViewState().onKey(key(KeyType.EOF), s));
    }

    @Test
    void questionMarkOpensTheHelpAndEscapeClosesItWithoutQuitting() {
        HostSnapshot s = Fixtures.vgpuHost();
        ViewState state = new ViewState();
        state.onKey(ch('?'), s);
        assertTrue(Frames.text(s, state, SIZE).contains("fold / unfold the selected GPU's vGPU section"));
        assertEquals(ViewState.Action.REDRAW, state.onKey(key(KeyType.Escape), s));
        assertFalse(Frames.text(s, state, SIZE).contains("this help"));
    }

    @Test
    void theHelpNamesTheTabNumbersOfThisHostKind() {
        ViewState state = new ViewState();
        HostSnapshot host = Fixtures.vgpuHost();
        state.onKey(ch('?'), host);
        assertTrue(Frames.text(host, state, SIZE).contains("go to a tab: 1 GPUs, 2 vGPU, 3 Processes"));
        HostSnapshot metal = Fixtures.bareMetal();
        String plain = Frames.text(metal, state, SIZE);
        assertTrue(plain.contains("go to a tab: 1 GPUs, 2 Processes") && !plain.contains("3 Processes"), plain);
    }

    @Test
    void downMovesTheSelectionToTheNextGpusDetails() {
        HostSnapshot s = Fixtures.bareMetal();
        ViewState state = new ViewState();
        assertTrue(Frames.text(s, state, SIZE).contains(" GPU 0  NVIDIA"));
        state.onKey(key(KeyType.ArrowDown), s);
        String frame = Frames.text(s, state, SIZE);
        assertTrue(frame.contains(" GPU 1  NVIDIA"), frame);
        state.onKey(key(KeyType.ArrowDown), s);
        assertTrue(Frames.text(s, state, SIZE).contains(" GPU 1  NVIDIA"), "the selection stops at the last GPU");
    }

    @Test
    void sortKeysOrderGpusByUtilizationMemoryAndIndex() {
        HostSnapshot s = Fixtures.bareMetal(); // GPU 1 is busier and fuller than GPU 0
        ViewState state = new ViewState();
        state.onKey(ch('u'), s);
        String byUtil = Frames.text(s, state, SIZE);
        assertTrue(byUtil.indexOf("91%") < byUtil.indexOf("37%"), byUtil);
        assertTrue(byUtil.contains("sort: utilization"));
        state.onKey(ch('m'), s);
        String byMemory = Frames.text(s, state, SIZE);
        assertTrue(byMemory.indexOf("35.0/40.0 GiB") < byMemory.indexOf("12.0/40.0 GiB"), byMemory);
        state.onKey(ch('i'), s);
        String byIndex = Frames.text(s, state, SIZE);
        assertTrue(byIndex.indexOf("37%") < byIndex.indexOf("91%"), byIndex);
    }

    @Test
    void enterFoldsAndUnfoldsTheSelectedGpusVgpuSection() {
        HostSnapshot s = Fixtures.vgpuHost();
        ViewState state = new ViewState(ViewState.Tab.VGPU);
        assertTrue(Frames.text(s, state, SIZE).contains("vm-alpha"));
        state.onKey(key(KeyType.Enter), s);
        String folded = Frames.text(s, state, SIZE);
        assertFalse(folded.contains("vm-alpha"), folded);
        assertTrue(folded.contains("\u25b6 GPU 0") && folded.contains("vm-delta"), folded);
        state.onKey(ch(' '), s);
        assertTrue(Frames.text(s, state, SIZE).contains("vm-alpha"));
    }

    @Test
    void sortKeysAlsoOrderTheVgpusOfASection() {
        HostSnapshot s = Fixtures.vgpuHost(); // GPU 0: vm-alpha 45% 3 GiB, vm-bravo 12% 1 GiB, vm-charlie no sample 6 GiB
        ViewState state = new ViewState(ViewState.Tab.VGPU);
        state.onKey(ch('u'), s);
        String byUtil = Frames.text(s, state, SIZE);
        assertTrue(byUtil.indexOf("vm-alpha") < byUtil.indexOf("vm-bravo")
                && byUtil.indexOf("vm-bravo") < byUtil.indexOf("vm-charlie"), byUtil);
        state.onKey(ch('m'), s);
        String byMemory = Frames.text(s, state, SIZE);
        assertTrue(byMemory.indexOf("vm-charlie") < byMemory.indexOf("vm-alpha")
                && byMemory.indexOf("vm-alpha") < byMemory.indexOf("vm-bravo"), byMemory);
    }
}
