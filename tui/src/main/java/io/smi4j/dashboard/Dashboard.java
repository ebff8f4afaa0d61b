package io.smi4j.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import io.smi4j.collect.Poller;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The interactive loop: reads keys, follows the poller's latest snapshot and redraws when
 * either changed or the terminal was resized. A frame only reads the latest snapshot, so a
 * slow NVML never stalls the screen. The terminal is restored on return, on an exception
 * and (through a shutdown hook) when the JVM is stopped.
 */
public final class Dashboard {

    private static final long IDLE_NANOS = 20_000_000L;

    private final Supplier<Optional<HostSnapshot>> latest;
    private final String source;

    /**
     * @param latest where frames come from, usually {@link Poller#latest()}
     * @param source what is polled, for the waiting screen
     */
    public Dashboard(Supplier<Optional<HostSnapshot>> latest, String source) {
        this.latest = latest;
        this.source = source;
    }

    /** Runs on {@code terminal} until the operator quits or the input ends. */
    public void run(Terminal terminal, ViewState state) throws IOException {
        run(terminal, state, () -> false);
    }

    /** Runs on {@code terminal} until the operator quits, the input ends or {@code stopRequested} says so. */
    public void run(Terminal terminal, ViewState state, BooleanSupplier stopRequested) throws IOException {
        Screen screen = new TerminalScreen(terminal);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable restore = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    screen.stopScreen();
                } catch (IOException | RuntimeException e) {
                    // The terminal is going away with the JVM; nothing left to restore it with.
                }
            }
        };
        Thread hook = new Thread(restore, "smi4j-terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            screen.startScreen();
            screen.setCursorPosition(null);
            loop(screen, state, stopRequested);
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs (and finds the screen stopped).
            }
        }
    }

    private void loop(Screen screen, ViewState state, BooleanSupplier stopRequested) throws IOException {
        HostSnapshot shown = null;
        boolean dirty = true;
        boolean complete = true;
        TextGraphics graphics = null;
        while (!stopRequested.getAsBoolean()) {
            HostSnapshot snapshot = latest.get().orElse(null);
            KeyStroke key;
            while ((key = screen.pollInput()) != null) {
                ViewState.Action action = snapshot == null
                        ? (ViewState.quits(key) ? ViewState.Action.QUIT : ViewState.Action.NONE)
                        : state.onKey(key, snapshot);
                if (action == ViewState.Action.QUIT) {
                    return;
                }
                dirty |= action == ViewState.Action.REDRAW;
            }
            TerminalSize resized = screen.doResizeIfNecessary();
            if (resized != null) {
                dirty = true;
                complete = true;
            }
            if (snapshot != shown) {
                dirty = true;
            }
            if (dirty) {
                if (graphics == null || resized != null) {
                    // One graphics per screen size: the renderer then sends only the cells that changed.
                    graphics = screen.newTextGraphics();
                }
                if (snapshot == null) {
                    DashboardRenderer.renderWaiting(graphics, source);
                } else {
                    DashboardRenderer.render(snapshot, state, graphics);
                }
                screen.refresh(complete ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                shown = snapshot;
                dirty = false;
                complete = false;
            } else {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }
}
