package io.smi4j.dashboard;

import static io.smi4j.dashboard.Keys.ch;
import static io.smi4j.dashboard.Keys.key;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.report.Fixtures;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The selection is a GPU, kept by UUID: re-sorting and polls that reorder the GPUs do not move it. */
class SelectionTest {

    private static final TerminalSize SIZE = new TerminalSize(200, 50);

    @Test
    void aResortKeepsTheSelectedGpuOnTheGpusTab() {
        HostSnapshot s = Fixtures.bareMetal(); // GPU 0 at 37%, GPU 1 at 91%
        ViewState state = new ViewState();
        assertTrue(Frames.text(s, state, SIZE).contains(" GPU 0  NVIDIA"));
        state.onKey(ch('u'), s); // GPU 1 now comes first
        String byUtil = Frames.text(s, state, SIZE);
        assertTrue(byUtil.indexOf("91%") < byUtil.indexOf("37%"), byUtil);
        assertTrue(byUtil.contains(" GPU 0  NVIDIA") && !byUtil.contains(" GPU 1  NVIDIA"), byUtil);
        state.onKey(key(KeyType.ArrowUp), s); // the GPU above GPU 0 in the order shown
        assertTrue(Frames.text(s, state, SIZE).contains(" GPU 1  NVIDIA"));
    }

    @Test
    void aPollThatReordersTheGpusKeepsTheSelectedGpuAndItsSchedulerLog() {
        HostSnapshot first = Fixtures.vgpuHost(); // GPU 0 at 64%, GPU 1 at 23%
        ViewState state = new ViewState(ViewState.Tab.VGPU);
        state.onKey(ch('u'), first);
        state.onKey(key(KeyType.ArrowDown), first); // the second by utilization: GPU 1
        assertTrue(Frames.text(first, state, SIZE).contains("Scheduler log  GPU 1"));
        // The next poll: GPU 1 got busier than GPU 0 and moves to the top.
        HostSnapshot next = withUtilization(first, List.of(10.0, 80.0));
        String frame = Frames.text(next, state, SIZE);
        assertTrue(frame.indexOf("\u25bc GPU 1") < frame.indexOf("\u25bc GPU 0"), frame);
        assertTrue(frame.contains("Scheduler log  GPU 1"), frame);
        state.onKey(ch('i'), next); // back to index order: still GPU 1, now in the second row
        assertTrue(Frames.text(next, state, SIZE).contains("Scheduler log  GPU 1"));
        state.onKey(key(KeyType.Enter), next);
        assertTrue(Frames.text(next, state, SIZE).contains("\u25b6 GPU 1"), "Enter folds the selected GPU");
    }

    @Test
    void theSelectionFollowsTheGpuFromTabToTab() {
        HostSnapshot s = Fixtures.vgpuHost();
        ViewState state = new ViewState();
        state.onKey(key(KeyType.ArrowDown), s);
        state.onKey(ch('2'), s);
        assertTrue(Frames.text(s, state, SIZE).contains("Scheduler log  GPU 1"));
    }

    /** {@code s} with each GPU's utilization replaced, in order; every other value as it was. */
    private static HostSnapshot withUtilization(HostSnapshot s, List<Double> utilization) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (int i = 0; i < s.gpus().size(); i++) {
            gpus.add(with(s.gpus().get(i), "utilizationGpuPercent", utilization.get(i)));
        }
        return with(s, "gpus", gpus);
    }

    /** A copy of record {@code r} with one component replaced (the model's records have many components). */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R r, String component, Object value) {
        try {
            RecordComponent[] components = r.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(r);
            }
            return (R) r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
