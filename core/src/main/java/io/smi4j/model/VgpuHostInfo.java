package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * The vGPU side of one physical GPU on a vGPU host: present only there.
 *
 * @param hostMode               SR-IOV or not
 * @param schedulerCapabilities  read once; empty when the driver does not report them
 * @param schedulerState         the scheduler now ({@code nvmlDeviceGetVgpuSchedulerState_v2} where the driver has it,
 *                               else {@code nvmlDeviceGetVgpuSchedulerState}); empty when the driver does not report it
 * @param schedulerEngineId      the engine the scheduler log describes, -1 when not available
 * @param recentLogEntries       the newest scheduler log entries seen ({@code nvmlDeviceGetVgpuSchedulerLog_v2} with the
 *                               runlists' weights where the driver has it, else {@code nvmlDeviceGetVgpuSchedulerLog}), oldest
 *                               first, at most {@link #RECENT_LOG_ENTRIES}; each entry once, by its timestamp
 * @param logEntriesTotal        scheduler log entries seen on this GPU since the collector started: the entries of
 *                               {@code recentLogEntries} not in an earlier snapshot are its last
 *                               {@code logEntriesTotal - earlier.logEntriesTotal}
 * @param heterogeneousMode      ON when vGPUs of different types may share the GPU ({@code nvmlDeviceGetVgpuHeterogeneousMode},
 *                               R550 and later), UNKNOWN before R550
 * @param types                  the vGPU types this GPU supports; which can be created as last read while
 *                               {@code nvmlDeviceGetCreatableVgpus} fails
 * @param vgpus                  the running vGPUs; while {@code nvmlDeviceGetActiveVgpus} fails, those of the last
 *                               list read (the GPU's {@link GpuHealth#staleLists()} says so and how old it is)
 * @param vgpuCapabilities       the GPU's vGPU capabilities ({@code nvmlDeviceGetVgpuCapabilities}); empty when the
 *                               driver reports none
 * @param runlistShares          each software runlist's share of the run time over {@code recentLogEntries} (the window
 *                               from its oldest to its newest entry), computed from the log by runlist
 *                               ({@link RunlistShare#of}); empty while no entry was seen
 * @param migBackedVgpu          in MIG mode (MIG-backed vGPU, R575 and later), each GPU instance's vGPU side: its
 *                               scheduler, log, types with their capacity there, and its vGPUs; empty (absent) outside
 *                               MIG mode, on older drivers and while no GPU instance answers. The GPU-level scheduler
 *                               does not answer in MIG mode: the instances' schedulers run instead
 */
public record VgpuHostInfo(
        HostVgpuMode hostMode,
        Optional<SchedulerCapabilities> schedulerCapabilities,
        Optional<SchedulerState> schedulerState,
        long schedulerEngineId,
        List<SchedulerLogEntry> recentLogEntries,
        long logEntriesTotal,
        Toggle heterogeneousMode,
        List<VgpuTypeInfo> types,
        List<VgpuInstance> vgpus,
        Optional<VgpuCapabilities> vgpuCapabilities,
        List<RunlistShare> runlistShares,
        Optional<MigBackedVgpu> migBackedVgpu) {

    /** How many of the newest log entries a snapshot keeps per GPU: NVML's own log holds 200. */
    public static final int RECENT_LOG_ENTRIES = 200;

    public VgpuHostInfo {
        recentLogEntries = List.copyOf(recentLogEntries);
        types = List.copyOf(types);
        vgpus = List.copyOf(vgpus);
        runlistShares = List.copyOf(runlistShares);
    }

    /** The host side with the runlist shares computed from {@code recentLogEntries}. */
    public VgpuHostInfo(HostVgpuMode hostMode, Optional<SchedulerCapabilities> schedulerCapabilities,
            Optional<SchedulerState> schedulerState, long schedulerEngineId, List<SchedulerLogEntry> recentLogEntries,
            long logEntriesTotal, Toggle heterogeneousMode, List<VgpuTypeInfo> types, List<VgpuInstance> vgpus,
            Optional<VgpuCapabilities> vgpuCapabilities) {
        this(hostMode, schedulerCapabilities, schedulerState, schedulerEngineId, recentLogEntries, logEntriesTotal,
                heterogeneousMode, types, vgpus, vgpuCapabilities, RunlistShare.of(recentLogEntries), Optional.empty());
    }

    /**
     * The entries of {@link #recentLogEntries()} that {@code earlier} (a snapshot of the same GPU from the same
     * collector, or none) did not hold yet, oldest first: how JFR and notifications see each entry once.
     */
    public List<SchedulerLogEntry> logEntriesSince(Optional<VgpuHostInfo> earlier) {
        long before = earlier.map(VgpuHostInfo::logEntriesTotal).orElse(0L);
        long fresh = Math.min(recentLogEntries.size(), Math.max(0, logEntriesTotal - before));
        return recentLogEntries.subList(recentLogEntries.size() - (int) fresh, recentLogEntries.size());
    }
}
