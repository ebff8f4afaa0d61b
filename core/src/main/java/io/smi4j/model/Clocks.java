package io.smi4j.model;

/**
 * Current and maximum clocks in hertz ({@code nvmlDeviceGetClockInfo},
 * {@code nvmlDeviceGetMaxClockInfo}, which answer MHz); -1 where NVML has no value.
 */
public record Clocks(
        long graphicsHertz, long smHertz, long memoryHertz,
        long maxGraphicsHertz, long maxSmHertz, long maxMemoryHertz) {

    public static final Clocks NOT_AVAILABLE = new Clocks(-1, -1, -1, -1, -1, -1);
}
