package io.smi4j.dashboard;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the operator chose (tab, selection, sort, folded vGPU sections, help) and the
 * {@link History}. Key handling changes it; the renderer reads it and resolves the selection
 * against what the snapshot holds.
 *
 * <p>The selection is a GPU, not a screen row: it is kept by UUID, so that a re-sort or a poll
 * that reorders the GPUs leaves the same GPU selected (its details, its vGPU section, its
 * scheduler log); the arrow keys move it to the GPU above or below in the order shown. Only when
 * the selected GPU is gone does the selection fall back to its last row.
 */
public final class ViewState {

    /** The dashboard's tabs; the vGPU tab exists only on vGPU hosts. */
    public enum Tab {
        GPUS("GPUs"), VGPU("vGPU"), PROCESSES("Processes");

        private final String title;

        Tab(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The order of GPUs (and of vGPUs in the vGPU view). */
    public enum Sort {
        INDEX("index"), UTILIZATION("utilization"), MEMORY("memory");

        private final String title;

        Sort(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** What a key asks the dashboard loop to do. */
    public enum Action { NONE, REDRAW, QUIT }

    private static final List<Tab> ALL_TABS = List.of(Tab.GPUS, Tab.VGPU, Tab.PROCESSES);
    private static final List<Tab> PLAIN_TABS = List.of(Tab.GPUS, Tab.PROCESSES);

    private final History history = new History();
    private final Frame frame = new Frame();
    private final Set<Integer> folded = new HashSet<>();
    private Tab tab = Tab.GPUS;
    private Sort sort = Sort.INDEX;
    /** The selected GPU's {@link #identity(GpuInfo)}; null until a frame resolved one. */
    private String selectedGpuId;
    /** Its row when last drawn: where the selection stays when that GPU is gone. */
    private int selectedRow;
    /** Rows the arrow keys moved the selection since the last frame. */
    private int pendingMove;
    private boolean help;
    private int selectedGpu = -1;

    public ViewState() {
    }

    public ViewState(Tab tab) {
        this.tab = tab;
    }

    /** The tabs a host has: no vGPU tab unless it is a vGPU host. */
    public static List<Tab> tabs(boolean vgpuHost) {
        return vgpuHost ? ALL_TABS : PLAIN_TABS;
    }

    /** The tab shown for this snapshot (the vGPU tab falls back to GPUs off a vGPU host). */
    public Tab tab(HostSnapshot snapshot) {
        return tab == Tab.VGPU && !snapshot.isVgpuHost() ? Tab.GPUS : tab;
    }

    public Sort sort() {
        return sort;
    }

    public boolean helpShown() {
        return help;
    }

    public History history() {
        return history;
    }

    Frame frame() {
        return frame;
    }

    /**
     * The row of the selected GPU in {@code rows} (the current tab's list, in the order shown), after
     * the moves the keys asked for; the selection then is that row's GPU. 0 when {@code rows} is empty.
     */
    public int select(List<GpuInfo> rows) {
        if (rows.isEmpty()) {
            pendingMove = 0;
            return 0;
        }
        int row = selectedRow;
        for (int i = 0; i < rows.size(); i++) {
            if (identity(rows.get(i)).equals(selectedGpuId)) {
                row = i;
                break;
            }
        }
        row = Math.min(Math.max(row + pendingMove, 0), rows.size() - 1);
        pendingMove = 0;
        selectedRow = row;
        selectedGpuId = identity(rows.get(row));
        return row;
    }

    /** What identifies a GPU across polls and orders: its UUID (its index when NVML gave none). */
    static String identity(GpuInfo g) {
        return g.uuid().isEmpty() ? "index " + g.index() : g.uuid();
    }

    public boolean folded(int gpuIndex) {
        return folded.contains(gpuIndex);
    }

    /** The keys that quit whatever is on screen: q, Esc, Ctrl-C, end of input. */
    public static boolean quits(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.EOF || type == KeyType.Escape) {
            return true;
        }
        if (type != KeyType.Character) {
            return false;
        }
        char c = key.getCharacter();
        return c == 'q' || c == 'Q' || (key.isCtrlDown() && (c == 'c' || c == 'C'));
    }

    /** The renderer tells which GPU is under the selection (-1: none), for the fold key. */
    void selectedGpu(int gpuIndex) {
        selectedGpu = gpuIndex;
    }

    /**
     * Applies one key.
     *
     * @param snapshot the snapshot on screen (which tabs exist)
     */
    public Action onKey(KeyStroke key, HostSnapshot snapshot) {
        List<Tab> tabs = tabs(snapshot.isVgpuHost());
        Tab current = tab(snapshot);
        KeyType type = key.getKeyType();
        if (type == KeyType.EOF) {
            return Action.QUIT;
        }
        if (type == KeyType.Escape) {
            if (help) {
                help = false;
                return Action.REDRAW;
            }
            return Action.QUIT;
        }
        if (type == KeyType.Tab || type == KeyType.ArrowRight) {
            tab = tabs.get((tabs.indexOf(current) + 1) % tabs.size());
            return Action.REDRAW;
        }
        if (type == KeyType.ReverseTab || type == KeyType.ArrowLeft) {
            tab = tabs.get((tabs.indexOf(current) + tabs.size() - 1) % tabs.size());
            return Action.REDRAW;
        }
        if (type == KeyType.ArrowUp) {
            pendingMove--;
            return Action.REDRAW;
        }
        if (type == KeyType.ArrowDown) {
            pendingMove++;
            return Action.REDRAW;
        }
        if (type == KeyType.Enter) {
            return toggleFold(current);
        }
        if (type != KeyType.Character) {
            return Action.NONE;
        }
        char c = key.getCharacter();
        if (key.isCtrlDown() && (c == 'c' || c == 'C')) {
            return Action.QUIT;
        }
        switch (c) {
            case 'q', 'Q' -> {
                return Action.QUIT;
            }
            case '?', 'h' -> help = !help;
            case 'k' -> pendingMove--;
            case 'j' -> pendingMove++;
            case ' ' -> {
                return toggleFold(current);
            }
            case 'u' -> sort = Sort.UTILIZATION;
            case 'm' -> sort = Sort.MEMORY;
            case 'i' -> sort = Sort.INDEX;
            case 's' -> sort = Sort.values()[(sort.ordinal() + 1) % Sort.values().length];
            default -> {
                if (c >= '1' && c < '1' + tabs.size()) {
                    tab = tabs.get(c - '1');
                } else {
                    return Action.NONE;
                }
            }
        }
        return Action.REDRAW;
    }

    private Action toggleFold(Tab current) {
        if (current != Tab.VGPU || selectedGpu < 0) {
            return Action.NONE;
        }
        if (!folded.remove(selectedGpu)) {
            folded.add(selectedGpu);
        }
        return Action.REDRAW;
    }
}
