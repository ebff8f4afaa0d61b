package io.smi4j.model;

import java.util.List;

/**
 * Whether one GPU could be read in one poll, and why not.
 *
 * @param state  how far the GPU could be read
 * @param reason the first failure behind a state other than {@link State#OK}, in one line; {@code ""} when OK
 * @param staleLists the lists of this GPU whose enumeration failed in this poll: the snapshot holds the last list
 *                   that was read instead (unknown is not empty), each with its age
 */
public record GpuHealth(State state, String reason, List<StaleList> staleLists) {

    /** A GPU whose every call answered (NOT_SUPPORTED and NOT_FOUND are answers, not failures). */
    public static final GpuHealth OK = new GpuHealth(State.OK, "", List.of());

    public GpuHealth {
        reason = reason == null ? "" : reason;
        staleLists = List.copyOf(staleLists);
    }

    /** A health without stale lists. */
    public GpuHealth(State state, String reason) {
        this(state, reason, List.of());
    }

    /** Whether {@code list} is the last one read rather than this poll's. */
    public boolean stale(ListKind list) {
        for (StaleList l : staleLists) {
            if (l.list() == list) {
                return true;
            }
        }
        return false;
    }

    /** A list NVML enumerates for a GPU. */
    public enum ListKind {
        /** {@code nvmlDeviceGetActiveVgpus}: the running vGPUs. */
        VGPUS,
        /** {@code nvmlDeviceGetCreatableVgpus}: which vGPU types can be created now. */
        CREATABLE_VGPU_TYPES,
        /** {@code nvmlDeviceGetComputeRunningProcesses_v3}: the compute processes. */
        PROCESSES,
        /** {@code nvmlDeviceGetGraphicsRunningProcesses_v3}: the graphics processes. */
        GRAPHICS_PROCESSES
    }

    /**
     * A list whose enumeration failed in this poll, shown as last read.
     *
     * @param list        which list
     * @param ageSeconds  seconds since the enumeration that was read; NaN when none was read yet (the list is empty
     *                    because it is unknown, not because nothing runs)
     */
    public record StaleList(ListKind list, double ageSeconds) {
    }

    /** How far a GPU could be read; {@link #code()} is the encoding of {@code allsmi_gpu_health}. */
    public enum State {
        /** Every call answered. */
        OK(0),
        /** Some calls failed this poll: the values they would have given are not available, the rest are read. */
        DEGRADED(1),
        /** The GPU answered GPU_IS_LOST (it fell off the bus): nothing of this poll is read; its identity is kept. */
        LOST(2),
        /** The GPU could not be opened ({@code nvmlDeviceGetHandleByIndex_v2} failed): no identity, nothing read. */
        UNAVAILABLE(3);

        private final int code;

        State(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Whether the GPU's readings are there (OK or DEGRADED): a working GPU. */
    public boolean working() {
        return state == State.OK || state == State.DEGRADED;
    }
}
