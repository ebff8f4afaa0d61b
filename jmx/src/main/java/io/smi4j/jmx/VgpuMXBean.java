package io.smi4j.jmx;

/**
 * {@code io.smi4j:type=Vgpu,gpu=N,vgpu=ID}: one running vGPU; registered when it appears,
 * unregistered when it goes. Numbers are -1 and strings "" where NVML has no value;
 * utilizations are NaN until a sample arrived.
 */
public interface VgpuMXBean {

    long getId();

    String getUuid();

    int getGpuIndex();

    long getTypeId();

    String getTypeName();

    String getTypeClass();

    String getVmId();

    /** DOMAIN_ID, UUID or UNKNOWN. */
    String getVmIdType();

    String getGuestDriverVersion();

    long getFramebufferUsedBytes();

    long getFramebufferTotalBytes();

    double getSmUtilizationPercent();

    double getMemoryUtilizationPercent();

    double getEncoderUtilizationPercent();

    double getDecoderUtilizationPercent();

    double getJpegUtilizationPercent();

    double getOfaUtilizationPercent();

    /** When the newest utilization sample was taken, nanoseconds on NVML's clock; -1 before the first. */
    long getUtilizationTimestampNanoseconds();

    /** Polls since one brought the newest utilization sample (0: the last poll); -1 before the first. */
    long getUtilizationAgePolls();

    String getLicenseState();

    /** Frames per second, 0 for no limit. */
    double getFrameRateLimitFps();

    String getEccMode();

    double getEncoderCapacityPercent();

    long getEncoderSessions();

    double getEncoderAverageFps();

    double getEncoderAverageLatencySeconds();

    /** The MIG GPU instance backing this vGPU, -1 when not MIG-backed. */
    long getGpuInstanceId();

    String getAccountingMode();

    int getAccountingPidsTotal();

    /**
     * Runtime state the vGPU uses besides its framebuffer, bytes: what a live migration moves besides it
     * ({@code nvmlVgpuInstanceGetRuntimeStateSize}, R570 and later); -1 when not available.
     */
    long getRuntimeStateBytes();

    /** Everything above plus per-process accounting, as one value. */
    VgpuData getInstance();
}
