package io.smi4j.nvml;

/** {@code nvmlDeviceGetEccMode}: the ECC mode in force and the one pending the next reboot. */
public record EccMode(boolean current, boolean pending) {
}
