package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One steady-state poll over JnaNvml and the native mock {@code libnvidia-ml.so.1}: the real JNA path. */
@State(Scope.Benchmark)
public class PollJnaBench extends ReaderPollBench {

    @Param({"bare-metal-1", "bare-metal", "vgpu-host", "vgpu-host-large"})
    public String host;

    @Setup
    public void setup() {
        NvmlGpuReader reader = open(new NvmlGpuReader(NativeHost.open(host), 64));
        Polls.requireClean(host, Hosts.warm(reader));
    }
}
