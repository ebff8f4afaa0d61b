package io.smi4j.control;

import io.smi4j.collect.GpuReader;
import io.smi4j.collect.NvmlSession;
import io.smi4j.control.SchedulerControlException.Reason;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sets the vGPU time-slice scheduler of one GPU: on drivers with the v2 call
 * ({@code nvmlDeviceSetVgpuSchedulerState_v2}, nvml.h 13.2+) the policy, an average factor and a frequency (0: the
 * driver's default), without ARR switch or timeslice; on older drivers ({@code nvmlDeviceSetVgpuSchedulerState})
 * the policy, and either ARR with an average factor and frequency, or a timeslice. A request of the other
 * generation is refused ({@link Reason#NOT_APPLICABLE}) naming what does apply.
 *
 * <p>Every request is checked against the GPU's scheduler capabilities before NVML is called,
 * so an unsupported policy, ARR where the GPU has none, or a value out of range is refused with
 * a message naming the legal range. NVML's own refusals (vGPUs running, reset required, no
 * permission) come back as {@link SchedulerControlException}s with a {@link Reason} too.
 *
 * <p>Nothing here is reachable by accident: the only way to get an instance is
 * {@link #enabled(GpuReader)}, which tools call only when the user opted in to control explicitly.
 *
 * <h2>Threads</h2>
 * NVML sessions are not thread-safe. A change runs on the reader's own session, through its
 * {@link NvmlSession}, under the lock its polls hold: it can be requested from any thread and never
 * interleaves with a poll.
 */
public final class SchedulerControl {

    private final NvmlSession session;

    private SchedulerControl(NvmlSession session) {
        this.session = session;
    }

    /**
     * Control over the session of {@code reader} (from {@link io.smi4j.collect.Collector#openReader}),
     * shared with its poller.
     *
     * @throws IllegalArgumentException when {@code reader} does not read NVML
     */
    public static SchedulerControl enabled(GpuReader reader) {
        return reader.session().map(SchedulerControl::new).orElseThrow(
                () -> new IllegalArgumentException("scheduler control needs an NVML reader, not " + reader));
    }

    /**
     * Validates {@code request} against GPU {@code gpuIndex}'s capabilities and applies it.
     *
     * @return the scheduler state read back after the change, empty if reading it back failed
     * @throws SchedulerControlException when the request is invalid for this GPU or NVML refused it
     */
    public Optional<SchedulerState> set(int gpuIndex, SchedulerSetState request) throws SchedulerControlException {
        Objects.requireNonNull(request, "request");
        try {
            return session.whenOpen(nvml -> set(nvml, gpuIndex, request)).orElseThrow(
                    () -> new SchedulerControlException(Reason.NVML_UNAVAILABLE, gpuIndex,
                            "NVML is not usable now; the scheduler of GPU " + gpuIndex + " was not changed"));
        } catch (NvmlSession.BusyException e) {
            throw new SchedulerControlException(Reason.NVML_UNAVAILABLE, gpuIndex,
                    e.getMessage() + "; the scheduler of GPU " + gpuIndex + " was not changed");
        }
    }

    private static Optional<SchedulerState> set(Nvml nvml, int gpuIndex, SchedulerSetState request)
            throws SchedulerControlException {
        long device = device(nvml, gpuIndex);
        SchedulerCapabilities caps = capabilities(nvml, device, gpuIndex);
        boolean v2 = hasV2(nvml, device, gpuIndex);
        if (v2 != request.v2()) {
            throw new SchedulerControlException(Reason.NOT_APPLICABLE, gpuIndex, v2
                    ? "GPU " + gpuIndex + " has the v2 scheduler (nvml.h 13.2+): ARR cannot be switched and no "
                            + "timeslice is set there; give the policy with an average factor and a frequency "
                            + "(0 or none: the driver's default)"
                    : "GPU " + gpuIndex + " has the v1 scheduler only: give a timeslice, or ARR with an average "
                            + "factor and a frequency");
        }
        validate(caps, gpuIndex, request);
        try {
            if (v2) {
                nvml.deviceSetVgpuSchedulerStateV2(device, request);
            } else {
                nvml.deviceSetVgpuSchedulerState(device, request);
            }
        } catch (NvmlException e) {
            throw refused(e, gpuIndex);
        }
        try {
            return Optional.of(v2 ? nvml.deviceVgpuSchedulerStateV2(device) : nvml.deviceVgpuSchedulerState(device));
        } catch (NvmlException e) {
            return Optional.empty();
        }
    }

    /** Whether the driver has the v2 scheduler calls: its v2 state answers anything but FUNCTION_NOT_FOUND. */
    private static boolean hasV2(Nvml nvml, long device, int gpuIndex) throws SchedulerControlException {
        try {
            nvml.deviceVgpuSchedulerStateV2(device);
            return true;
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.FUNCTION_NOT_FOUND) {
                return false;
            }
            if (e.isFatal()) {
                throw failure(e, gpuIndex);
            }
            return true;
        }
    }

    /** The capabilities of GPU {@code gpuIndex}, so tools can show the legal ranges before asking. */
    public SchedulerCapabilities capabilities(int gpuIndex) throws SchedulerControlException {
        try {
            return session.whenOpen(nvml -> capabilities(nvml, device(nvml, gpuIndex), gpuIndex)).orElseThrow(
                    () -> new SchedulerControlException(Reason.NVML_UNAVAILABLE, gpuIndex, "NVML is not usable now"));
        } catch (NvmlSession.BusyException e) {
            throw new SchedulerControlException(Reason.NVML_UNAVAILABLE, gpuIndex, e.getMessage());
        }
    }

    private static long device(Nvml nvml, int gpuIndex) throws SchedulerControlException {
        if (gpuIndex >= 0) {
            try {
                return nvml.deviceHandleByIndex(gpuIndex);
            } catch (NvmlException e) {
                if (e.result() != NvmlReturn.INVALID_ARGUMENT) {
                    throw failure(e, gpuIndex);
                }
            }
        }
        // counted only to word the refusal: counting is where a poll starts, so it is not done otherwise
        String known;
        try {
            int count = nvml.deviceCount();
            known = "this host has " + count + " (0.." + (count - 1) + ")";
        } catch (NvmlException e) {
            known = "the GPU count is unknown (" + e.getMessage() + ")";
        }
        throw new SchedulerControlException(Reason.NO_SUCH_GPU, gpuIndex, "no GPU " + gpuIndex + ": " + known);
    }

    private static SchedulerCapabilities capabilities(Nvml nvml, long device, int gpuIndex)
            throws SchedulerControlException {
        try {
            VirtualizationMode mode = nvml.deviceVirtualizationMode(device);
            if (mode != VirtualizationMode.HOST_VGPU) {
                throw notHost(gpuIndex, "its virtualization mode is " + mode);
            }
            return nvml.deviceVgpuSchedulerCapabilities(device);
        } catch (NvmlException e) {
            if (e.isNotSupported()) {
                throw notHost(gpuIndex, "the driver reports no vGPU scheduler for it");
            }
            throw failure(e, gpuIndex);
        }
    }

    private static SchedulerControlException notHost(int gpuIndex, String why) {
        return new SchedulerControlException(Reason.NOT_VGPU_HOST, gpuIndex,
                "GPU " + gpuIndex + " has no vGPU scheduler to set: " + why);
    }

    private static void validate(SchedulerCapabilities caps, int gpuIndex, SchedulerSetState request)
            throws SchedulerControlException {
        SchedulerPolicy policy = request.policy();
        if (policy == null || policy == SchedulerPolicy.UNKNOWN || !caps.supportedSchedulers().contains(policy)) {
            throw new SchedulerControlException(Reason.UNSUPPORTED_POLICY, gpuIndex, "policy " + policy
                    + " is not supported by GPU " + gpuIndex + "; it supports " + caps.supportedSchedulers());
        }
        if (request.v2()) {
            // 0 asks for the driver's default; any other value must lie in the GPU's ARR ranges
            if (request.avgFactor() != 0) {
                range(gpuIndex, "average factor", request.avgFactor(), caps.minAvgFactorForArr(),
                        caps.maxAvgFactorForArr(), "");
            }
            if (request.frequencyHertz() != 0) {
                range(gpuIndex, "frequency", request.frequencyHertz(), caps.minFrequencyForArrHertz(),
                        caps.maxFrequencyForArrHertz(), " Hz");
            }
        } else if (request.enableArr()) {
            if (!caps.arrModeSupported()) {
                throw new SchedulerControlException(Reason.ARR_NOT_SUPPORTED, gpuIndex,
                        "GPU " + gpuIndex + " does not support ARR; set a timeslice instead ("
                                + millis(caps.minTimesliceSeconds()) + ".." + millis(caps.maxTimesliceSeconds())
                                + " ms)");
            }
            range(gpuIndex, "ARR average factor", request.avgFactor(), caps.minAvgFactorForArr(),
                    caps.maxAvgFactorForArr(), "");
            range(gpuIndex, "ARR frequency", request.frequencyHertz(), caps.minFrequencyForArrHertz(),
                    caps.maxFrequencyForArrHertz(), " Hz");
        } else {
            double t = request.timesliceSeconds();
            if (!(t >= caps.minTimesliceSeconds() && t <= caps.maxTimesliceSeconds())) {
                throw new SchedulerControlException(Reason.OUT_OF_RANGE, gpuIndex, "timeslice " + millis(t)
                        + " ms is out of range for GPU " + gpuIndex + ": legal range "
                        + millis(caps.minTimesliceSeconds()) + ".." + millis(caps.maxTimesliceSeconds()) + " ms");
            }
        }
    }

    /** Seconds as milliseconds, without a trailing {@code .0}: how the CLI and the dashboard show time slices. */
    private static String millis(double seconds) {
        return java.math.BigDecimal.valueOf(Math.round(seconds * 1e9)).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private static void range(int gpuIndex, String what, long value, long min, long max, String unit)
            throws SchedulerControlException {
        if (value < min || value > max) {
            throw new SchedulerControlException(Reason.OUT_OF_RANGE, gpuIndex, what + " " + value + unit
                    + " is out of range for GPU " + gpuIndex + ": legal range " + min + ".." + max + unit);
        }
    }

    private static SchedulerControlException refused(NvmlException e, int gpuIndex) {
        OptionalInt code = OptionalInt.of(e.code());
        return switch (e.result()) {
            case NOT_SUPPORTED -> new SchedulerControlException(Reason.VGPUS_RUNNING, gpuIndex, code,
                    "NVML refused to change the scheduler of GPU " + gpuIndex
                            + ": it can only change while no vGPU runs on the GPU (" + e.getMessage() + ")");
            case RESET_REQUIRED -> new SchedulerControlException(Reason.RESET_REQUIRED, gpuIndex, code,
                    "GPU " + gpuIndex + " must be reset before its scheduler can change (" + e.getMessage() + ")");
            case NO_PERMISSION -> new SchedulerControlException(Reason.NO_PERMISSION, gpuIndex, code,
                    "changing the vGPU scheduler needs root (" + e.getMessage() + ")");
            default -> failure(e, gpuIndex);
        };
    }

    private static SchedulerControlException failure(NvmlException e, int gpuIndex) {
        return new SchedulerControlException(e.isFatal() ? Reason.NVML_UNAVAILABLE : Reason.NVML_ERROR, gpuIndex,
                OptionalInt.of(e.code()), "GPU " + gpuIndex + ": " + e.getMessage());
    }
}
