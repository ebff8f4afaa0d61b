package io.smi4j.nvml;

/**
 * NVML's units and the model's: the one place where milliwatts, megahertz, microseconds and
 * nanoseconds become watts, hertz, seconds and nanosecond timestamps (see the conventions of
 * {@code io.smi4j.model}), and, for what smi4j sends to NVML or a mock replays, back again.
 */
public final class NvmlUnits {

    private static final double NANOS_PER_SECOND = 1e9;

    private NvmlUnits() {
    }

    /**
     * A measurement NVML answers as a whole number (percent, degrees, frames per second), NaN for "not available":
     * -1 as the port reports it, or NVML's all-ones 32-bit {@code NVML_VALUE_NOT_AVAILABLE}.
     */
    public static double measured(long value) {
        return value < 0 || value == 0xFFFF_FFFFL ? Double.NaN : value;
    }

    /** A duration NVML gives in nanoseconds, in seconds. */
    public static double secondsFromNanos(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }

    /** A duration NVML gives in microseconds, in seconds. */
    public static double secondsFromMicros(long micros) {
        return micros / 1e6;
    }

    /** A duration NVML gives in milliseconds, in seconds. */
    public static double secondsFromMillis(long millis) {
        return millis / 1e3;
    }

    /** A duration in seconds as NVML takes it, in whole nanoseconds. */
    public static long nanosFromSeconds(double seconds) {
        return Math.round(seconds * NANOS_PER_SECOND);
    }

    /** A duration in seconds in whole microseconds. */
    public static long microsFromSeconds(double seconds) {
        return Math.round(seconds * 1e6);
    }

    /** A duration in seconds in whole milliseconds. */
    public static long millisFromSeconds(double seconds) {
        return Math.round(seconds * 1e3);
    }

    /** A timestamp NVML gives in microseconds, in nanoseconds; -1 (not available) stays -1. */
    public static long nanosFromMicros(long micros) {
        return micros < 0 ? -1 : micros * 1000;
    }

    /** Power NVML gives in milliwatts, in watts; -1 (not available) is NaN. */
    public static double wattsFromMilliwatts(long milliwatts) {
        return milliwatts < 0 ? Double.NaN : milliwatts / 1e3;
    }

    /** A clock NVML gives in megahertz, in hertz; -1 (not available) stays -1. */
    public static long hertzFromMegahertz(long megahertz) {
        return megahertz < 0 ? -1 : megahertz * 1_000_000L;
    }

    /** A bandwidth NVML gives in megabytes per second (taken as 10^6 bytes), in bytes per second; -1 stays -1. */
    public static long bytesPerSecondFromMegabytes(long megabytesPerSecond) {
        return megabytesPerSecond < 0 ? -1 : megabytesPerSecond * 1_000_000L;
    }
}
