package io.smi4j.model;

import java.util.List;

/**
 * A GPU seen from inside a VM on a vGPU: the VM's vGPU license.
 *
 * @param licenseState  LICENSED when a licensable feature is enabled and licensed, UNLICENSED when
 *                      licensing applies but none is, UNKNOWN when the driver does not say
 * @param product       the licensed product name, e.g. {@code "NVIDIA Virtual Compute Server"}, or {@code ""}
 * @param features      the driver's licensable features as reported
 */
public record VgpuGuestInfo(LicenseState licenseState, String product, List<GridLicense.Feature> features) {

    public VgpuGuestInfo {
        features = List.copyOf(features);
    }
}
