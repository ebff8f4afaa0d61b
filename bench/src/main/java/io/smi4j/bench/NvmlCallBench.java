package io.smi4j.bench;

import io.smi4j.nvml.jna.JnaNvml;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One cheap NVML call ({@code nvmlDeviceGetTemperature} on the native mock), through JnaNvml
 * and from C: what JNA direct mapping and the port add to a single call.
 */
@State(Scope.Benchmark)
public class NvmlCallBench {

    static final int CALLS = 1000;

    private JnaNvml nvml;
    private long device;

    @Setup
    public void setup() {
        nvml = NativeHost.open("bare-metal-1");
        nvml.init();
        device = nvml.deviceHandleByIndex(0);
    }

    @TearDown
    public void close() {
        nvml.close();
    }

    @Benchmark
    public int jna() {
        return nvml.deviceTemperature(device);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int c() {
        return CHarness.temperature(device, CALLS);
    }
}
