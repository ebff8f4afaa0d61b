package io.smi4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One software runlist's share of the GPU's run time over the window of scheduler log entries a snapshot holds
 * ({@link VgpuHostInfo#recentLogEntries()}, at most NVML's 200): what time-slicing gave each vGPU lately. NVML names
 * runlists, not vGPUs (a runlist per vGPU, with no id linking the two), so the share is per runlist.
 *
 * @param swRunlistId     the software runlist
 * @param share           its run time over the run time of every runlist in the window, 0 to 1; NaN when nothing
 *                        ran in the window
 * @param timeRunSeconds  its run time in the window (the sum of its entries' {@code timeRun})
 * @param entries         its entries in the window
 * @param weight          its weight as of its newest entry ({@code nvmlDeviceGetVgpuSchedulerLog_v2}), -1 before the
 *                        v2 log
 */
public record RunlistShare(long swRunlistId, double share, double timeRunSeconds, long entries, long weight) {

    /** The shares of the runlists in {@code window}, by runlist id in order of first appearance. */
    public static List<RunlistShare> of(List<SchedulerLogEntry> window) {
        Map<Long, double[]> byRunlist = new LinkedHashMap<>();
        double total = 0;
        for (SchedulerLogEntry e : window) {
            double[] sum = byRunlist.computeIfAbsent(e.swRunlistId(), k -> new double[3]);
            double run = Math.max(0, e.timeRunSeconds());
            sum[0] += run;
            sum[1]++;
            sum[2] = e.weight();
            total += run;
        }
        List<RunlistShare> out = new ArrayList<>(byRunlist.size());
        for (Map.Entry<Long, double[]> r : byRunlist.entrySet()) {
            double[] sum = r.getValue();
            out.add(new RunlistShare(r.getKey(), total > 0 ? sum[0] / total : Double.NaN, sum[0], (long) sum[1],
                    (long) sum[2]));
        }
        return out;
    }
}
