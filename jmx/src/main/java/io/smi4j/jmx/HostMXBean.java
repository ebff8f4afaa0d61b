package io.smi4j.jmx;

import java.util.Date;
import java.util.Map;

/**
 * {@code io.smi4j:type=Host}: the host as the last poll saw it. Emits the notifications
 * {@value Smi4jJmx#VGPU_STARTED}, {@value Smi4jJmx#VGPU_STOPPED} and
 * {@value Smi4jJmx#SCHEDULER_CHANGED}.
 */
public interface HostMXBean {

    String getHostName();

    /**
     * OK, DEGRADED (some GPUs not OK, the others read), NO_LIBRARY, NO_DRIVER, ERROR or STALE (a poll overran its
     * deadline: the values are the last completed poll's, {@link #getLastPollAgeSeconds()} says how old).
     */
    String getStatus();

    /** Why NVML could not be used, or which GPUs are not OK and why; "" when OK. */
    String getStatusDetail();

    String getDriverVersion();

    String getNvmlVersion();

    String getCudaDriverVersion();

    /** GPUs read in the last poll (health OK or DEGRADED). */
    int getGpuCount();

    /** GPUs NVML counts that could not be read in the last poll: lost, or cannot be opened. */
    int getUnavailableGpuCount();

    boolean isVgpuHost();

    /** Running vGPUs over all GPUs. */
    int getVgpuCount();

    /**
     * The vGPU host driver's capabilities ({@code nvmlGetVgpuDriverCapabilities}) by the {@code capability} label of
     * {@code allsmi_vgpu_driver_capability}: ON, OFF or UNKNOWN; empty off vGPU hosts and when the driver reports none.
     */
    Map<String, String> getVgpuDriverCapabilities();

    /** 1 for the first poll, +1 each poll. */
    long getPollSequence();

    Date getLastPollTime();

    double getLastPollDurationSeconds();

    /** Seconds since the last completed poll started, computed when read: it grows while no poll completes. */
    double getLastPollAgeSeconds();

    /** Polls that had not returned within the poll deadline since the collector started. */
    long getPollOverruns();

    /** NVML calls that failed in the last poll. */
    int getLastPollErrorCount();

    /** NVML calls that failed since the collector started. */
    long getNvmlErrorsTotal();

    /** The whole last snapshot; {@code getSnapshot().snapshot()} rebuilds it in a client. */
    SnapshotData getSnapshot();
}
