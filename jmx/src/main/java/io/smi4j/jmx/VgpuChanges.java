package io.smi4j.jmx;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.VgpuInstance;
import java.util.HashMap;
import java.util.Map;

/**
 * The vGPUs that started and stopped between two consecutive snapshots, matched per (GPU index, vGPU
 * instance id). One diff serves both the JMX notifications and the JFR start/stop events.
 */
public final class VgpuChanges {

    /** Receives one vGPU that started or stopped on GPU {@code gpuIndex}. */
    @FunctionalInterface
    public interface Sink {
        void accept(int gpuIndex, VgpuInstance vgpu);
    }

    private VgpuChanges() {
    }

    /**
     * Calls {@code started} for each vGPU in {@code now} but not in {@code before}, then {@code stopped}
     * for each vGPU in {@code before} but not in {@code now}, each in snapshot order.
     */
    public static void diff(HostSnapshot before, HostSnapshot now, Sink started, Sink stopped) {
        Map<Long, VgpuInstance> was = byKey(before);
        Map<Long, VgpuInstance> is = byKey(now);
        report(now, was, started);
        report(before, is, stopped);
    }

    /** Reports the vGPUs of {@code snapshot} whose key {@code other} lacks. */
    private static void report(HostSnapshot snapshot, Map<Long, VgpuInstance> other, Sink sink) {
        for (GpuInfo gpu : snapshot.gpus()) {
            gpu.vgpuHost().ifPresent(v -> v.vgpus().forEach(x -> {
                if (!other.containsKey(key(gpu.index(), x.id()))) {
                    sink.accept(gpu.index(), x);
                }
            }));
        }
    }

    private static Map<Long, VgpuInstance> byKey(HostSnapshot s) {
        Map<Long, VgpuInstance> m = new HashMap<>();
        for (GpuInfo gpu : s.gpus()) {
            gpu.vgpuHost().ifPresent(v -> v.vgpus().forEach(x -> m.put(key(gpu.index(), x.id()), x)));
        }
        return m;
    }

    /** One long per (GPU, vGPU): instance ids are unsigned 32-bit. */
    static long key(int gpuIndex, long vgpuId) {
        return ((long) gpuIndex << 32) | (vgpuId & 0xFFFF_FFFFL);
    }
}
