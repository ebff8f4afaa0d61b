package io.smi4j.jmx;

import java.util.List;
import java.util.Map;

/**
 * {@code io.smi4j:type=VgpuScheduler,gpu=N}: the vGPU side of one vGPU-host GPU: host mode,
 * scheduler capabilities, its state now and its recent log entries. Registered only on vGPU hosts.
 */
public interface VgpuSchedulerMXBean {

    int getGpuIndex();

    String getGpuUuid();

    /** NON_SRIOV, SRIOV or UNKNOWN. */
    String getHostMode();

    /** ON, OFF, or UNKNOWN (before R550). */
    String getHeterogeneousMode();

    /** BEST_EFFORT, EQUAL_SHARE, FIXED_SHARE, UNKNOWN; "" when the driver does not report the state. */
    String getPolicy();

    /**
     * DEFAULT, DISABLED, ENABLED, UNKNOWN; "" when the driver does not report the state. UNKNOWN (not applicable)
     * on drivers with the v2 scheduler (nvml.h 13.2+), whose state has no ARR mode.
     */
    String getArrMode();

    /** NaN when the driver does not report the state. */
    double getTimesliceSeconds();

    /** Only with ARR enabled, else -1. */
    long getAvgFactor();

    List<String> getSupportedPolicies();

    double getMinTimesliceSeconds();

    double getMaxTimesliceSeconds();

    boolean isArrSupported();

    long getMinArrFrequencyHertz();

    long getMaxArrFrequencyHertz();

    long getMinArrAvgFactor();

    long getMaxArrAvgFactor();

    int getVgpuCount();

    /**
     * The vGPU types the GPU supports, each with whether it is creatable now, how many run, how many more can be
     * created now ({@code creatableCapacity}, -1 when not known) and its supported and creatable placement ids.
     */
    VgpuTypesData getVgpuTypes();

    /**
     * The GPU's yes/no vGPU capabilities ({@code nvmlDeviceGetVgpuCapabilities}) by the {@code capability} label of
     * {@code allsmi_vgpu_capability}: ON, OFF or UNKNOWN (the driver does not know it); empty when the driver reports
     * none.
     */
    Map<String, String> getVgpuCapabilities();

    /** The GPU's expected read_device_buffer bandwidth (migration), bytes per second; -1 when not reported. */
    long getReadDeviceBufferBytesPerSecond();

    /** The GPU's expected write_device_buffer bandwidth, bytes per second; -1 when not reported. */
    long getWriteDeviceBufferBytesPerSecond();

    /** Scheduler log entries seen since the collector started. */
    long getLogEntriesTotal();

    /** The newest scheduler log entries (at most {@link JmxOptions#recentLogEntries()}), oldest first. */
    SchedulerLogData getRecentLogEntries();

    /**
     * Each software runlist's (one per vGPU) share of the run time over the recent log entries the snapshot holds,
     * with its run time there and, on drivers with the v2 log (nvml.h 13.2+), its weight (-1 before).
     */
    RunlistSharesData getRunlistShares();

    /**
     * In MIG mode (MIG-backed vGPU, R575 and later) each GPU instance's vGPU side: its own scheduler state, recent log
     * entries (at most {@link JmxOptions#recentLogEntries()}), runlist shares, heterogeneous mode, the ids of the
     * vGPUs on it and its vGPU types with their capacity there ({@code creatableCapacity}, -1 when not known);
     * no rows outside MIG mode and on older drivers. Rows on this bean rather than a bean per GPU instance: instances
     * come and go with MIG reconfiguration while this bean lives as long as its GPU.
     */
    MigBackedVgpuData getGpuInstances();
}
