package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under the agent's figure on this machine, measured in the benchmark JVM while the goal's two services run
 * (so it describes the same minute): the NVML calls of the agent's polls without any of its Java, and what memory
 * costs when a thread comes back to it after an idle second.
 * <ul>
 * <li>The calls: one refresh cycle of {@code vgpu-host-large} polls as the agent makes them at {@code interval=1s}
 * ({@link PollJnaRefreshBench#REFRESH_POLLS} polls, each vGPU's rarely changing values on its own poll), recorded
 * from the reader over JnaNvml, replayed from C ({@link CHarness}) against the native mock once a second, the next
 * poll of the cycle each second; the CPU time of the replaying thread per poll over the second half, and the same
 * replays back to back.</li>
 * <li>The pages: {@value #PAGES} pages of 4 KiB, each written once after an idle second, against the same right
 * after.</li>
 * </ul>
 * On a virtual machine whose memory is mapped again after the virtual CPU idles (nested virtualization), a page
 * first touched after an idle second costs microseconds instead of nanoseconds, so a once-a-second poll there costs
 * what it touches more than what it computes; these two figures say how far that holds at the time of the run.
 */
final class ColdFloor implements AutoCloseable {

    static final int PAGES = 1000;
    private static final int PAGE = 4096;
    private static final long SECOND_NS = 1_000_000_000L;

    /**
     * @param callsPerPoll   port calls per poll of the cycle, on average
     * @param coldUsPerPoll  CPU per poll replayed once a second (second half), microseconds
     * @param warmUsPerPoll  CPU per poll replayed back to back, microseconds
     * @param coldPageUs     a page written after an idle second (median), microseconds
     * @param warmPageUs     the same right after, microseconds
     */
    record Result(int seconds, double callsPerPoll, double coldUsPerPoll, double warmUsPerPoll, double coldPageUs,
            double warmPageUs) {

        /** The replay's share of one core at one poll per second. */
        double coldShare() {
            return coldUsPerPoll / 1e6;
        }
    }

    private final NvmlGpuReader reader;
    private final List<CHarness> polls;
    private final double callsPerPoll;

    private ColdFloor(NvmlGpuReader reader, List<CHarness> polls, double callsPerPoll) {
        this.reader = reader;
        this.polls = polls;
        this.callsPerPoll = callsPerPoll;
    }

    /**
     * Records one refresh cycle of the agent's polls over the native mock and readies their replays; the NVML session
     * stays open (the replays need it) until {@link #close()}.
     */
    static ColdFloor prepare() {
        int cycle = PollJnaRefreshBench.REFRESH_POLLS;
        CallRecorder recorder = CallRecorder.over(NativeHost.open(Hosts.LARGE));
        NvmlGpuReader reader = PollJnaRefreshBench.steady(recorder::nvml);
        try {
            List<CHarness> polls = new ArrayList<>();
            long calls = 0;
            for (int i = 0; i < cycle; i++) {
                List<CallRecorder.Call> poll = recorder.record(reader::read);
                calls += poll.size();
                polls.add(CHarness.replaying(poll));
            }
            return new ColdFloor(reader, polls, (double) calls / cycle);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Replays a poll once a second for {@code seconds} (the next of the cycle each second, starting half a second
     * from now, so as not to wake with a poller started at the same time), then back to back, then touches the pages
     * once a second for {@code pageSeconds}.
     */
    Result run(int seconds, int pageSeconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cold = 0;
        int coldPolls = 0;
        long next = System.nanoTime() - SECOND_NS / 2;
        for (int i = 0; i < seconds; i++) {
            next = sleepUntil(next + SECOND_NS);
            long t0 = threads.getCurrentThreadCpuTime();
            polls.get(i % polls.size()).poll(1);
            long t1 = threads.getCurrentThreadCpuTime();
            if (i >= seconds / 2) {
                cold += t1 - t0;
                coldPolls++;
            }
        }
        int warmPolls = 20 * polls.size();
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < warmPolls; i++) {
            polls.get(i % polls.size()).poll(1);
        }
        long warm = threads.getCurrentThreadCpuTime() - t0;
        double[] pages = pages(pageSeconds);
        return new Result(seconds, callsPerPoll, cold / 1e3 / Math.max(1, coldPolls), warm / 1e3 / warmPolls,
                pages[0], pages[1]);
    }

    /** Ends the NVML session. */
    @Override
    public void close() {
        reader.close();
    }

    /** Median microseconds per page written after an idle second, and right after that. */
    private static double[] pages(int seconds) {
        ByteBuffer memory = ByteBuffer.allocateDirect(PAGES * PAGE);
        touch(memory); // mapped once: what follows is coming back to it, not the first fault
        double[] cold = new double[Math.max(1, seconds)];
        double[] warm = new double[cold.length];
        long next = System.nanoTime();
        for (int i = 0; i < cold.length; i++) {
            next = sleepUntil(next + SECOND_NS);
            cold[i] = touch(memory) / 1e3 / PAGES;
            warm[i] = touch(memory) / 1e3 / PAGES;
        }
        Arrays.sort(cold);
        Arrays.sort(warm);
        return new double[] {cold[cold.length / 2], warm[warm.length / 2]};
    }

    /** Writes one byte of every page; returns the nanoseconds it took. */
    private static long touch(ByteBuffer memory) {
        long t0 = System.nanoTime();
        for (int p = 0; p < PAGES; p++) {
            memory.put(p * PAGE, (byte) (memory.get(p * PAGE) + 1));
        }
        return System.nanoTime() - t0;
    }

    /** Parks until {@code deadline} (a {@link System#nanoTime()}); returns it. */
    private static long sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return deadline;
    }

    /** Prints the figures: {@code ColdFloor [seconds [pageSeconds]]}. */
    public static void main(String[] args) {
        Result r;
        try (ColdFloor floor = prepare()) {
            r = floor.run(args.length > 0 ? Integer.parseInt(args[0]) : 30,
                    args.length > 1 ? Integer.parseInt(args[1]) : 10);
        }
        System.out.printf(java.util.Locale.ROOT,
                "%.0f calls/poll: once a second %.1f us/poll (%.3f%% of a core), back to back %.1f us/poll; "
                        + "page after an idle second %.2f us, right after %.3f us%n",
                r.callsPerPoll(), r.coldUsPerPoll(), 100 * r.coldShare(), r.warmUsPerPoll(), r.coldPageUs(),
                r.warmPageUs());
    }
}
