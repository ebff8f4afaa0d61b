package io.smi4j.nvml;

import io.smi4j.model.NvmlReturn;

/**
 * An NVML call that did not return {@code NVML_SUCCESS}: the call's name and NVML's code.
 * A function the loaded driver does not export is reported as {@link NvmlReturn#FUNCTION_NOT_FOUND}
 * (never as an {@code UnsatisfiedLinkError}), and counts as {@linkplain #isNotSupported() not supported}.
 *
 * <p>No stack trace is captured: these are expected outcomes on most hosts (NOT_SUPPORTED,
 * NOT_FOUND), reported per value, and must stay cheap on the poll path.
 */
public final class NvmlException extends RuntimeException {

    private final String call;
    private final int code;

    public NvmlException(String call, int code) {
        this(call, code, null);
    }

    public NvmlException(String call, int code, String detail) {
        super(message(call, code, detail), null, false, false);
        this.call = call;
        this.code = code;
    }

    private static String message(String call, int code, String detail) {
        NvmlReturn r = NvmlReturn.of(code);
        String name = r == NvmlReturn.UNRECOGNIZED ? "unknown return code" : "NVML_ERROR_" + r.name();
        String text = r == NvmlReturn.FUNCTION_NOT_FOUND && detail == null
                ? "not supported by this driver (function not exported)"
                : r.description();
        return call + ": " + name + " (" + code + "): " + text + (detail == null ? "" : ": " + detail);
    }

    /** The NVML function that failed, by its exported symbol name. */
    public String call() {
        return call;
    }

    /** NVML's numeric return code, kept even when the header does not name it. */
    public int code() {
        return code;
    }

    public NvmlReturn result() {
        return NvmlReturn.of(code);
    }

    /** NOT_SUPPORTED, or a function this driver does not export at all. */
    public boolean isNotSupported() {
        return code == NvmlReturn.NOT_SUPPORTED.code() || code == NvmlReturn.FUNCTION_NOT_FOUND.code();
    }

    /** The GPU or the driver is gone: further calls are pointless until NVML is re-initialised. */
    public boolean isFatal() {
        NvmlReturn r = result();
        return r == NvmlReturn.GPU_IS_LOST || r == NvmlReturn.DRIVER_NOT_LOADED
                || r == NvmlReturn.UNINITIALIZED || r == NvmlReturn.LIB_RM_VERSION_MISMATCH
                || r == NvmlReturn.LIBRARY_NOT_FOUND;
    }
}
