package io.smi4j.control;

import java.util.OptionalInt;

/**
 * A scheduler change that was refused, with the reason as a type a tool can act on and a
 * message a person can: it names the GPU, the value and, for a value out of range, the legal range.
 */
public final class SchedulerControlException extends Exception {

    /** Why the change was refused. */
    public enum Reason {
        /** No GPU with that index. */
        NO_SUCH_GPU,
        /** The GPU is not in vGPU host mode, or the driver reports no vGPU scheduler for it (e.g. MIG on). */
        NOT_VGPU_HOST,
        /** The requested policy is not one the GPU supports. */
        UNSUPPORTED_POLICY,
        /** ARR was requested but the GPU does not support it. */
        ARR_NOT_SUPPORTED,
        /**
         * An option of the other scheduler generation: ARR or a timeslice on a driver with the v2 calls (nvml.h 13.2+,
         * where ARR cannot be switched and only an average factor and a frequency are set), or a v2 request on a
         * driver with only the v1 calls.
         */
        NOT_APPLICABLE,
        /** A timeslice, average factor or frequency outside the GPU's legal range. */
        OUT_OF_RANGE,
        /** NVML refused because vGPUs are running on the GPU (the scheduler can only change while none do). */
        VGPUS_RUNNING,
        /** NVML refused: the GPU must be reset first. */
        RESET_REQUIRED,
        /** NVML refused: the caller lacks the privilege (root is needed). */
        NO_PERMISSION,
        /** NVML is not usable right now (no library, no driver, or the session is being re-established). */
        NVML_UNAVAILABLE,
        /** Any other NVML failure; {@link #nvmlCode()} holds the code. */
        NVML_ERROR
    }

    private final Reason reason;
    private final int gpuIndex;
    private final OptionalInt nvmlCode;

    SchedulerControlException(Reason reason, int gpuIndex, String message) {
        this(reason, gpuIndex, OptionalInt.empty(), message);
    }

    SchedulerControlException(Reason reason, int gpuIndex, OptionalInt nvmlCode, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.gpuIndex = gpuIndex;
        this.nvmlCode = nvmlCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The GPU the request was for. */
    public int gpuIndex() {
        return gpuIndex;
    }

    /** NVML's return code when NVML refused, empty when the request was refused before calling NVML. */
    public OptionalInt nvmlCode() {
        return nvmlCode;
    }
}
