package io.smi4j.nvml;

/**
 * Active sessions with their average FPS and latency (us): of the video encoder ({@code nvmlVgpuInstanceGetEncoderStats})
 * or of frame buffer capture ({@code nvmlVgpuInstanceGetFBCStats}, {@code nvmlFBCStats_t}).
 */
public record EncoderStats(long sessionCount, long averageFps, long averageLatencyUs) {
}
