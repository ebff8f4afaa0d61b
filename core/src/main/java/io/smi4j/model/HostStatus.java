package io.smi4j.model;

/** Whether a poll could reach NVML, and its GPUs. The order is the encoding of {@code allsmi_host_nvml_status}. */
public enum HostStatus {
    /** NVML answered and every GPU was read ({@link GpuHealth.State#OK}). */
    OK,
    /** No {@code libnvidia-ml.so.1} could be loaded. */
    NO_LIBRARY,
    /** The library loaded but the NVIDIA kernel driver is not running (NVML_ERROR_DRIVER_NOT_LOADED). */
    NO_DRIVER,
    /** NVML failed as a whole (GPU lost, init failure); the poller retries with back-off. */
    ERROR,
    /**
     * NVML answered but some GPUs are not {@link GpuHealth.State#OK} (calls failing, lost, cannot be opened) while
     * the others read normally; each GPU's {@link GpuInfo#health()} says which and why.
     */
    DEGRADED,
    /**
     * A poll has not returned within its deadline (an NVML call that does not return: a driver stuck in D state):
     * the snapshot is the last one a poll completed, its {@link HostSnapshot#time()} unchanged (so its age grows),
     * served as it was until a poll completes again.
     */
    STALE;

    /** Whether the snapshot holds readings of GPUs (OK or DEGRADED): NVML is usable. */
    public boolean usable() {
        return this == OK || this == DEGRADED;
    }

    /** Whether the snapshot's GPUs are worth showing: NVML was usable, now or (STALE) when its data were read. */
    public boolean showsGpus() {
        return usable() || this == STALE;
    }
}
