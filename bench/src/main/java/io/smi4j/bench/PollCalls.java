package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.model.HostSnapshot;
import java.util.List;

/**
 * The NVML port calls of one steady-state poll of the reader over JnaNvml and the native mock,
 * recorded twice to prove the sequence is stable. The reader's NVML session stays open (and
 * initialised) until the recording is closed, so the C harness can replay the calls against
 * the same live library. {@code main(host...)} prints them.
 */
final class PollCalls implements AutoCloseable {

    private final List<CallRecorder.Call> calls;
    private final NvmlGpuReader reader;

    private PollCalls(List<CallRecorder.Call> calls, NvmlGpuReader reader) {
        this.calls = calls;
        this.reader = reader;
    }

    /** Records a steady-state poll of {@code host}; the native mock then holds {@code host}. */
    static PollCalls record(String host) {
        CallRecorder recorder = CallRecorder.over(NativeHost.open(host));
        NvmlGpuReader reader = new NvmlGpuReader(recorder.nvml(), 64);
        Hosts.warm(reader);
        HostSnapshot[] last = new HostSnapshot[1];
        List<CallRecorder.Call> first = recorder.record(() -> last[0] = reader.read());
        List<CallRecorder.Call> second = recorder.record(() -> last[0] = reader.read());
        Polls.requireClean(host, last[0]);
        if (!first.equals(second)) {
            reader.close();
            throw new IllegalStateException(host + ": two steady-state polls made different calls");
        }
        return new PollCalls(first, reader);
    }

    List<CallRecorder.Call> calls() {
        return calls;
    }

    /**
     * The most NVML calls of this poll that may fail: the utilization-sample calls (vGPUs, processes), which answer
     * NOT_FOUND when there is no sample newer than the last one seen.
     */
    static int mayFail(List<CallRecorder.Call> calls) {
        return (int) calls.stream()
                .filter(c -> c.method().matches("device(Vgpu\\w*|Process\\w*)Utilization\\w*")).count();
    }

    /** Ends the NVML session. */
    @Override
    public void close() {
        reader.close();
    }

    public static void main(String[] args) {
        for (String host : args.length > 0 ? List.of(args) : Hosts.POLLED) {
            try (PollCalls poll = record(host)) {
                System.out.println("# " + host + ": " + poll.calls().size() + " port calls per poll");
                poll.calls().forEach(c -> System.out.println(c.method() + " " + c.args()));
            }
        }
    }
}
