package io.smi4j.collect;

import io.smi4j.model.CallError;
import io.smi4j.model.CallErrorTotal;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.NvmlUnits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the readers call NVML: every call goes through one of these helpers, which makes it, and on
 * failure returns the caller's fallback and classifies the failure once for all:
 * <ul>
 *   <li>NOT_SUPPORTED or FUNCTION_NOT_FOUND (the driver lacks it): remembered for the {@link CallTarget},
 *       and that function is not called for it again this session; not an error.</li>
 *   <li>NOT_FOUND: what was asked about does not exist (any more): a vGPU destroyed since the enumeration,
 *       a process that ended, an unused MIG slot; not an error.</li>
 *   <li>anything else: a {@link CallError} of this poll, counted in the running totals by function and code;
 *       it marks the target's GPU not healthy for this poll (its {@link io.smi4j.model.GpuHealth}); a fatal code
 *       marks that GPU lost for this poll (GPU_IS_LOST) or the whole session broken.</li>
 * </ul>
 * A call is not made at all when its target does not support it, its GPU was lost or it is gone in this
 * poll, or the session broke. Calls take the port and a handle, so call sites pass non-capturing method
 * references ({@code Nvml::deviceTemperature}): a poll allocates no lambda.
 */
final class CallPolicy {

    /** A call of the port on one handle (a device, a vGPU type or instance, a MIG device). */
    @FunctionalInterface
    interface Call<T> {
        T call(Nvml nvml, long handle);
    }

    /** A call answering a number. */
    @FunctionalInterface
    interface LongCall {
        long call(Nvml nvml, long handle);
    }

    /** A call on a handle with one more argument (a PID, a type id, a timestamp already seen). */
    @FunctionalInterface
    interface ArgCall<T> {
        T call(Nvml nvml, long handle, long argument);
    }

    /** A call on a handle with one more argument, answering a number. */
    @FunctionalInterface
    interface LongArgCall {
        long call(Nvml nvml, long handle, long argument);
    }

    private final List<CallError> errors = new ArrayList<>();
    /** Failed calls since the collector started, by function and code; the list is rebuilt only after a failure. */
    private final Map<CallKey, long[]> totals = new LinkedHashMap<>();
    private List<CallErrorTotal> totalsList = List.of();
    private Nvml nvml;
    /** When this poll started, on {@link System#nanoTime()}: the age of a stale list is counted from it. */
    private long pollNanos;
    private CallTarget system = CallTarget.system();
    private boolean broken;
    private String brokenDetail = "";
    private String lastFailure = "";

    /** A fresh NVML session: what the last one found unsupported is asked again. */
    void newSession() {
        system = CallTarget.system();
    }

    /** The target of calls about no GPU (driver version, device count, process names). */
    CallTarget system() {
        return system;
    }

    /** A poll on {@code session} starts: no errors yet, nothing lost. */
    void newPoll(Nvml session) {
        nvml = session;
        pollNanos = System.nanoTime();
        errors.clear();
        lastFailure = "";
        broken = false;
    }

    /** {@code call} on {@code handle}, or {@code fallback} when not made or failed. */
    <T> T get(CallTarget target, NvmlFunction function, Call<T> call, long handle, T fallback) {
        if (skip(target, function)) {
            return fallback;
        }
        try {
            return call.call(nvml, handle);
        } catch (NvmlException e) {
            failed(target, function, e);
            return fallback;
        }
    }

    /** {@code call} on {@code handle} and {@code argument}, or {@code fallback} when not made or failed. */
    <T> T get(CallTarget target, NvmlFunction function, ArgCall<T> call, long handle, long argument, T fallback) {
        if (skip(target, function)) {
            return fallback;
        }
        try {
            return call.call(nvml, handle, argument);
        } catch (NvmlException e) {
            failed(target, function, e);
            return fallback;
        }
    }

