package io.smi4j.model;

/** Current and maximum clocks in MHz; -1 where NVML has no value. */
public record Clocks(
        long graphicsMhz, long smMhz, long memoryMhz,
        long maxGraphicsMhz, long maxSmMhz, long maxMemoryMhz) {

    public static final Clocks NOT_AVAILABLE = new Clocks(-1, -1, -1, -1, -1, -1);
}
