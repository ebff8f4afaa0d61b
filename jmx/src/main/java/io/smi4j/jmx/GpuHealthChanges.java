package io.smi4j.jmx;

import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The GPUs whose health state changed between two snapshots, matched by GPU index (a GPU that cannot be opened has
 * no UUID to match). One diff serves the JMX notification and the JFR event.
 */
public final class GpuHealthChanges {

    private GpuHealthChanges() {
    }

    /** Calls {@code changed} with each GPU of {@code now} and its health in {@code before}, when the states differ. */
    public static void diff(HostSnapshot before, HostSnapshot now, BiConsumer<GpuInfo, GpuHealth> changed) {
        Map<Integer, GpuHealth> was = new HashMap<>();
        for (GpuInfo g : before.gpus()) {
            was.put(g.index(), g.health());
        }
        for (GpuInfo g : now.gpus()) {
            GpuHealth old = was.get(g.index());
            if (old != null && old.state() != g.health().state()) {
                changed.accept(g, old);
            }
        }
    }
}
