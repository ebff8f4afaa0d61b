package io.smi4j.collect;

import io.smi4j.model.HostSnapshot;

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

    /** Releases NVML; never throws. */
    @Override
    void close();
}
