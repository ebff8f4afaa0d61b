package io.smi4j.bench;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.mock.FaultPlan;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.Scenarios;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.prometheus.PrometheusText;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * The long soak: {@code vgpu-host-large} (8 GPUs x 32 vGPUs) polled 100,000 times with churn and faults mixed in,
 * every snapshot handed to the MXBeans (vGPU MBeans come and go, notifications fire) and rendered for Prometheus
 * every 10th poll; heap after a full GC, live threads and MBeans at the start, the middle and the end. Not a test:
 * {@code bench/run.sh --soak} runs it and writes its section of bench/README.md (between {@link #BEGIN} and
 * {@link #END}; the other runs of bench/run.sh keep that section).
 */
public final class Soak {

    static final String BEGIN = "<!-- soak: written by bench/run.sh --soak (io.smi4j.bench.Soak) -->";
    static final String END = "<!-- /soak -->";

    private Soak() {
    }

    /** A point of the soak: poll number, heap used after GC, live threads, registered smi4j MBeans. */
    record Point(long poll, long heapBytes, int threads, int mbeans) {
    }

    static FaultPlan faults() {
        FaultPlan plan = FaultPlan.none().withErrors(0.02).withChurn(0.05).withCountGrowth(0.05).withGpuLoss(0.000002)
                // GPU 7 cannot be opened for its first 20 polls, GPU 1's vGPU list fails every third poll,
                // GPU 2's maximum clocks answer UNKNOWN, GPU 3's first vGPU answers all-ones samples and its
                // second uses more framebuffer than its type has
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 7, 1, 20, 1))
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.TIMEOUT, 1, 3,
                        Long.MAX_VALUE, 3))
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetMaxClockInfo, NvmlReturn.UNKNOWN, 2))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_ALL_ONES, 3, 0))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.VGPU_FB_OVER_TYPE, 3, 1));
        // every GPU falls off the bus in poll 60,000: NVML is shut down and initialised again, all GPUs back
        for (int g = 0; g < 8; g++) {
            plan = plan.with(new FaultPlan.Aimed(null, NvmlReturn.GPU_IS_LOST, g, 60_000, 60_000, 1));
        }
        return plan;
    }

    public static void main(String[] args) throws Exception {
        long polls = 100_000;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--polls" -> polls = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Soak [--polls N] --out FILE");
            }
        }
        if (out == null || polls < 1000) {
            throw new IllegalArgumentException("usage: Soak [--polls N (at least 1000)] --out FILE");
        }
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        List<Point> points = new ArrayList<>();
        Map<HostStatus, Long> statuses = new EnumMap<>(HostStatus.class);
        long vgpus = 0;
        long rendered = 0;
        long started = System.nanoTime();
        Instant begin = Instant.now();
        HostSnapshot last = null;
        MockNvml nvml = new MockNvml(Scenarios.create("vgpu-host-large", 99), 99, faults(), false);
        try (Smi4jJmx jmx = Smi4jJmx.create(server, JmxOptions.defaults());
                NvmlGpuReader reader = new NvmlGpuReader(nvml, 64)) {
            for (long poll = 1; poll <= polls; poll++) {
                HostSnapshot s = reader.read();
                jmx.accept(s);
                statuses.merge(s.status(), 1L, Long::sum);
                for (var g : s.gpus()) {
                    vgpus += g.vgpuHost().map(h -> h.vgpus().size()).orElse(0);
                }
                if (poll % 10 == 0) {
                    rendered += PrometheusText.render(s).length();
                }
                if (poll == 1000 || poll == polls / 2 || poll == polls) {
                    points.add(point(poll, server));
                }
                last = s;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String section = section(polls, points, statuses, vgpus, rendered, took, begin, last);
        write(out, section);
        System.out.println(section);
        System.out.println("bench: wrote the soak section of " + out);
    }

    private static Point point(long poll, MBeanServer server) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int mbeans = server.queryNames(new ObjectName("io.smi4j:*"), null).size();
        return new Point(poll, memory.getHeapMemoryUsage().getUsed(), threads.getThreadCount(), mbeans);
    }

    private static String section(long polls, List<Point> points, Map<HostStatus, Long> statuses, long vgpus,
            long rendered, Duration took, Instant begin, HostSnapshot last) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n## Long soak\n\n");
        md.append(String.format(Locale.ROOT, "`bench/run.sh --soak` on %s: %,d polls of `vgpu-host-large` (8 GPUs x 32 "
                + "vGPUs) over `MockNvml` in %d s, JDK %s, with 2%% of calls failing, VMs stopping between enumeration "
                + "and reads (5%%) and starting between count and fill (5%%), GPUs falling off the bus (0.0002%% per GPU "
                + "and step; a lost GPU stays dark until NVML is initialised again), every GPU lost in poll 60,000 "
                + "(NVML shut down and initialised again), GPU 7 not opened for 20 polls, GPU 1's vGPU list timing out every third poll, GPU 2's "
                + "maximum clocks answering UNKNOWN, an all-ones sample and an FB usage over its type on GPU 3; every "
                + "snapshot goes to the MXBeans (vGPU MBeans registered and unregistered as VMs come and go), every "
                + "10th is rendered for Prometheus. Heap used after three `System.gc()`, live threads of the JVM and "
                + "registered `io.smi4j` MBeans:\n\n",
                begin.toString().substring(0, 19) + "Z", polls, took.toSeconds(), Runtime.version()));
        md.append("| after poll | heap after GC | threads | smi4j MBeans |\n| --- | --- | --- | --- |\n");
        for (Point p : points) {
            md.append(String.format(Locale.ROOT, "| %,d | %.1f MiB | %d | %d |%n", p.poll(),
                    p.heapBytes() / 1048576.0, p.threads(), p.mbeans()));
        }
        md.append(String.format(Locale.ROOT, "%nPolls by host status: %s; %,d vGPU readings; %,d characters of "
                + "Prometheus text rendered; NVML errors counted: %,d; impossible values left out: %,d; "
                + "the last poll saw %d GPUs.%n", statuses, vgpus, rendered, last.errorsTotal(),
                last.anomalyTotals().stream().mapToLong(a -> a.total()).sum(), last.gpus().size()));
        md.append(END).append('\n');
        return md.toString();
    }

    /** Replaces the soak section of {@code out} (or appends it). */
    static void write(Path out, String section) throws java.io.IOException {
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        Files.writeString(out, withSection(text, section), StandardCharsets.UTF_8);
    }

    /** {@code text} with its soak section replaced by {@code section}, or {@code section} appended. */
    static String withSection(String text, String section) {
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b >= 0 && e > b) {
            return text.substring(0, b) + section + text.substring(e + END.length() + (text.startsWith("\n",
                    e + END.length()) ? 1 : 0));
        }
        return text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + section;
    }

    /** The soak section of {@code text}, or {@code ""}: what a run of the other benchmarks keeps. */
    static String sectionOf(String text) {
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        return b >= 0 && e > b ? text.substring(b, e + END.length()) + "\n" : "";
    }
}
