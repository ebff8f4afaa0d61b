package io.smi4j.nvml;

import io.smi4j.model.NvmlReturn;
import java.util.Optional;

/**
 * An NVML call that did not return {@code NVML_SUCCESS}: the function and NVML's code; or a library
 * that could not be loaded or bound at all, before any function was called.
 * A function the loaded driver does not export is reported as {@link NvmlReturn#FUNCTION_NOT_FOUND}
 * (never as an {@code UnsatisfiedLinkError}), and counts as {@linkplain #isNotSupported() not supported}.
 *
 * <p>No stack trace is captured: these are expected outcomes on most hosts (NOT_SUPPORTED,
 * NOT_FOUND), reported per value, and must stay cheap on the poll path.
 */
public final class NvmlException extends RuntimeException {

    private final NvmlFunction function;
    private final String call;
    private final int code;

    public NvmlException(NvmlFunction function, int code) {
        this(function, code, null);
    }

    public NvmlException(NvmlFunction function, int code, String detail) {
        this(function, function.name(), code, detail);
    }

    /** A library that could not be loaded or bound, before any NVML function: {@code step} names what failed. */
    public NvmlException(String step, int code, String detail) {
        this(null, step, code, detail);
    }

    private NvmlException(NvmlFunction function, String call, int code, String detail) {
        super(message(call, code, detail), null, false, false);
        this.function = function;
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

    /** The NVML function that failed; empty when loading the library failed before any could be called. */
    public Optional<NvmlFunction> function() {
        return Optional.ofNullable(function);
    }

    /** The NVML function that failed by its exported symbol, or the loading step: what messages and snapshots name. */
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
