package io.smi4j.collect;

import io.smi4j.model.HostSnapshot;
import java.util.Optional;

/**
 * Reads the host's GPUs, their processes, vGPU hosts and MIG instances into one snapshot
 * per call. Implementations keep per-session state (static facts, the newest utilization
 * timestamp per GPU, scheduler log entries already reported) and are used from one thread.
 */
public interface GpuReader extends AutoCloseable {

    /**
     * One poll. Never throws: every failure is recorded in the snapshot
     * ({@link HostSnapshot#status()}, {@link HostSnapshot#errors()}).
     */
    HostSnapshot read();

    /** The NVML session this reader polls through, for scheduler control; empty when it reads no NVML. */
    default Optional<NvmlSession> session() {
        return Optional.empty();
    }

    /** Releases NVML; never throws. */
    @Override
    void close();
}
