package io.smi4j.nvml;

/** {@code nvmlDeviceGetMigMode}: MIG enabled now, and after the next GPU reset. */
public record MigMode(boolean current, boolean pending) {
}
