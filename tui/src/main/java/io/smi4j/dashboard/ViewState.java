package io.smi4j.dashboard;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.smi4j.model.HostSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the operator chose (tab, selection, sort, folded vGPU sections, help) and the
 * {@link History}. Key handling changes it; the renderer only reads it (and clamps the
 * selection to what the snapshot holds).
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
    private int selected;
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

    /** The selected row of the current list, clamped to {@code rows}. */
    public int selected(int rows) {
        selected = rows <= 0 ? 0 : Math.min(Math.max(selected, 0), rows - 1);
        return selected;
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
            selected = 0;
            return Action.REDRAW;
        }
        if (type == KeyType.ReverseTab || type == KeyType.ArrowLeft) {
            tab = tabs.get((tabs.indexOf(current) + tabs.size() - 1) % tabs.size());
            selected = 0;
            return Action.REDRAW;
        }
        if (type == KeyType.ArrowUp) {
            selected--;
            return Action.REDRAW;
        }
        if (type == KeyType.ArrowDown) {
            selected++;
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
            case 'k' -> selected--;
            case 'j' -> selected++;
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
                    selected = 0;
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
