package io.smi4j.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One poll of one host: immutable, complete, and the only thing consumers read.
 *
 * @param hostName       the host's name
 * @param sequence       1 for the first poll of a poller, +1 each poll
 * @param time           when the poll started
 * @param pollDuration   how long the poll took
 * @param status         whether NVML could be used at all
 * @param statusDetail   why not, in one line ({@code ""} when {@link HostStatus#OK})
 * @param driverVersion  e.g. {@code "550.163.01"}, {@code ""} when not available
 * @param nvmlVersion    e.g. {@code "12.550.163.01"}, {@code ""} when not available
 * @param cudaDriverVersion e.g. {@code "12.4"}, {@code ""} when not available
 * @param gpus           every GPU, by index
 * @param errors         every NVML call that failed during this poll (NOT_SUPPORTED is not an error)
 * @param errorTotals    NVML calls that failed since the collector started, by function, return code and GPU
 * @param anomalyTotals  impossible values NVML answered since the collector started (left out), by function and kind
 * @param pollOverruns   polls that did not return within the poller's deadline since the collector started
 * @param vgpuDriverCapabilities the vGPU host driver's capabilities ({@code nvmlGetVgpuDriverCapabilities}), read on
 *                       vGPU hosts only; empty elsewhere and when the driver reports none
 */
public record HostSnapshot(
        String hostName,
        long sequence,
        Instant time,
        Duration pollDuration,
        HostStatus status,
        String statusDetail,
        String driverVersion,
        String nvmlVersion,
        String cudaDriverVersion,
        List<GpuInfo> gpus,
        List<CallError> errors,
        List<CallErrorTotal> errorTotals,
        List<AnomalyTotal> anomalyTotals,
        long pollOverruns,
        Optional<VgpuDriverCapabilities> vgpuDriverCapabilities) {

    public HostSnapshot {
        gpus = List.copyOf(gpus);
        errors = List.copyOf(errors);
        errorTotals = List.copyOf(errorTotals);
        anomalyTotals = List.copyOf(anomalyTotals);
        if (pollOverruns < 0) {
            throw new IllegalArgumentException("poll overruns must be >= 0, was " + pollOverruns);
        }
    }

    /** A snapshot of a collector whose polls never overran their deadline, without vGPU driver capabilities. */
    public HostSnapshot(String hostName, long sequence, Instant time, Duration pollDuration, HostStatus status,
            String statusDetail, String driverVersion, String nvmlVersion, String cudaDriverVersion, List<GpuInfo> gpus,
            List<CallError> errors, List<CallErrorTotal> errorTotals, List<AnomalyTotal> anomalyTotals) {
        this(hostName, sequence, time, pollDuration, status, statusDetail, driverVersion, nvmlVersion,
                cudaDriverVersion, gpus, errors, errorTotals, anomalyTotals, 0, Optional.empty());
    }

    /** This snapshot with {@code overruns} as its {@link #pollOverruns()}. */
    public HostSnapshot withPollOverruns(long overruns) {
        return overruns == pollOverruns ? this : new HostSnapshot(hostName, sequence, time, pollDuration, status,
                statusDetail, driverVersion, nvmlVersion, cudaDriverVersion, gpus, errors, errorTotals, anomalyTotals,
                overruns, vgpuDriverCapabilities);
    }

    /**
     * This snapshot served while a later poll overran its deadline: {@link HostStatus#STALE} with {@code detail},
     * every reading, its time (so its age) and its sequence kept.
     */
    public HostSnapshot stale(String detail, long overruns) {
        return new HostSnapshot(hostName, sequence, time, pollDuration, HostStatus.STALE, detail, driverVersion,
                nvmlVersion, cudaDriverVersion, gpus, errors, errorTotals, anomalyTotals, overruns,
                vgpuDriverCapabilities);
    }

    /** NVML calls that failed since the collector started, all functions and codes together. */
    public long errorsTotal() {
        long sum = 0;
        for (CallErrorTotal t : errorTotals) {
            sum += t.total();
        }
        return sum;
    }

    /** True when any GPU is a vGPU host (has a {@link VgpuHostInfo}). */
    public boolean isVgpuHost() {
        for (GpuInfo gpu : gpus) {
            if (gpu.vgpuHost().isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** True when this host is a VM running on a vGPU. */
    public boolean isVgpuGuest() {
        for (GpuInfo gpu : gpus) {
            if (gpu.vgpuGuest().isPresent()) {
                return true;
            }
        }
        return false;
    }
}
