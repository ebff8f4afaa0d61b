package io.smi4j.model;

/** {@code NVML_GRID_LICENSE_STATE_*}. */
public enum LicenseState {
    UNKNOWN(0),
    UNINITIALIZED(1),
    UNLICENSED_UNRESTRICTED(2),
    UNLICENSED_RESTRICTED(3),
    UNLICENSED(4),
    LICENSED(5);

    private final int code;

    LicenseState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    private static final LicenseState[] BY_CODE = values(); // values() copies its array on every call

    public static LicenseState of(long code) {
        return code >= 0 && code <= 5 ? BY_CODE[(int) code] : UNKNOWN;
    }
}
