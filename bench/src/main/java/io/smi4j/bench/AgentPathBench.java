package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.mock.MockNvml;
import io.smi4j.model.HostSnapshot;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where the agent's time per poll goes on {@code vgpu-host-large}, as it runs in the agent
 * benchmark: a poll over the live mock (the simulation moves one step, so values change and
 * new samples arrive), and the MBean update that follows every poll (two consecutive live
 * snapshots in turn, renumbered so each is newer than the last).
 */
@State(Scope.Benchmark)
public class AgentPathBench {

    private NvmlGpuReader live;
    private Smi4jJmx mbeans;
    private HostSnapshot[] snapshots;
    private long sequence;

    @Setup
    public void setup() {
        live = new NvmlGpuReader(MockNvml.live(Hosts.LARGE, Hosts.SEED), 64);
        Hosts.warm(live);
        snapshots = new HostSnapshot[] {Polls.requireClean(Hosts.LARGE, live.read()), live.read()};
        mbeans = Smi4jJmx.create(ManagementFactory.getPlatformMBeanServer(), JmxOptions.defaults());
    }

    @TearDown
    public void close() {
        mbeans.close();
        live.close();
    }

    @Benchmark
    public HostSnapshot livePoll() {
        return live.read();
    }

    @Benchmark
    public Smi4jJmx mbeanUpdate() {
        HostSnapshot s = snapshots[(int) (sequence & 1)];
        sequence++;
        mbeans.accept(new HostSnapshot(s.hostName(), sequence, s.time(), s.pollDuration(), s.status(),
                s.statusDetail(), s.driverVersion(), s.nvmlVersion(), s.cudaDriverVersion(), s.gpus(), s.errors(), s.errorTotals(),
                s.anomalyTotals(), s.pollOverruns(), s.vgpuDriverCapabilities()));
        return mbeans;
    }
}
