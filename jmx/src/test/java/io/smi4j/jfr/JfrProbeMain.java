package io.smi4j.jfr;

import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.jmx.TestSnapshots;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The application of {@link JfrIT}, run in a child JVM under {@code -XX:StartFlightRecording}:
 * three scripted polls ({@link #polls()}), then it waits for the periodic events and ends.
 */
public final class JfrProbeMain {

    /** The first log entry's driver timestamp: 2026-01-01T00:00:00.123456789Z in nanoseconds. */
    public static final long LOG_ENTRY_NS = 1_767_225_600_123_456_789L;

    private JfrProbeMain() {
    }

    /** Poll 1: vGPUs 1 and 2; poll 2: vGPU 2 and 3 (1 stopped, 3 started) and two log entries; poll 3 as poll 2 (no new entry). */
    public static List<HostSnapshot> polls() {
        HostSnapshot first = TestSnapshots.snapshot(1, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.EQUAL_SHARE, 2_000_000), List.of(),
                List.of(TestSnapshots.vgpu(1, "vm-1", TestSnapshots.GIB),
                        TestSnapshots.vgpu(2, "vm-2", 2 * TestSnapshots.GIB)))));
        List<SchedulerLogEntry> log = List.of(
                new SchedulerLogEntry(LOG_ENTRY_NS, 1_000 / 1e9, 400 / 1e9, 7, 2_000_000 / 1e9, 30 / 1e9, -1),
                new SchedulerLogEntry(LOG_ENTRY_NS + 1_000, 1_400 / 1e9, 400 / 1e9, 8, 2_000_000 / 1e9, 31 / 1e9, -1));
        HostSnapshot second = TestSnapshots.snapshot(2, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.EQUAL_SHARE, 2_000_000), log,
                List.of(TestSnapshots.vgpu(2, "vm-2", 2 * TestSnapshots.GIB),
                        TestSnapshots.vgpu(3, "vm-3", 3 * TestSnapshots.GIB)))));
        HostSnapshot third = TestSnapshots.snapshot(3, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.EQUAL_SHARE, 2_000_000), log,
                second.gpus().get(0).vgpuHost().orElseThrow().vgpus())));
        return List.of(first, second, third);
    }

    public static void main(String[] args) throws Exception {
        List<HostSnapshot> polls = polls();
        GpuReader reader = new GpuReader() {
            private int next;

            @Override
            public HostSnapshot read() {
                return polls.get(Math.min(next++, polls.size() - 1));
            }

            @Override
            public void close() {
            }
        };
        Poller poller = new Poller(reader, Duration.ofMillis(100));
        JfrEvents events = JfrEvents.register(poller);
        try {
            poller.start();
            poller.awaitSequence(3, Duration.ofSeconds(30)).orElseThrow();
            Thread.sleep(1_500); // the periodic events run every second
        } finally {
            events.close();
            poller.close();
        }
        System.out.println("jfr probe done");
    }
}
