package io.smi4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import io.smi4j.model.HostSnapshot;
import io.smi4j.report.Fixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DashboardTest {

    @Test
    void aResizedTerminalGetsAFrameOfItsNewSize() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(200, 60));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        ViewState state = new ViewState(ViewState.Tab.VGPU);
        HostSnapshot s = Fixtures.vgpuHost();
        DashboardRenderer.render(s, state, screen.newTextGraphics());
        screen.refresh();
        terminal.setTerminalSize(new TerminalSize(90, 25));
        assertEquals(new TerminalSize(90, 25), screen.doResizeIfNecessary());
        DashboardRenderer.render(s, state, screen.newTextGraphics());
        screen.refresh(Screen.RefreshType.COMPLETE);
        String frame = Frames.text(terminal);
        assertEquals(25, frame.lines().count());
        assertTrue(frame.lines().allMatch(l -> l.length() <= 90));
        assertTrue(frame.lines().skip(24).findFirst().orElseThrow().startsWith(" Tab/1-3 tabs"), frame);
        assertTrue(frame.contains("vm-alpha"), frame);
        screen.stopScreen();
    }

    @Test
    void theLoopDrawsTheLatestSnapshotAndQuitsOnQRestoringTheTerminal() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        AtomicInteger reads = new AtomicInteger();
        HostSnapshot s = Fixtures.vgpuHost();
        Dashboard dashboard = new Dashboard(() -> {
            // The operator quits once a few frames were drawn.
            if (reads.incrementAndGet() == 5) {
                terminal.addInput(new KeyStroke('q', false, false));
            }
            return Optional.of(s);
        }, "test");
        String[] drawn = new String[1];
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                drawn[0] = Frames.text(terminal);
            }

            @Override
            public void onBell() {
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(Terminal t, TerminalSize size) {
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> dashboard.run(terminal, new ViewState()));
        assertTrue(reads.get() >= 5);
        assertTrue(drawn[0] != null && drawn[0].contains("hv01"), String.valueOf(drawn[0]));
        assertFalse(Frames.text(terminal).contains("hv01"), "the private screen is left on exit");
    }

    @Test
    void aFailingFrameStillRestoresTheTerminal() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        Dashboard dashboard = new Dashboard(() -> {
            throw new IllegalStateException("boom");
        }, "test");
        assertThrows(IllegalStateException.class, () -> dashboard.run(terminal, new ViewState()));
        assertTrue(Frames.text(terminal).isBlank());
    }

    @Test
    void beforeTheFirstPollTheLoopWaitsAndStillQuitsOnEndOfInput() {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        terminal.addInput(new KeyStroke(KeyType.EOF));
        Dashboard dashboard = new Dashboard(Optional::empty, "the mock vgpu-host");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> dashboard.run(terminal, new ViewState()));
    }
}
