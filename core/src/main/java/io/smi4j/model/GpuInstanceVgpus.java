package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * The vGPU side of one MIG GPU instance on a vGPU host in MIG mode (MIG-backed vGPU, R575 and later): its vGPUs are
 * time-sliced inside it by a scheduler of its own. Present only for the GPU instances that answer the R575 calls.
 *
 * @param gpuInstanceId         the GPU instance ({@code nvmlDeviceGetGpuInstances}), as {@link VgpuInstance#gpuInstanceId()}
 * @param gpuInstanceProfileId  its MIG profile id, as {@link VgpuTypeInfo#gpuInstanceProfileId()}, -1 when not available
 * @param schedulerState        its scheduler now ({@code nvmlGpuInstanceGetVgpuSchedulerState_v2} where the driver has
 *                              it, else {@code nvmlGpuInstanceGetVgpuSchedulerState}); empty when not reported
 * @param schedulerEngineId     the engine its scheduler log describes, -1 when not available
 * @param recentLogEntries      the newest entries of its scheduler log ({@code nvmlGpuInstanceGetVgpuSchedulerLog_v2}
 *                              with weights where the driver has it, else {@code ..._Log}), oldest first, at most
 *                              {@link VgpuHostInfo#RECENT_LOG_ENTRIES}; each entry once, by its timestamp
 * @param logEntriesTotal       its scheduler log entries seen since the collector started
 * @param heterogeneousMode     ON when vGPUs of different types may share the instance
 *                              ({@code nvmlGpuInstanceGetVgpuHeterogeneousMode}), UNKNOWN when not available
 * @param types                 the vGPU types of the instance's profile (the host's types whose
 *                              {@link VgpuTypeInfo#gpuInstanceProfileId()} is this instance's, and any other the
 *                              instance says is creatable), by type id, with their capacity there
 * @param vgpuIds               the vGPU instance ids running on it ({@code nvmlGpuInstanceGetActiveVgpus}; while that
 *                              is not available the host's vGPUs whose {@link VgpuInstance#gpuInstanceId()} is this
 *                              instance), ascending: each is one of {@link VgpuHostInfo#vgpus()}
 * @param runlistShares         each software runlist's share of the instance's run time over {@code recentLogEntries}
 *                              ({@link RunlistShare#of}); empty while no entry was seen
 */
public record GpuInstanceVgpus(
        long gpuInstanceId,
        long gpuInstanceProfileId,
        Optional<SchedulerState> schedulerState,
        long schedulerEngineId,
        List<SchedulerLogEntry> recentLogEntries,
        long logEntriesTotal,
        Toggle heterogeneousMode,
        List<GpuInstanceVgpuType> types,
        List<Long> vgpuIds,
        List<RunlistShare> runlistShares) {

    public GpuInstanceVgpus {
        recentLogEntries = List.copyOf(recentLogEntries);
        types = List.copyOf(types);
        vgpuIds = List.copyOf(vgpuIds);
        runlistShares = List.copyOf(runlistShares);
    }

    /** The instance's side with the runlist shares computed from {@code recentLogEntries}. */
    public GpuInstanceVgpus(long gpuInstanceId, long gpuInstanceProfileId, Optional<SchedulerState> schedulerState,
            long schedulerEngineId, List<SchedulerLogEntry> recentLogEntries, long logEntriesTotal,
            Toggle heterogeneousMode, List<GpuInstanceVgpuType> types, List<Long> vgpuIds) {
        this(gpuInstanceId, gpuInstanceProfileId, schedulerState, schedulerEngineId, recentLogEntries, logEntriesTotal,
                heterogeneousMode, types, vgpuIds, RunlistShare.of(recentLogEntries));
    }

    /** The entries of {@link #recentLogEntries()} that {@code earlier} (the same instance, an earlier snapshot) lacked. */
    public List<SchedulerLogEntry> logEntriesSince(Optional<GpuInstanceVgpus> earlier) {
        long before = earlier.map(GpuInstanceVgpus::logEntriesTotal).orElse(0L);
        long fresh = Math.min(recentLogEntries.size(), Math.max(0, logEntriesTotal - before));
        return recentLogEntries.subList(recentLogEntries.size() - (int) fresh, recentLogEntries.size());
    }
}
