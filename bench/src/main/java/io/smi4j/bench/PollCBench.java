package io.smi4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The physical limit: the NVML calls of one steady-state poll, recorded from the reader over
 * JnaNvml, replayed from C against the same native mock (per poll; batches of {@value #POLLS}
 * so the one JNA call into the harness does not count).
 */
@State(Scope.Benchmark)
public class PollCBench {

    static final int POLLS = 16;

    @Param({"bare-metal-1", "bare-metal", "vgpu-host", "vgpu-host-large"})
    public String host;

    private PollCalls recorded;
    private CHarness harness;

    @Setup
    public void setup() {
        recorded = PollCalls.record(host);
        harness = CHarness.replaying(recorded.calls());
    }

    @TearDown
    public void close() {
        recorded.close();
    }

    @Benchmark
    @OperationsPerInvocation(POLLS)
    public int poll() {
        return harness.poll(POLLS);
    }
}
