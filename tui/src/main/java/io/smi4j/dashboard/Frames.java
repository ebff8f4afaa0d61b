package io.smi4j.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders frames without a real terminal: into a Lanterna {@link DefaultVirtualTerminal}
 * through a {@link TerminalScreen}, the same path a real terminal takes, then reads the
 * characters back. For tests, the README capture and {@code smi4j view --dump}.
 */
public final class Frames {

    private Frames() {
    }

    /** The frame for {@code snapshot} as text: one line per row, trailing blanks removed. */
    public static String text(HostSnapshot snapshot, ViewState state, TerminalSize size) {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(size);
        try {
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            DashboardRenderer.render(snapshot, state, screen.newTextGraphics());
            screen.refresh();
            String text = text(terminal);
            screen.stopScreen();
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a virtual terminal does no I/O
        }
    }

    /** What a virtual terminal shows now, one line per row, trailing blanks removed. */
    public static String text(DefaultVirtualTerminal terminal) {
        TerminalSize size = terminal.getTerminalSize();
        StringBuilder b = new StringBuilder(size.getRows() * (size.getColumns() + 1));
        for (int row = 0; row < size.getRows(); row++) {
            int start = b.length();
            for (int col = 0; col < size.getColumns(); col++) {
                b.append(terminal.getCharacter(col, row).getCharacterString());
            }
            int end = b.length();
            while (end > start && b.charAt(end - 1) == ' ') {
                end--;
            }
            b.setLength(end);
            b.append('\n');
        }
        return b.toString();
    }
}
