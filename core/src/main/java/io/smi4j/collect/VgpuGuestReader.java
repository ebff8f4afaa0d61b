package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.nvmlDeviceGetGridLicensableFeatures_v4;

import io.smi4j.model.GridLicense;
import io.smi4j.model.LicenseState;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.nvml.Nvml;
import java.util.List;

/** Reads what a VM sees of its vGPU: its licence, from the GRID licensable features. */
final class VgpuGuestReader {

    private static final VgpuGuestInfo UNKNOWN = new VgpuGuestInfo(LicenseState.UNKNOWN, "", List.of());

    private final CallPolicy calls;

    VgpuGuestReader(CallPolicy calls) {
        this.calls = calls;
    }

    VgpuGuestInfo read(GpuState g) {
        GridLicense license = calls.get(g.target, nvmlDeviceGetGridLicensableFeatures_v4, Nvml::deviceGridLicense,
                g.handle, null);
        if (license == null) {
            return UNKNOWN;
        }
        for (GridLicense.Feature f : license.features()) {
            if (f.enabled() && f.state() != 0) {
                return new VgpuGuestInfo(LicenseState.LICENSED, f.productName(), license.features());
            }
        }
        return new VgpuGuestInfo(license.supported() ? LicenseState.UNLICENSED : LicenseState.UNKNOWN, "",
                license.features());
    }
}
