package io.smi4j.model;

import java.util.List;

/**
 * One running vGPU on a physical GPU, in one poll, in the units and with the "not available" values
 * of the {@linkplain io.smi4j.model package conventions}; utilizations are percents (0 to 100) of the
 * newest sample ({@code nvmlDeviceGetVgpuInstancesUtilizationInfo} or {@code nvmlDeviceGetVgpuUtilization}),
 * NaN until a sample arrived.
 *
 * @param id                    the vGPU instance id (unsigned 32-bit, widened)
 * @param fbTotalBytes          the type's framebuffer size
 * @param utilizationTimestampNs when the newest utilization sample was taken (NVML's clock), -1 when none
 * @param frameRateLimitFps     {@code nvmlVgpuInstanceGetFrameRateLimit}, 0 for none
 * @param encoderCapacityPercent {@code nvmlVgpuInstanceGetEncoderCapacity}: share of the encoder, 0 to 100
 * @param encoderAverageLatencySeconds {@code nvmlVgpuInstanceGetEncoderStats} (answers microseconds)
 * @param fbcSessions           frame buffer capture sessions ({@code nvmlVgpuInstanceGetFBCStats}; remote desktops
 *                              capture the screen with NvFBC), -1 when not available
 * @param fbcAverageFps         new frames captured per second, moving average over the sessions
 * @param fbcAverageLatencySeconds capture latency, moving average over the sessions (NVML answers microseconds)
 * @param gpuInstanceId         the MIG GPU instance backing this vGPU, -1 when not MIG-backed
 * @param placementId           the first placement slot this vGPU occupies ({@code nvmlVgpuInstanceGetPlacementId}),
 *                              -1 outside heterogeneous mode and before R550
 * @param accountingPidsTotal   how many PIDs accounting knows, even beyond the configured cap
 * @param accounting            per-PID accounting stats, at most the configured cap
 * @param processUtilization    the processes in the vGPU, each with its newest sample, as of the latest poll that
 *                              brought samples for this vGPU
 * @param utilizationSamplePoll the poll ({@link HostSnapshot#sequence()}) that brought the newest utilization
 *                              sample, -1 when none came; its age in polls is {@link #utilizationAgePolls(long)}.
 *                              From {@link #STALE_AFTER_POLLS} polls on the utilizations are NaN (not shown as
 *                              current) while this poll and the timestamp remain. Carrying the poll rather than the
 *                              age lets a vGPU whose values did not change keep its record from poll to poll (the
 *                              record changes once more, in the poll where its utilizations turn stale)
 * @param runtimeStateBytes     the runtime state the vGPU uses now, framebuffer not included: what a live migration
 *                              moves besides the framebuffer ({@code nvmlVgpuInstanceGetRuntimeStateSize}, R570 and
 *                              later), -1 when not available
 */
public record VgpuInstance(
        long id,
        String uuid,
        long typeId,
        String typeName,
        String typeClass,
        String vmId,
        VmIdType vmIdType,
        String guestDriverVersion,
        long fbUsedBytes,
        long fbTotalBytes,
        double smUtil,
        double memUtil,
        double encUtil,
        double decUtil,
        double jpgUtil,
        double ofaUtil,
        long utilizationTimestampNs,
        LicenseState licenseState,
        double frameRateLimitFps,
        Toggle eccMode,
        double encoderCapacityPercent,
        long encoderSessions,
        double encoderAverageFps,
        double encoderAverageLatencySeconds,
        long fbcSessions,
        double fbcAverageFps,
        double fbcAverageLatencySeconds,
        long gpuInstanceId,
        long placementId,
        Toggle accountingMode,
        int accountingPidsTotal,
        List<VgpuAccounting> accounting,
        List<VgpuProcessUtilization> processUtilization,
        long utilizationSamplePoll,
        long runtimeStateBytes) {

    /** Polls without a newer sample after which a vGPU's utilization is no longer shown as current. */
    public static final int STALE_AFTER_POLLS = 3;

    public VgpuInstance {
        accounting = List.copyOf(accounting);
        processUtilization = List.copyOf(processUtilization);
    }

    /**
     * Polls since the one that brought the newest utilization sample, as of the snapshot numbered {@code sequence}
     * (the snapshot this record belongs to: 0 when that poll brought it); -1 when no sample came.
     */
    public long utilizationAgePolls(long sequence) {
        return utilizationSamplePoll < 0 ? -1 : Math.max(0, sequence - utilizationSamplePoll);
    }
}
