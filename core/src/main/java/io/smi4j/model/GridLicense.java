package io.smi4j.model;

import java.util.List;

/**
 * Inside a VM ({@code nvmlDeviceGetGridLicensableFeatures_v4}): whether vGPU licensing
 * applies, and each licensable feature's state.
 */
public record GridLicense(boolean supported, List<Feature> features) {

    public GridLicense {
        features = List.copyOf(features);
    }

    /** One {@code nvmlGridLicensableFeature_t}; {@code state} is NVML's feature state code. */
    public record Feature(int featureCode, int state, String productName, boolean enabled) {
    }
}
