package io.smi4j.jmx;

import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuInstance;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vGPUs that started and stopped, matched per (GPU index, vGPU instance id), as successive snapshots
 * arrive. A vGPU stops only when a list of its GPU's vGPUs that was read no longer holds it: a GPU that could
 * not be read (lost, cannot be opened) or whose enumeration failed (a stale list) says nothing about its vGPUs,
 * so they are neither stopped then nor started again when it answers. One tracker per consumer serves the JMX notifications and the JFR events alike.
 */
public final class VgpuChanges {

    /** Receives one vGPU that started or stopped on GPU {@code gpuIndex}. */
    @FunctionalInterface
    public interface Sink {
        void accept(int gpuIndex, VgpuInstance vgpu);
    }

    private static final Object[] NO_SHAPE = new Object[0];

    /** The vGPUs known to run, by key: from each GPU's newest snapshot that listed them. */
    private final Map<Long, VgpuInstance> known = new LinkedHashMap<>();
    private boolean seeded;
    /**
     * What the last snapshot taken listed, per GPU in order: its index, whether its vGPU list counts (working, and
     * for stops not stale), and the list itself. The reader hands out the same list while every vGPU in it kept its
     * record, so a snapshot with the same lists, GPUs and health starts and stops nothing and is not walked.
     */
    private Object[] lastShape = NO_SHAPE;

    /**
     * Takes {@code now}: calls {@code started} for each vGPU it lists that was not known, then {@code stopped} for
     * each known vGPU of a GPU whose list {@code now} read that the list lacks, each in snapshot order. The first
     * snapshot only tells what runs.
     */
    public synchronized void next(HostSnapshot now, Sink started, Sink stopped) {
        if (!now.status().usable()) {
            return; // NVML could not be read at all (or, STALE, not read since): nothing new is known of any vGPU
        }
        if (seeded && sameShape(now)) {
            return;
        }
        Map<Long, VgpuInstance> listed = new HashMap<>();
        Map<Integer, Boolean> answered = new HashMap<>();
        for (GpuInfo gpu : now.gpus()) {
            // a list shown as last read says nothing of vGPUs that stopped since
            answered.put(gpu.index(), gpu.health().working() && !gpu.health().stale(GpuHealth.ListKind.VGPUS));
            if (gpu.health().working()) {
                gpu.vgpuHost().ifPresent(h -> h.vgpus().forEach(v -> listed.put(key(gpu.index(), v.id()), v)));
            }
        }
        for (GpuInfo gpu : now.gpus()) {
            if (gpu.health().working() && gpu.vgpuHost().isPresent()) {
                for (VgpuInstance v : gpu.vgpuHost().get().vgpus()) {
                    if (known.put(key(gpu.index(), v.id()), v) == null && seeded) {
                        started.accept(gpu.index(), v);
                    }
                }
            }
        }
        for (Iterator<Map.Entry<Long, VgpuInstance>> it = known.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, VgpuInstance> e = it.next();
            int gpu = (int) (e.getKey() >>> 32);
            // a GPU gone from the count, or read as no vGPU host any more, no longer runs these vGPUs
            if (answered.getOrDefault(gpu, true) && !listed.containsKey(e.getKey())) {
                it.remove();
                if (seeded) {
                    stopped.accept(gpu, e.getValue());
                }
            }
        }
        seeded = true;
        lastShape = shape(now);
    }

    private static Object[] shape(HostSnapshot now) {
        Object[] shape = new Object[now.gpus().size() * 3];
        int i = 0;
        for (GpuInfo gpu : now.gpus()) {
            shape[i++] = gpu.index();
            shape[i++] = (gpu.health().working() ? 1 : 0) + (gpu.health().stale(GpuHealth.ListKind.VGPUS) ? 2 : 0);
            shape[i++] = gpu.vgpuHost().isPresent() ? gpu.vgpuHost().get().vgpus() : null;
        }
        return shape;
    }

    /** Whether {@code now} has the GPUs, health and (the same) vGPU lists of the last snapshot taken. */
    private boolean sameShape(HostSnapshot now) {
        Object[] last = lastShape;
        if (last.length != now.gpus().size() * 3) {
            return false;
        }
        int i = 0;
        for (GpuInfo gpu : now.gpus()) {
            if ((Integer) last[i++] != gpu.index()
                    || (Integer) last[i++] != (gpu.health().working() ? 1 : 0)
                            + (gpu.health().stale(GpuHealth.ListKind.VGPUS) ? 2 : 0)
                    || last[i++] != (gpu.vgpuHost().isPresent() ? gpu.vgpuHost().get().vgpus() : null)) {
                return false;
            }
        }
        return true;
    }

    /** Forgets what runs: the next snapshot only tells it again. */
    public synchronized void forget() {
        known.clear();
        seeded = false;
        lastShape = NO_SHAPE; // called every poll while no recording wants the events: allocates nothing
    }

    /** One long per (GPU, vGPU): instance ids are unsigned 32-bit. */
    static long key(int gpuIndex, long vgpuId) {
        return ((long) gpuIndex << 32) | (vgpuId & 0xFFFF_FFFFL);
    }
}
