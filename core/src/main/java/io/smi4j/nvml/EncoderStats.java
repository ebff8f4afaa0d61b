package io.smi4j.nvml;

/** {@code nvmlVgpuInstanceGetEncoderStats}: active sessions, their average FPS and latency (us). */
public record EncoderStats(long sessionCount, long averageFps, long averageLatencyUs) {
}