    /** A number, or {@code fallback} when not made or failed. */
    long getLong(CallTarget target, NvmlFunction function, LongCall call, long handle, long fallback) {
        if (skip(target, function)) {
            return fallback;
        }
        try {
            return call.call(nvml, handle);
        } catch (NvmlException e) {
            failed(target, function, e);
            return fallback;
        }
    }

    /** A number from {@code handle} and {@code argument}, or {@code fallback} when not made or failed. */
    long getLong(CallTarget target, NvmlFunction function, LongArgCall call, long handle, long argument, long fallback) {
        if (skip(target, function)) {
            return fallback;
        }
        try {
            return call.call(nvml, handle, argument);
        } catch (NvmlException e) {
            failed(target, function, e);
            return fallback;
        }
    }

    /**
     * An enumeration ({@code kind}) of {@code handle}: this poll's list, remembered in {@code memo}; when the call
     * fails, the last list read instead, marked stale on the GPU with its age (null when none was read yet: unknown,
     * not empty). Null too when the call is not made (not supported, GPU lost).
     */
    <T> T list(Listing<T> memo, GpuHealth.ListKind kind, CallTarget target, NvmlFunction function, Call<T> call,
            long handle) {
        T fresh = get(target, function, call, handle, null);
        if (fresh != null) {
            memo.read(fresh, pollNanos);
            return fresh;
        }
        if (!target.supports(function) || !worthCalling(target)) {
            return null;
        }
        target.stale(new GpuHealth.StaleList(kind, memo.ageSeconds(pollNanos)));
        return memo.last();
    }

    /** A whole-number measurement (percent, degrees, frames per second), NaN when not available. */
    double measured(CallTarget target, NvmlFunction function, LongCall call, long handle) {
        return NvmlUnits.measured(getLong(target, function, call, handle, Nvml.NOT_AVAILABLE));
    }

    /** Whether calls about {@code target} are still made in this poll (whatever it supports). */
    boolean worthCalling(CallTarget target) {
        return !broken && target.live();
    }

    private boolean skip(CallTarget target, NvmlFunction function) {
        return !target.supports(function) || !worthCalling(target);
    }

    private void failed(CallTarget target, NvmlFunction function, NvmlException e) {
        lastFailure = e.getMessage();
        if (e.isNotSupported()) {
            target.unsupported(function);
            return;
        }
        if (e.result() == NvmlReturn.NOT_FOUND) {
            target.notFound();
            return;
        }
        errors.add(new CallError(target.gpuIndex, target.vgpuId, e.call(), e.code()));
        target.failed(e.getMessage());
        totals.computeIfAbsent(new CallKey(e.call(), e.code()), k -> new long[1])[0]++;
        if (e.isFatal()) {
            // GPU_IS_LOST costs only this GPU: the others are still worth reading
            if (e.result() != NvmlReturn.GPU_IS_LOST || !target.loseGpu()) {
                if (!broken) {
                    brokenDetail = (target.gpuIndex < 0 ? "" : "GPU " + target.gpuIndex + ": ") + e.getMessage();
                }
                broken = true;
            }
        }
    }

    /** A fatal failure broke the session in this poll: nothing more is called until NVML is initialised again. */
    boolean broken() {
        return broken;
    }

    /** The first fatal failure of this poll, naming its GPU. */
    String brokenDetail() {
        return brokenDetail;
    }

    /** The message of the latest call of this poll that failed, whatever its code; {@code ""} when none did. */
    String lastFailure() {
        return lastFailure;
    }

    /** The failures of this poll. */
    List<CallError> errors() {
        return errors;
    }

    /** The failures since the collector started, by function and code. */
    List<CallErrorTotal> totals() {
        if (!errors.isEmpty()) {
            List<CallErrorTotal> list = new ArrayList<>(totals.size());
            totals.forEach((k, n) -> list.add(new CallErrorTotal(k.call(), k.code(), n[0])));
            totalsList = List.copyOf(list);
        }
        return totalsList;
    }

    private record CallKey(String call, int code) {
    }
}
