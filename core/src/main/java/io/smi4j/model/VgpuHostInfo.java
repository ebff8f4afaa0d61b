package io.smi4j.model;

import java.util.List;
import java.util.Optional;

/**
 * The vGPU side of one physical GPU on a vGPU host: present only there.
 *
 * @param hostMode               SR-IOV or not
 * @param schedulerCapabilities  read once; empty when the driver does not report them
 * @param schedulerState         the scheduler now; empty when the driver does not report it
 * @param schedulerEngineId      the engine the scheduler log describes, -1 when not available
 * @param newLogEntries          scheduler log entries first seen in this poll, oldest first, each reported once
 * @param heterogeneousMode      ON when vGPUs of different types may share the GPU ({@code nvmlDeviceGetVgpuHeterogeneousMode},
 *                               R550 and later), UNKNOWN before R550
 * @param types                  the vGPU types this GPU supports
 * @param vgpus                  the running vGPUs
 */
public record VgpuHostInfo(
        HostVgpuMode hostMode,
        Optional<SchedulerCapabilities> schedulerCapabilities,
        Optional<SchedulerState> schedulerState,
        long schedulerEngineId,
        List<SchedulerLogEntry> newLogEntries,
        Toggle heterogeneousMode,
        List<VgpuTypeInfo> types,
        List<VgpuInstance> vgpus) {

    public VgpuHostInfo {
        newLogEntries = List.copyOf(newLogEntries);
        types = List.copyOf(types);
        vgpus = List.copyOf(vgpus);
    }
}
