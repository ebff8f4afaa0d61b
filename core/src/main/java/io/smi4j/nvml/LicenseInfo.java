package io.smi4j.nvml;

/** {@code nvmlVgpuLicenseInfo_t}. */
public record LicenseInfo(boolean licensed, LicenseExpiry expiry, LicenseState state) {
}
