package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.HostSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One poll of a reader that a subclass opens in its {@code @Setup} ({@link #open(NvmlGpuReader)}): the benchmark and
 * the tear-down the poll benchmarks share. JMH runs an inherited {@code @Benchmark} under the subclass's name.
 */
@State(Scope.Benchmark)
public abstract class ReaderPollBench {

    private NvmlGpuReader reader;

    /** Keeps {@code opened} as the reader polled; returns it. */
    protected NvmlGpuReader open(NvmlGpuReader opened) {
        reader = opened;
        return opened;
    }

    @TearDown
    public void close() {
        reader.close();
    }

    @Benchmark
    public HostSnapshot poll() {
        return reader.read();
    }
}
