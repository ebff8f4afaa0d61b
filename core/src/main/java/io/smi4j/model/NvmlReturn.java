package io.smi4j.model;

/**
 * NVML's return codes ({@code nvmlReturn_t}), named as in {@code nvml.h}. A number the
 * header does not name is kept by the exception or call error that carries it and maps to {@link #UNRECOGNIZED}.
 */
public enum NvmlReturn {
    SUCCESS(0, "Success"),
    UNINITIALIZED(1, "Uninitialized"),
    INVALID_ARGUMENT(2, "Invalid Argument"),
    NOT_SUPPORTED(3, "Not Supported"),
    NO_PERMISSION(4, "Insufficient Permissions"),
    ALREADY_INITIALIZED(5, "Already Initialized"),
    NOT_FOUND(6, "Not Found"),
    INSUFFICIENT_SIZE(7, "Insufficient Size"),
    INSUFFICIENT_POWER(8, "Insufficient External Power"),
    DRIVER_NOT_LOADED(9, "Driver Not Loaded"),
    TIMEOUT(10, "Timeout"),
    IRQ_ISSUE(11, "Interrupt Request Issue"),
    LIBRARY_NOT_FOUND(12, "NVML Shared Library Not Found"),
    FUNCTION_NOT_FOUND(13, "Function Not Found"),
    CORRUPTED_INFOROM(14, "Corrupted infoROM"),
    GPU_IS_LOST(15, "GPU is lost"),
    RESET_REQUIRED(16, "GPU requires restart"),
    OPERATING_SYSTEM(17, "The operating system has blocked the request"),
    LIB_RM_VERSION_MISMATCH(18, "RM has detected an NVML/RM version mismatch"),
    IN_USE(19, "In use by another client"),
    MEMORY(20, "Insufficient Memory"),
    NO_DATA(21, "No data"),
    VGPU_ECC_NOT_SUPPORTED(22, "The requested vgpu operation is not available on target device, because ECC is enabled"),
    INSUFFICIENT_RESOURCES(23, "Ran out of critical resources, other than memory"),
    FREQ_NOT_SUPPORTED(24, "The requested frequency is not supported"),
    ARGUMENT_VERSION_MISMATCH(25, "The provided version is invalid/unsupported"),
    DEPRECATED(26, "The requested functionality has been deprecated"),
    NOT_READY(27, "The system is not ready for the request"),
    GPU_NOT_FOUND(28, "No GPUs were found"),
    INVALID_STATE(29, "Resource not in correct state to perform requested operation"),
    RESET_TYPE_NOT_SUPPORTED(30, "The requested reset type is not supported"),
    UNKNOWN(999, "Unknown Error"),
    /** Any number {@code nvml.h} does not name; the number itself is kept by the exception. */
    UNRECOGNIZED(-1, "Unrecognized return code");

    private static final NvmlReturn[] BY_CODE = new NvmlReturn[31];

    static {
        for (NvmlReturn r : values()) {
            if (r.code >= 0 && r.code < BY_CODE.length) {
                BY_CODE[r.code] = r;
            }
        }
    }

    private final int code;
    private final String description;

    NvmlReturn(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The numeric code as NVML returns it ({@code -1} for {@link #UNRECOGNIZED}). */
    public int code() {
        return code;
    }

    /** NVML's own wording ({@code nvmlErrorString}). */
    public String description() {
        return description;
    }

    public static NvmlReturn of(int code) {
        if (code >= 0 && code < BY_CODE.length) {
            return BY_CODE[code];
        }
        return code == 999 ? UNKNOWN : UNRECOGNIZED;
    }
}
