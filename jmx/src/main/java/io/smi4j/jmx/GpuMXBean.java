package io.smi4j.jmx;

/** {@code io.smi4j:type=Gpu,gpu=N}: one physical GPU. -1 (or "") where NVML has no value. */
public interface GpuMXBean {

    int getIndex();

    String getUuid();

    String getName();

    String getPciBusId();

    String getVirtualizationMode();

    int getUtilizationGpuPercent();

    int getUtilizationMemoryPercent();

    long getMemoryTotalBytes();

    long getMemoryUsedBytes();

    long getMemoryFreeBytes();

    long getMemoryReservedBytes();

    int getTemperatureCelsius();

    long getPowerUsageMilliwatts();

    long getPowerLimitMilliwatts();

    long getGraphicsClockMhz();

    long getSmClockMhz();

    long getMemoryClockMhz();

    long getMaxGraphicsClockMhz();

    long getMaxSmClockMhz();

    long getMaxMemoryClockMhz();

    int getFanSpeedPercent();

    int getPerformanceState();

    /** ON, OFF or NOT_AVAILABLE. */
    String getEccMode();

    /** ON, OFF or NOT_AVAILABLE. */
    String getMigMode();

    int getProcessCount();
}
