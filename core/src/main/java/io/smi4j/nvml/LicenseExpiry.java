package io.smi4j.nvml;

/** {@code nvmlVgpuLicenseExpiry_t}; {@code status} is NVML's {@code NVML_GRID_LICENSE_EXPIRY_*}. */
public record LicenseExpiry(long year, int month, int day, int hour, int minute, int second, int status) {
}
