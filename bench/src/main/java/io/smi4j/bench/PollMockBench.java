package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.MockNvml;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One steady-state poll over {@link MockNvml} (frozen): the collector's own cost. */
@State(Scope.Benchmark)
public class PollMockBench extends ReaderPollBench {

    @Param({"bare-metal-1", "bare-metal", "vgpu-host", "vgpu-host-large"})
    public String host;

    @Setup
    public void setup() {
        NvmlGpuReader reader = open(new NvmlGpuReader(MockNvml.frozen(Hosts.scenario(host)), 64));
        Polls.requireClean(host, Hosts.warm(reader));
    }
}
