package io.smi4j.collect;

import io.smi4j.model.GpuHealth;
import io.smi4j.nvml.NvmlFunction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * What an NVML call is about: the system, a GPU, one vGPU on it, or a part of either (a clock domain,
 * a MIG device, a vGPU's process records). It names the GPU and vGPU a failure is attributed to,
 * remembers the functions it answered NOT_SUPPORTED (or FUNCTION_NOT_FOUND) this session, and says
 * whether it is still worth calling in this poll. Lives as long as the session's state for it.
 */
final class CallTarget {

    /** The GPU a failure is attributed to; -1 for the system. */
    final int gpuIndex;
    /** The vGPU instance a failure is attributed to; -1 when none. */
    final long vgpuId;
    /** The GPU or vGPU this target is part of; null for the system and for a GPU. */
    private final CallTarget parent;
    /** NOT_FOUND means this target is gone: a vGPU destroyed since the enumeration. */
    private final boolean vanishes;
    private final EnumSet<NvmlFunction> unsupported = EnumSet.noneOf(NvmlFunction.class);
    /** The part of {@link #unsupported} that only failed persistently: not known to be unsupported. */
    private final EnumSet<NvmlFunction> suspended = EnumSet.noneOf(NvmlFunction.class);
    /** The root's probe generation this memo belongs to: a newer one means ask everything again. */
    private int memoGeneration;
    /** On a GPU (and the system): bumped to re-probe it and all its parts. */
    private int generation;
    /**
     * Per function: the code it last failed with, how many consecutive polls it did, and in which poll last. Made
     * at the first failure, as is {@link #suspendedWith}: most targets (a vGPU, its processes) never fail, and an
     * empty map per target would put a poll's few hot fields of each vGPU kilobytes apart.
     */
    private java.util.EnumMap<NvmlFunction, long[]> failing;
    /**
     * Per function: the code it was suspended for, kept across re-probes (until it answers again), so that a
     * re-probed call failing with that same code is suspended again at once, neither counted nor failing the poll.
     */
    private java.util.EnumMap<NvmlFunction, Integer> suspendedWith;
    private boolean lost;
    private boolean gone;
    /** A GPU's first failed call of this poll (any of its parts' too); null when none failed. */
    private String failure;
    /** A GPU's lists whose enumeration failed in this poll. */
    private final List<GpuHealth.StaleList> stale = new ArrayList<>();

    private CallTarget(int gpuIndex, long vgpuId, CallTarget parent, boolean vanishes) {
        this.gpuIndex = gpuIndex;
        this.vgpuId = vgpuId;
        this.parent = parent;
        this.vanishes = vanishes;
    }

    static CallTarget system() {
        return new CallTarget(-1, -1, null, false);
    }

    static CallTarget gpu(int index) {
        return new CallTarget(index, -1, null, false);
    }

    /** vGPU {@code id} on this GPU: NOT_FOUND from any of its calls means it was destroyed. */
    CallTarget vgpu(long id) {
        return new CallTarget(gpuIndex, id, this, true);
    }

    /** A part of this target with a memo of its own: failures attributed alike, alive while this target is. */
    CallTarget part() {
        return new CallTarget(gpuIndex, vgpuId, this, false);
    }

    boolean supports(NvmlFunction function) {
        int current = root().generation;
        if (memoGeneration != current) {
            unsupported.clear();
            suspended.clear();
            failing = null;
            memoGeneration = current;
        }
        return !unsupported.contains(function);
    }

    void unsupported(NvmlFunction function) {
        supports(function); // an old memo is cleared first
        unsupported.add(function);
    }

    /** {@code function} failed persistently: not called until the next re-probe, yet not known to be unsupported. */
    void suspend(NvmlFunction function, int code) {
        unsupported(function);
        suspended.add(function);
        if (suspendedWith == null) {
            suspendedWith = new java.util.EnumMap<>(NvmlFunction.class);
        }
        suspendedWith.put(function, code);
    }

    /** Whether {@code function}, re-probed, failed with the code it was suspended for: then it is suspended again. */
    boolean stillFailsAsSuspended(NvmlFunction function, int code) {
        Integer before = suspendedWith == null ? null : suspendedWith.get(function);
        return before != null && before == code;
    }

    /** {@code function} answered: a suspension it had is over. */
    void answered(NvmlFunction function) {
        if (suspendedWith != null && !suspendedWith.isEmpty()) {
            suspendedWith.remove(function);
        }
    }

    /** Whether {@code function} is only suspended (a list it gives is then unknown, not absent). */
    boolean suspended(NvmlFunction function) {
        return suspended.contains(function) && !supports(function);
    }

    /** Asks everything this target and its parts found unsupported again (its MIG mode changed, a slow re-probe). */
    void reprobe() {
        root().generation++;
    }

    /**
     * {@code function} failed with {@code code} in poll {@code poll}: whether it did so in this many consecutive
     * polls that it is to be treated as unsupported until the next re-probe.
     */
    boolean failsPersistently(NvmlFunction function, int code, long poll, int polls) {
        if (failing == null) {
            failing = new java.util.EnumMap<>(NvmlFunction.class);
        }
        long[] f = failing.computeIfAbsent(function, k -> new long[] {Long.MIN_VALUE, 0, Long.MIN_VALUE});
        if (f[2] == poll) {
            return false; // one count per poll (a clock domain's calls share a memo with none)
        }
        f[1] = f[0] == code && f[2] == poll - 1 ? f[1] + 1 : 1;
        f[0] = code;
        f[2] = poll;
        return f[1] >= polls;
    }

    /** Neither its GPU fell off the bus in this poll nor it is gone. */
    boolean live() {
        return !lost && !gone && (parent == null || parent.live());
    }

    /** A vGPU destroyed since the enumeration (it answered NOT_FOUND). */
    boolean gone() {
        return gone;
    }

    void notFound() {
        gone |= vanishes;
    }

    /** A call about this target failed (not NOT_SUPPORTED, not NOT_FOUND): its GPU is not healthy this poll. */
    void failed(String message) {
        CallTarget gpu = root();
        if (gpu.failure == null) {
            gpu.failure = message == null ? "" : message;
        }
    }

    /** An enumeration about this target's GPU failed: the last list read stands in for it. */
    void stale(GpuHealth.StaleList list) {
        root().stale.add(list);
    }

    /** The GPU's stale lists of this poll. */
    List<GpuHealth.StaleList> staleLists() {
        return root().stale;
    }

    /** The first failure of this GPU's calls in this poll; null when none failed. */
    String failure() {
        return root().failure;
    }

    /** Whether this GPU answered GPU_IS_LOST in this poll. */
    boolean lost() {
        return root().lost;
    }

    private CallTarget root() {
        CallTarget gpu = this;
        while (gpu.parent != null) {
            gpu = gpu.parent;
        }
        return gpu;
    }

    /** GPU_IS_LOST: marks its GPU lost for this poll; false for the system, which has no GPU to lose. */
    boolean loseGpu() {
        CallTarget gpu = root();
        gpu.lost = gpu.gpuIndex >= 0;
        return gpu.lost;
    }

    /** A GPU starts every poll worth calling and without failures: a lost GPU is asked again. */
    void newPoll() {
        lost = false;
        failure = null;
        stale.clear();
    }
}
