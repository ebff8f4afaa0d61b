package io.smi4j.nvml;

import io.smi4j.model.LicenseState;

/** {@code nvmlVgpuLicenseInfo_t}. */
public record LicenseInfo(boolean licensed, LicenseExpiry expiry, LicenseState state) {
}
