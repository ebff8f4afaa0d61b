package io.smi4j.jmx;

/**
 * {@code io.smi4j:type=Gpu,gpu=N}: one physical GPU, in the model's units (percent, bytes, degrees Celsius,
 * watts, hertz). Not available: NaN for percents, temperature and watts, -1 for bytes, hertz and the P-state,
 * {@code ""} for text, UNKNOWN for modes.
 */
public interface GpuMXBean {

    int getIndex();

    String getUuid();

    /** OK, DEGRADED (some calls failing), LOST (fell off the bus: the readings are not available). */
    String getHealth();

    /** The first failure behind a health other than OK; "" when OK. */
    String getHealthReason();

    String getName();

    String getPciBusId();

    String getVirtualizationMode();

    double getUtilizationGpuPercent();

    double getUtilizationMemoryPercent();

    long getMemoryTotalBytes();

    long getMemoryUsedBytes();

    long getMemoryFreeBytes();

    long getMemoryReservedBytes();

    double getTemperatureCelsius();

    double getPowerUsageWatts();

    double getPowerLimitWatts();

    long getGraphicsClockHertz();

    long getSmClockHertz();

    long getMemoryClockHertz();

    long getMaxGraphicsClockHertz();

    long getMaxSmClockHertz();

    long getMaxMemoryClockHertz();

    double getFanSpeedPercent();

    int getPerformanceState();

    /** ON, OFF or UNKNOWN. */
    String getEccMode();

    /** ON, OFF or UNKNOWN. */
    String getMigMode();

    int getProcessCount();
}
