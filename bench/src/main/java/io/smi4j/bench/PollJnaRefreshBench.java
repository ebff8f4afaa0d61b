package io.smi4j.bench;

import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.nvml.Nvml;
import java.time.Duration;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A steady-state poll of {@code vgpu-host-large} over JnaNvml and the native mock as the agent makes it at
 * {@code interval=1s}: each vGPU's rarely changing values (licence, encoder capacity, runtime state size,
 * accounting) once per {@link CollectorOptions#DEFAULT_REFRESH}, that is every {@link #REFRESH_POLLS}th poll,
 * spread over the polls. The mean over many polls is the cost per poll; {@link PollJnaBench} reads everything every
 * poll.
 */
@State(Scope.Benchmark)
public class PollJnaRefreshBench extends ReaderPollBench {

    /** {@link CollectorOptions#refreshPolls()} of the default refresh at a 1 s interval. */
    static final int REFRESH_POLLS = CollectorOptions.defaults().withInterval(Duration.ofSeconds(1)).refreshPolls();

    @Setup
    public void setup() {
        NvmlGpuReader reader = open(steady(() -> NativeHost.open(Hosts.LARGE)));
        Polls.requireClean(Hosts.LARGE, reader.read());
    }

    /**
     * A reader as the agent has one at {@code interval=1s}, over {@code opener}'s session, past its first two refresh
     * cycles (every vGPU seen, each refreshed once on its own poll): its polls from now on are the steady ones.
     */
    static NvmlGpuReader steady(Supplier<? extends Nvml> opener) {
        NvmlGpuReader reader = new NvmlGpuReader(opener, 64, REFRESH_POLLS);
        try {
            for (int i = 0; i < 2 * REFRESH_POLLS; i++) {
                reader.read();
            }
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The port calls of {@code polls} steady polls of such a reader, on average per poll. */
    static double portCallsPerPoll(int polls) {
        CallRecorder recorder = CallRecorder.over(NativeHost.open(Hosts.LARGE));
        try (NvmlGpuReader r = steady(recorder::nvml)) {
            long calls = 0;
            for (int i = 0; i < polls; i++) {
                calls += recorder.record(r::read).size();
            }
            return (double) calls / polls;
        }
    }
}
