package io.smi4j.collect;

import io.smi4j.model.AnomalyTotal;
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
 *       and that function is not called for it again until it is re-probed (its GPU's MIG mode changed, or
 *       every {@link #REPROBE_POLLS} polls); not an error. A call failing with the same code in
 *       {@link #PERSISTENT_POLLS} consecutive polls is suspended the same way.</li>
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

    /** NVML's all-ones 32-bit value, as the port passes it on (unsigned). */
    private static final long ALL_ONES = 0xFFFF_FFFFL;
    /** Polls in a row a call must fail with the same code to be treated as unsupported until the next re-probe. */
    static final int PERSISTENT_POLLS = 3;
    /** Every this many polls, what was found unsupported is asked again. */
    static final int REPROBE_POLLS = 300;

    /** How far a sample may lie ahead of this host's clock before it is impossible: clocks drift a little. */
    private static final long FUTURE_SLACK_MICROS = 60_000_000L;

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
    /** Impossible values since the collector started, by function and kind; the list is rebuilt only after one. */
    private final Map<AnomalyKey, long[]> anomalies = new LinkedHashMap<>();
    private List<AnomalyTotal> anomalyList = List.of();
    private boolean anomaliesChanged;
    /** When this poll started on the wall clock, in microseconds since the epoch. */
    private long pollEpochMicros;
    private Nvml nvml;
    /** When this poll started, on {@link System#nanoTime()}: the age of a stale list is counted from it. */
    private long pollNanos;
    /** The number of this poll, the snapshot's sequence: how samples are aged in polls. */
    private long poll;
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

    /** Poll {@code sequence} (the snapshot's number) on {@code session} starts: no errors yet, nothing lost. */
    void newPoll(Nvml session, long sequence) {
        nvml = session;
        poll = sequence;
        pollNanos = System.nanoTime();
        pollEpochMicros = System.currentTimeMillis() * 1000;
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
            T value = call.call(nvml, handle);
            target.answered(function);
            return value;
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
            T value = call.call(nvml, handle, argument);
            target.answered(function);
            return value;
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
            long value = call.call(nvml, handle);
            target.answered(function);
            return value;
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
            long value = call.call(nvml, handle, argument);
            target.answered(function);
            return value;
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
        if ((!target.supports(function) && !target.suspended(function)) || !worthCalling(target)) {
            return null;
        }
        target.stale(new GpuHealth.StaleList(kind, memo.ageSeconds(pollNanos)));
        return memo.last();
    }

    /** A whole-number measurement (percent, degrees, frames per second), NaN when not available. */
    double measured(CallTarget target, NvmlFunction function, LongCall call, long handle) {
        return NvmlUnits.measured(getLong(target, function, call, handle, Nvml.NOT_AVAILABLE));
    }

    /** Whether this poll asks again what was found unsupported (every {@link #REPROBE_POLLS} polls). */
    boolean reprobeDue() {
        return poll % REPROBE_POLLS == 0;
    }

    /** The number of this poll, from 1: the {@link io.smi4j.model.HostSnapshot#sequence()} it makes. */
    long poll() {
        return poll;
    }

    // ---- plausibility at the boundary: an impossible value is not available, and counted ----

    /** A percent {@code function} answered: NaN (counted) when outside 0 to 100; NaN stays NaN. */
    double percent(NvmlFunction function, double value) {
        if (Double.isNaN(value) || (value >= 0 && value <= 100)) {
            return value;
        }
        anomaly(function, value == ALL_ONES ? AnomalyTotal.Kind.SENTINEL : AnomalyTotal.Kind.PERCENT_OUT_OF_RANGE);
        return Double.NaN;
    }

    /** {@code used} bytes of {@code total}: -1 (counted) when more than the total. */
    long used(NvmlFunction function, long used, long total) {
        if (used >= 0 && total >= 0 && used > total) {
            anomaly(function, AnomalyTotal.Kind.USED_OVER_TOTAL);
            return -1;
        }
        return used;
    }

    /** {@code free} bytes of {@code total}: -1 (counted) when more than the total, a subtraction that wrapped. */
    long free(NvmlFunction function, long free, long total) {
        if (free < -1 || (total >= 0 && free > total)) {
            anomaly(function, AnomalyTotal.Kind.FREE_UNDERFLOW);
            return -1;
        }
        return free;
    }

    /**
     * Whether a sample timestamp (microseconds on NVML's clock) lies in the future: counted, and the sample is to
     * be dropped. A clock that is not the epoch (boot-relative on some drivers) is never ahead of the wall clock.
     */
    boolean future(NvmlFunction function, long timestampUs) {
        if (timestampUs > pollEpochMicros + FUTURE_SLACK_MICROS) {
            anomaly(function, AnomalyTotal.Kind.FUTURE_TIMESTAMP);
            return true;
        }
        return false;
    }

    private void anomaly(NvmlFunction function, AnomalyTotal.Kind kind) {
        anomalies.computeIfAbsent(new AnomalyKey(function.name(), kind), k -> new long[1])[0]++;
        anomaliesChanged = true;
    }

    /** The impossible values since the collector started, by function and kind. */
    List<AnomalyTotal> anomalyTotals() {
        if (anomaliesChanged) {
            List<AnomalyTotal> list = new ArrayList<>(anomalies.size());
            anomalies.forEach((k, n) -> list.add(new AnomalyTotal(k.function(), k.kind(), n[0])));
            anomalyList = List.copyOf(list);
            anomaliesChanged = false;
        }
        return anomalyList;
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
        if (!e.isFatal() && target.stillFailsAsSuspended(function, e.code())) {
            // re-probed, and still the answer it was suspended for: suspended again at once, no error again
            target.suspend(function, e.code());
            return;
        }
        errors.add(new CallError(target.gpuIndex, target.vgpuId, e.call(), e.code()));
        target.failed(e.getMessage());
        if (!e.isFatal() && target.failsPersistently(function, e.code(), poll, PERSISTENT_POLLS)) {
            // the same answer every poll (real vGPU guests answer UNKNOWN for max clocks): not asked again, nor
            // counted, until the next re-probe
            target.suspend(function, e.code());
        }
        totals.computeIfAbsent(new CallKey(e.call(), e.code(), target.gpuIndex), k -> new long[1])[0]++;
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

    /** The failures since the collector started, by function, code and GPU (-1: host-level calls). */
    List<CallErrorTotal> totals() {
        if (!errors.isEmpty()) {
            List<CallErrorTotal> list = new ArrayList<>(totals.size());
            totals.forEach((k, n) -> list.add(new CallErrorTotal(k.call(), k.code(), n[0], k.gpuIndex())));
            totalsList = List.copyOf(list);
        }
        return totalsList;
    }

    private record CallKey(String call, int code, int gpuIndex) {
    }

    private record AnomalyKey(String function, AnomalyTotal.Kind kind) {
    }
}
