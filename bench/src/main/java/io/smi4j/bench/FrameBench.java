package io.smi4j.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.smi4j.dashboard.DashboardRenderer;
import io.smi4j.dashboard.ViewState;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One dashboard frame of the vGPU view for {@code vgpu-host-large} on a 200x60 Lanterna virtual
 * terminal: drawing every cell, then a complete refresh of the screen into the terminal (a
 * delta refresh of an unchanged frame would draw nothing).
 */
@State(Scope.Benchmark)
public class FrameBench {

    static final TerminalSize SIZE = new TerminalSize(200, 60);

    private HostSnapshot snapshot;
    private ViewState state;
    private TerminalScreen screen;
    private TextGraphics graphics;

    @Setup
    public void setup() throws IOException {
        snapshot = Hosts.snapshot(Hosts.LARGE);
        state = new ViewState(ViewState.Tab.VGPU);
        if (state.tab(snapshot) != ViewState.Tab.VGPU) {
            throw new IllegalStateException("the vGPU view is not shown for " + Hosts.LARGE);
        }
        screen = new TerminalScreen(new DefaultVirtualTerminal(SIZE));
        screen.startScreen();
        graphics = screen.newTextGraphics();
    }

    @TearDown
    public void close() throws IOException {
        screen.stopScreen();
    }

    @Benchmark
    public Screen frame() throws IOException {
        DashboardRenderer.render(snapshot, state, graphics);
        screen.refresh(Screen.RefreshType.COMPLETE);
        return screen;
    }
}
