package io.smi4j.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.dashboard.DashboardRenderer;
import io.smi4j.dashboard.ViewState;
import io.smi4j.mock.MockNvml;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One dashboard frame of the vGPU view for {@code vgpu-host-large} on a 200x60 Lanterna virtual
 * terminal, as the dashboard makes it when a poll arrives: draw, then a delta refresh (only the
 * cells that changed reach the terminal). Frames alternate between two consecutive polls of the
 * live mock, so values change as they do on screen. Also: drawing alone, and a frame with a
 * complete refresh (what the dashboard does after a resize).
 */
@State(Scope.Benchmark)
public class FrameBench {

    static final TerminalSize SIZE = new TerminalSize(200, 60);

    private HostSnapshot[] snapshots;
    private int next;
    private ViewState state;
    private TerminalScreen screen;
    private TextGraphics graphics;

    @Setup
    public void setup() throws IOException {
        try (NvmlGpuReader reader = new NvmlGpuReader(MockNvml.live(Hosts.LARGE, Hosts.SEED), 64)) {
            Hosts.warm(reader);
            snapshots = new HostSnapshot[] {Polls.requireClean(Hosts.LARGE, reader.read()), reader.read()};
        }
        state = new ViewState(ViewState.Tab.VGPU);
        if (state.tab(snapshots[0]) != ViewState.Tab.VGPU) {
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

    private HostSnapshot nextSnapshot() {
        next ^= 1;
        return snapshots[next];
    }

    @Benchmark
    public Screen frame() throws IOException {
        DashboardRenderer.render(nextSnapshot(), state, graphics);
        screen.refresh(Screen.RefreshType.DELTA);
        return screen;
    }

    @Benchmark
    public Screen draw() {
        DashboardRenderer.render(nextSnapshot(), state, graphics);
        return screen;
    }

    @Benchmark
    public Screen frameComplete() throws IOException {
        DashboardRenderer.render(nextSnapshot(), state, graphics);
        screen.refresh(Screen.RefreshType.COMPLETE);
        return screen;
    }
}
