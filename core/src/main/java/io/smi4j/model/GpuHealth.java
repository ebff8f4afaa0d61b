package io.smi4j.model;

/**
 * Whether one GPU could be read in one poll, and why not.
 *
 * @param state  how far the GPU could be read
 * @param reason the first failure behind a state other than {@link State#OK}, in one line; {@code ""} when OK
 */
public record GpuHealth(State state, String reason) {

    /** A GPU whose every call answered (NOT_SUPPORTED and NOT_FOUND are answers, not failures). */
    public static final GpuHealth OK = new GpuHealth(State.OK, "");

    public GpuHealth {
        reason = reason == null ? "" : reason;
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
