package io.smi4j.dashboard;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * What the dashboard remembers across snapshots: a short utilization history per GPU (for the
 * sparklines); the scheduler log needs no memory here, each snapshot carries its newest entries.
 * Fed once per snapshot; used from the render thread only.
 */
public final class History {

    /** Utilization samples kept per GPU. */
    public static final int UTILIZATION_SAMPLES = 120;

    private final Map<Integer, Samples> utilization = new HashMap<>();
    private HostSnapshot last;

    /** Takes in one snapshot; the same snapshot again changes nothing (frames re-render it). */
    public void observe(HostSnapshot snapshot) {
        if (snapshot == last) {
            return;
        }
        last = snapshot;
        for (GpuInfo gpu : snapshot.gpus()) {
            Samples samples = utilization.computeIfAbsent(gpu.index(), i -> new Samples());
            double u = gpu.utilizationGpuPercent();
            samples.ring[samples.count++ % UTILIZATION_SAMPLES] = Double.isNaN(u) ? -1 : (int) Math.round(u);
        }
    }

    /** How many utilization samples of this GPU are known (at most {@link #UTILIZATION_SAMPLES}). */
    public int utilizationSamples(int gpuIndex) {
        Samples samples = utilization.get(gpuIndex);
        return samples == null ? 0 : Math.min(UTILIZATION_SAMPLES, samples.count);
    }

    /** The {@code back}-th newest utilization sample (0 = newest) in whole percent, -1 when not available. */
    public int utilization(int gpuIndex, int back) {
        if (back >= utilizationSamples(gpuIndex)) {
            return -1;
        }
        Samples samples = utilization.get(gpuIndex);
        return samples.ring[(samples.count - 1 - back) % UTILIZATION_SAMPLES];
    }

    /** One GPU's utilization ring: {@code count} samples taken so far, the newest at {@code (count - 1) % size}. */
    private static final class Samples {
        final int[] ring = new int[UTILIZATION_SAMPLES];
        int count;
    }
}
