package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.HostSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One steady-state poll over JnaNvml and the native mock {@code libnvidia-ml.so.1}: the real JNA path. */
@State(Scope.Benchmark)
public class PollJnaBench {

    @Param({"bare-metal-1", "bare-metal", "vgpu-host", "vgpu-host-large"})
    public String host;

    private NvmlGpuReader reader;

    @Setup
    public void setup() {
        reader = new NvmlGpuReader(NativeHost.open(host), 64);
        Polls.requireClean(host, Hosts.warm(reader));
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
