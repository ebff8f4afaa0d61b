package io.smi4j.nvml;

/**
 * Framebuffer memory in bytes, from {@code nvmlDeviceGetMemoryInfo_v2} or, on drivers
 * without it, {@code nvmlDeviceGetMemoryInfo}; {@code reservedBytes} is {@link Nvml#NOT_AVAILABLE}
 * from the v1 call.
 */
public record MemoryInfo(long totalBytes, long reservedBytes, long freeBytes, long usedBytes) {
}
