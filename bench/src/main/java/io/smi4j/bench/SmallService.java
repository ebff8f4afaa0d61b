package io.smi4j.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * The host JVM of the agent-overhead measurement: a small service doing a fixed bit of work
 * every 100 ms for {@code args[0]} seconds, run with and without {@code -javaagent}. It uses
 * only the JDK, so the class path holds nothing the agent jar also holds. Prints one line of
 * {@code key=value} figures: JVM uptime when main started (and, in the short runs, how long the
 * agent's premain took between two {@link PremainProbe}s), then for the second half of the run
 * (after warm-up) and for the whole run the process CPU time and the bytes allocated by live
 * threads, for the second half also the CPU time of the agent's poller thread, JIT and GC time,
 * the heap in use after a full GC at the end, and how many polls the agent published.
 */
public final class SmallService {

    /** The thread the smi4j agent polls on (see {@code Smi4jAgent}). */
    private static final String POLLER_THREAD = "smi4j-agent-poller";

    private static long sink;

    private SmallService() {
    }

    public static void main(String[] args) throws Exception {
        long startupMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long seconds = Long.parseLong(args[0]);
        if (seconds == 0) {
            System.out.println("startupMs=" + startupMs + " premainNs=" + premainNs());
            return;
        }
        ScheduledExecutorService work = Executors.newSingleThreadScheduledExecutor();
        work.scheduleAtFixedRate(SmallService::work, 0, 100, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        long[] start = sample();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 2);
        long[] half = sample();
        long t1 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) - TimeUnit.SECONDS.toMillis(seconds) / 2);
        long[] end = sample();
        long t2 = System.nanoTime();
        work.shutdownNow();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("startupMs=" + startupMs
                + " wallNs=" + (t2 - t0) + " cpuNs=" + (end[0] - start[0]) + " allocBytes=" + (end[1] - start[1])
                + " steadyWallNs=" + (t2 - t1) + " steadyCpuNs=" + (end[0] - half[0])
                + " steadyAllocBytes=" + (end[1] - half[1]) + " steadyPollerCpuNs=" + (end[2] - half[2])
                + " steadyJitMs=" + (end[3] - half[3]) + " steadyGcMs=" + (end[4] - half[4])
                + " steadyC2CpuNs=" + (end[5] - half[5]) + " steadyC1CpuNs=" + (end[6] - half[6])
                + " heapAfterGcBytes=" + heap + " polls=" + polls() + " sink=" + (sink & 1));
    }

    private static void work() {
        int[] a = new int[256];
        for (int i = 0; i < a.length; i++) {
            a[i] = (int) ((i * 2654435761L) >>> 7);
        }
        Arrays.sort(a);
        sink += a[a.length / 2];
    }

    /** What lay between the two {@link PremainProbe} runs (the smi4j agent's premain), or -1 without probes. */
    private static long premainNs() {
        String before = System.getProperty(PremainProbe.PROPERTY + "before");
        String after = System.getProperty(PremainProbe.PROPERTY + "after");
        return before == null || after == null ? -1 : Long.parseLong(after) - Long.parseLong(before);
    }

    /**
     * Process CPU time (ns), bytes allocated by the live threads, CPU time of the agent's poller
     * thread (ns, 0 without it), total JIT compilation time (ms), total GC time (ms), and the CPU time (ns) of
     * HotSpot's C2 and C1 compiler threads (from /proc; 0 where there is none).
     */
    private static long[] sample() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = ((ThreadMXBean) threads).getAllThreadIds();
        long allocated = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            allocated += Math.max(0, bytes);
        }
        long poller = 0;
        for (ThreadInfo t : threads.getThreadInfo(ids)) {
            if (t != null && t.getThreadName().equals(POLLER_THREAD)) {
                poller = Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long process = taskCpuNs("");
        return new long[] {process > 0 ? process : os.getProcessCpuTime(), allocated, poller, jit, gc,
            taskCpuNs("C2 CompilerThre"), taskCpuNs("C1 CompilerThre")};
    }

    /**
     * CPU time (ns) of this process's threads whose name starts with {@code prefix} (all of them for ""): the first
     * field of each {@code /proc/self/task/N/schedstat}, the scheduler's own run time in nanoseconds (the process
     * CPU time of {@code OperatingSystemMXBean} and {@code /proc/.../stat} count 10 ms ticks, too coarse for a
     * figure of tens of milliseconds). Threads that ended are not counted: the services start none in steady state.
     * 0 where there is no /proc.
     */
    private static long taskCpuNs(String prefix) {
        long ns = 0;
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
            try {
                if (!prefix.isEmpty()
                        && !java.nio.file.Files.readString(task.toPath().resolve("comm")).strip().startsWith(prefix)) {
                    continue;
                }
                String schedstat = java.nio.file.Files.readString(task.toPath().resolve("schedstat"));
                ns += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
            } catch (java.io.IOException | RuntimeException e) {
                // a thread that ended meanwhile
            }
        }
        return ns;
    }

    /** The agent's poll sequence (its Host MBean), or -1 without the agent. */
    private static long polls() {
        try {
            Object v = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("io.smi4j:type=Host"), "PollSequence");
            return ((Number) v).longValue();
        } catch (Exception e) {
            return -1;
        }
    }
}
