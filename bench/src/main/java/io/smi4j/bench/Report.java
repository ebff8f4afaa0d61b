package io.smi4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark (JMH, the C harness, the agent in child JVMs) and writes the report,
 * each figure next to its goal. {@code bench/run.sh} calls it; {@code --full} takes the careful
 * settings, {@code --smoke} only checks the pipeline. Arguments: {@code [--full|--smoke] --out FILE --cpu "MODEL"}.
 */
public final class Report {

    /** How long and how often. The poll benchmarks warm up longer: the reader's big methods need C2. */
    record Settings(String name, int forks, int pollWarmups, int warmups, int warmupSeconds, int iterations,
            int iterationSeconds, int agentSeconds, int startups, int loadSeconds) {

        String jmhFlags(boolean poll) {
            return "-f " + forks + " -wi " + (poll ? pollWarmups : warmups) + " -w " + warmupSeconds + "s -i "
                    + iterations + " -r " + iterationSeconds + "s -bm avgt -tu us -prof gc";
        }
    }

    static final Settings QUICK = new Settings("quick", 1, 5, 3, 2, 3, 1, 60, 5, 60);
    static final Settings FULL = new Settings("full", 3, 10, 10, 2, 10, 2, 300, 20, 60);
    /** Checks the whole pipeline in about two minutes; its figures mean nothing. */
    static final Settings SMOKE = new Settings("smoke", 1, 1, 1, 1, 1, 1, 4, 2, 5);

    private final Settings settings;
    private final Path root;
    private final String cpu;
    private final Map<String, RunResult> results = new LinkedHashMap<>();
    private ScrapeLoad.Result scrapeLoad;

    private Report(Settings settings, Path root, String cpu) {
        this.settings = settings;
        this.root = root;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = QUICK;
        Path out = null;
        String cpu = "unknown";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> settings = FULL;
                case "--smoke" -> settings = SMOKE;
                case "--out" -> out = Path.of(args[++i]);
                case "--cpu" -> cpu = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Report [--full|--smoke] --out FILE --cpu MODEL");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        Path root = Path.of(System.getProperty("smi4j.root", ".")).toAbsolutePath().normalize();
        Report report = new Report(settings, root, cpu);
        String text = report.run();
        // the long soak (bench/run.sh --soak) writes a section of its own: kept until the next soak
        String soak = Files.exists(out) ? Soak.sectionOf(Files.readString(out, StandardCharsets.UTF_8)) : "";
        Files.writeString(out, soak.isEmpty() ? text : Soak.withSection(text, soak), StandardCharsets.UTF_8);
        System.out.println("bench: wrote " + out);
    }

    /** The port calls per poll of {@link PollJnaRefreshBench}'s reader, on average. */
    private double refreshCalls;

    private String run() throws Exception {
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        log("counting the NVML calls of one poll per host");
        Map<String, CallCount> calls = new LinkedHashMap<>();
        for (String host : Hosts.POLLED) {
            calls.put(host, CallCount.of(host));
        }
        refreshCalls = PollJnaRefreshBench.portCallsPerPoll(10 * PollJnaRefreshBench.REFRESH_POLLS);
        long[] series = ScrapeBench.seriesCounts();
        log("JMH: poll benchmarks");
        jmh(true, PollMockBench.class, PollJnaBench.class, PollCBench.class, PollJnaRefreshBench.class);
        log("JMH: single call, scrape, JFR, frame, agent path");
        jmh(false, NvmlCallBench.class, ScrapeBench.class, JfrBench.class, FrameBench.class, AgentPathBench.class);
        log("load: 50 scrapers for " + settings.loadSeconds() + " s against smi4j api");
        scrapeLoad = new ScrapeLoad(root).measure(50, settings.loadSeconds());
        log("agent overhead: two services (and the NVML floor from C beside them), then three, for "
                + settings.agentSeconds() + " s each, then "
                + settings.startups() + " short starts each");
        AgentOverhead.Result agent = new AgentOverhead(root).measure(settings.agentSeconds(), settings.startups());
        String loadAfter = loadAverage();
        Duration took = Duration.between(started, Instant.now());
        return new Writer(calls, series, agent, started, took, loadBefore, loadAfter).write();
    }

    private void jmh(boolean poll, Class<?>... benchmarks) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .forks(settings.forks())
                .warmupIterations(poll ? settings.pollWarmups() : settings.warmups())
                .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.seconds(settings.iterationSeconds()))
                .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g",
                        "-Dsmi4j.root=" + root,
                        "-D" + NativeHost.MOCK_PROPERTY + "=" + NativeHost.mockLibrary(),
                        "-D" + CHarness.PROPERTY + "=" + root.resolve("bench/target/native/libsmi4jbench.so"));
        for (Class<?> b : benchmarks) {
            o.include("^" + b.getName().replace(".", "\\.") + "\\.");
        }
        Collection<RunResult> run = new Runner(o.build()).run();
        for (RunResult r : run) {
            String key = r.getParams().getBenchmark().substring(Report.class.getPackageName().length() + 1);
            for (String p : r.getParams().getParamsKeys()) {
                key += "|" + r.getParams().getParam(p);
            }
            results.put(key, r);
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.out.println("bench: " + message);
    }

    /** Port calls and NVML calls of one steady-state poll (NVML calls as the C harness counted them). */
    record CallCount(int portCalls, int nvmlCalls, int failedCalls) {
        static CallCount of(String host) {
            try (PollCalls poll = PollCalls.record(host)) {
                CHarness harness = CHarness.replaying(poll.calls());
                int nvml = harness.poll(1);
                return new CallCount(poll.calls().size(), nvml, harness.failures());
            }
        }
    }

    /** A benchmark's mean, error and allocation per operation. */
    private record Figure(double us, double errorUs, double bytes) {
        double ns() {
            return us * 1e3;
        }
    }

    private Figure figure(String key) {
        RunResult r = results.get(key);
        if (r == null) {
            throw new IllegalStateException("no result for " + key + "; have " + results.keySet());
        }
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        double error = primary.getScoreError();
        return new Figure(primary.getScore(), Double.isNaN(error) ? 0 : error, alloc == null ? Double.NaN : alloc.getScore());
    }

    /** The report text. */
    private final class Writer {
        private final Map<String, CallCount> calls;
        private final long[] series;
        private final AgentOverhead.Result agent;
        private final ColdFloor.Result floor;
        private final Instant started;
        private final Duration took;
        private final String loadBefore;
        private final String loadAfter;
        private final StringBuilder md = new StringBuilder();
        private final List<String[]> goals = new ArrayList<>();
        private final List<String> misses = new ArrayList<>();

        Writer(Map<String, CallCount> calls, long[] series, AgentOverhead.Result agent, Instant started,
                Duration took, String loadBefore, String loadAfter) {
            this.calls = calls;
            this.series = series;
            this.agent = agent;
            this.floor = agent.floor();
            this.started = started;
            this.took = took;
            this.loadBefore = loadBefore;
            this.loadAfter = loadAfter;
        }

        String write() {
            poll();
            scrape();
            load();
            jfr();
            frame();
            agent();
            String sections = md.toString();
            md.setLength(0);
            header();
            goalTable();
            md.append(sections);
            misses();
            method();
            return md.toString();
        }

        private void header() {
            md.append("# smi4j benchmarks\n\n");
            md.append("What the collector, the Prometheus bridge, JFR, the dashboard and the agent cost, measured with JMH ")
                    .append("next to their baselines in the same run, on a machine without a GPU: NVML is the mock ")
                    .append("(`MockNvml` in Java, or the native mock `libnvidia-ml.so.1` through the real JNA binding) ")
                    .append("and the physical limit is a C harness making the same NVML calls against the same native ")
                    .append("mock. Benchmarks are not tests: the test command never runs them.\n\n");
            md.append("Generated by `bench/run.sh` (").append(settings.name()).append(" settings) on ")
                    .append(started.truncatedTo(ChronoUnit.SECONDS)).append(" in ").append(took.toSeconds())
                    .append(" s. Reproduce:\n\n```\nbench/run.sh          # quick settings, about 11 minutes on 2 cores\n")
                    .append("bench/run.sh --full   # careful settings (see the end)\n```\n\n");
            md.append("| | |\n| --- | --- |\n");
            md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.runtime.version")).append(" |\n");
            md.append("| CPU | ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores available |\n");
            md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                    .append(' ').append(System.getProperty("os.arch")).append(" |\n");
            md.append("| load average (1, 5, 15 min) | before ").append(loadBefore).append(", after ").append(loadAfter)
                    .append(" |\n");
            md.append("| JMH | ").append(settings.jmhFlags(true)).append(" (poll), ").append(settings.jmhFlags(false))
                    .append(" (the rest); forks get -Xms1g -Xmx1g |\n");
            md.append("| agent | ").append(settings.agentSeconds()).append(" s per service, ").append(settings.startups())
                    .append(" short starts each for premain |\n\n");
            double load = Double.parseDouble(loadBefore.split(" ")[0]);
            if (load > 1.0) {
                md.append("> The machine was not idle (load ").append(loadBefore).append(" before the run): other work ")
                        .append("shared the two cores, so absolute times are inflated and errors wide. Ratios within ")
                        .append("the run are the more reliable figures; rerun on an idle machine for absolute ones.\n\n");
            }
        }

        private void goal(String goal, String figure, boolean met, String miss) {
            goals.add(new String[] {goal, figure, met ? "met" : "**missed**"});
            if (!met) {
                misses.add("- **" + goal + "** (measured " + figure + "): " + miss);
            }
        }

        private void goalTable() {
            md.append("## Goals\n\n| goal | measured | |\n| --- | --- | --- |\n");
            for (String[] g : goals) {
                md.append("| ").append(g[0]).append(" | ").append(g[1]).append(" | ").append(g[2]).append(" |\n");
            }
            md.append('\n');
        }

        private void misses() {
            if (misses.isEmpty()) {
                return;
            }
            md.append("## Missed goals: why, and what would reach them\n\n");
            misses.forEach(m -> md.append(m).append('\n'));
            md.append('\n');
        }

        // ---- 1. poll ----

        private void poll() {
            md.append("## 1. One poll\n\n");
            md.append("A steady-state poll (static facts cached, the same unchanging host every time) producing a ")
                    .append("`HostSnapshot`. *Port calls*: calls of the `Nvml` port, recorded from the reader; *NVML ")
                    .append("calls*: the C functions they make (count-then-fill calls make two), counted by the C ")
                    .append("harness replaying them; *failed*: NVML calls answering an error by design (no new ")
                    .append("utilization samples: NOT_FOUND). Times are the mean ± the 99.9% error per poll.\n\n");
            md.append("| host | port calls | NVML calls (failed) | MockNvml | JnaNvml + native mock | C harness | JNA / C | ")
                    .append("JNA per NVML call | C per NVML call | (JNA − C) per NVML call | alloc MockNvml | alloc JNA |\n");
            md.append("| --- | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (String host : Hosts.POLLED) {
                CallCount c = calls.get(host);
                Figure mock = figure("PollMockBench.poll|" + host);
                Figure jna = figure("PollJnaBench.poll|" + host);
                Figure cc = figure("PollCBench.poll|" + host);
                md.append("| `").append(host).append("` | ").append(c.portCalls()).append(" | ").append(c.nvmlCalls())
                        .append(" (").append(c.failedCalls()).append(") | ").append(time(mock)).append(" | ")
                        .append(time(jna)).append(" | ").append(time(cc)).append(" | ")
                        .append(ratio(jna.us() / cc.us())).append(" | ").append(ns(jna.ns() / c.nvmlCalls()))
                        .append(" | ").append(ns(cc.ns() / c.nvmlCalls())).append(" | ")
                        .append(ns((jna.ns() - cc.ns()) / c.nvmlCalls())).append(" | ").append(bytes(mock.bytes()))
                        .append(" | ").append(bytes(jna.bytes())).append(" |\n");
            }
            Figure jnaCall = figure("NvmlCallBench.jna");
            Figure cCall = figure("NvmlCallBench.c");
            md.append("\nOne cheap NVML call (`nvmlDeviceGetTemperature`) alone: through `JnaNvml` ")
                    .append(ns(jnaCall.ns())).append(" ± ").append(ns(jnaCall.errorUs() * 1e3)).append(", from C ")
                    .append(ns(cCall.ns())).append(": JNA direct mapping and the port add ")
                    .append(ns(jnaCall.ns() - cCall.ns())).append(" per call, allocating ")
                    .append(bytes(jnaCall.bytes())).append(".\n\n");
            md.append("The native mock finds a vGPU at the place of the last one asked about or the next one before ")
                    .append("it scans its table, as a driver's table lookup answers at once; its timeline step runs in ")
                    .append("`nvmlDeviceGetCount_v2`. (JNA − C) per NVML call, which does not depend on the library's ")
                    .append("speed, is the figure to watch.\n\n");
            Figure refresh = figure("PollJnaRefreshBench.poll");
            md.append("The rows above read everything every poll. As the agent polls at `interval=1s` (`refresh=10s`: ")
                    .append("each vGPU's licence, encoder capacity, runtime state size and accounting every ")
                    .append(PollJnaRefreshBench.REFRESH_POLLS).append("th poll, spread over the polls), a ")
                    .append("`vgpu-host-large` poll over JNA makes ").append(String.format(Locale.ROOT, "%.0f",
                            refreshCalls)).append(" port calls on average and takes ").append(time(refresh))
                    .append(", ").append(bytes(refresh.bytes())).append(" (`PollJnaRefreshBench`).\n\n");

            String large = Hosts.LARGE;
            CallCount c = calls.get(large);
            Figure mock = figure("PollMockBench.poll|" + large);
            Figure jna = figure("PollJnaBench.poll|" + large);
            Figure cc = figure("PollCBench.poll|" + large);
            double ratio = jna.us() / cc.us();
            double perCall = (jna.ns() - cc.ns()) / c.nvmlCalls();
            double javaWork = Math.max(0, mock.ns());
            goal("JNA path, `vgpu-host-large`: at most 10x the C harness per poll", ratio(ratio)
                    + " (" + time(jna) + " vs " + time(cc) + ")", ratio <= 10,
                    "the C harness only makes the " + c.nvmlCalls() + " calls, while the Java path also crosses "
                            + "JNA for each (" + ns(jnaCall.ns() - cCall.ns()) + " measured for one call) and builds "
                            + "the snapshot (the same reader over MockNvml takes " + time(mock) + ", about "
                            + ns(javaWork / c.portCalls()) + " per port call). Reaching 10x needs both fewer "
                            + "crossings (a small native helper filling one struct per vGPU or per GPU in a single "
                            + "call, or Panama's FFM API on JDK 22+ whose downcalls cost a few ns) and a cheaper "
                            + "reader (see the MockNvml goal).");
            goal("JNA path, `vgpu-host-large`: at most 150 ns overhead per NVML call on average", ns(perCall)
                    + " ((JNA − C) / " + c.nvmlCalls() + " calls)", perCall <= 150,
                    "this counts everything Java adds per NVML call, the reader's work included; JNA's share is "
                            + ns(jnaCall.ns() - cCall.ns()) + " per call (one direct-mapped call with a native "
                            + "out-parameter, no allocation). The rest is the port decoding answers into new records "
                            + "and the reader's work per call. Fewer crossings (one native call filling a struct per "
                            + "vGPU) and decoding into reused state would bring it well under.");
            goal("JNA path, `vgpu-host-large`: at most 64 KiB allocated per poll", bytes(jna.bytes()),
                    jna.bytes() <= 64 * 1024,
                    "JnaNvml hands out last poll's object again for every answer NVML repeats (`LastAnswers`: "
                            + "licence, encoder and FBC stats, accounting records, utilization samples, id lists), and "
                            + "the reader keeps a vGPU's accounting list and its vGPU array when they are unchanged, so "
                            + "what a poll allocates is now mostly the snapshot's own records (over MockNvml, whose "
                            + "answers are new objects, " + bytes(mock.bytes()) + "). A vGPU in which nothing changed keeps "
                            + "its `VgpuInstance` (the record carries the poll that brought its utilization sample, "
                            + "not the sample's age) and an unchanged type its `VgpuTypeInfo`; what remains is what "
                            + "changes every poll: the snapshot, each GPU's record and lists (JFR allocation samples, "
                            + "`-XX:StartFlightRecording` on a loop of polls, show which).");
            goal("Collector over MockNvml, `vgpu-host-large`: under 200 us per poll", time(mock), mock.us() < 200,
                    "the reader's own work for " + c.portCalls() + " port calls and 256 vGPUs; see the stack "
                            + "profile (`java -jar bench/target/benchmarks.jar PollMockBench -prof stack`).");
        }

        // ---- 2. scrape ----

        private void scrape() {
            Figure cached = figure("ScrapeBench.embeddedCached");
            Figure plain = figure("ScrapeBench.embeddedCachedPlain");
            Figure fresh = figure("ScrapeBench.embeddedFirstAfterPoll");
            Figure ahead = figure("ScrapeBench.embeddedFirstAfterPollPrepared");
            Figure text = figure("ScrapeBench.textReport");
            Figure exporter = figure("ScrapeBench.exporter");
            Figure exporterFirst = figure("ScrapeBench.exporterFirstScrape");
            Figure direct = figure("ScrapeBench.direct");
            Figure write = figure("ScrapeBench.writeOnly");
            double ratio = exporter.us() / direct.us();
            md.append("## 2. Scrape\n\n");
            md.append("`/metrics` of `vgpu-host-large` (").append(series[2]).append(" series; ").append(series[0])
                    .append(" through the JMX exporter, ").append(series[1]).append(" through the client model: the ")
                    .append("same families and values).\n\n");
            md.append("| what | time | alloc |\n| --- | --- | ---: |\n");
            md.append("| `smi4j api` / agent `prometheus=`: whole HTTP request, snapshot already rendered, gzip as ")
                    .append("Prometheus asks | ").append(time(cached)).append(" | ").append(bytes(cached.bytes()))
                    .append(" |\n");
            md.append("| the same without gzip (1.7 MB over loopback) | ").append(time(plain)).append(" | ")
                    .append(bytes(plain.bytes())).append(" |\n");
            md.append("| first scrape after a poll, some time after it (a scrape interval): rendered and gzipped ahead ")
                    .append("by the render thread the snapshot woke | ").append(time(ahead)).append(" | ")
                    .append(bytes(ahead.bytes())).append(" |\n");
            md.append("| first scrape after a poll, asked the moment the snapshot is out: waits for render and gzip | ")
                    .append(time(fresh)).append(" | ").append(bytes(fresh.bytes())).append(" |\n");
            md.append("| of which smi4j's text rendering (`PrometheusText`) | ").append(time(text)).append(" | ")
                    .append(bytes(text.bytes())).append(" |\n");
            md.append("| a service with `jmx_prometheus_javaagent`: JMX exporter collector, shipped rules, over the ")
                    .append("smi4j MBeans, text format | ").append(time(exporter)).append(" | ")
                    .append(bytes(exporter.bytes())).append(" |\n");
            md.append("| the same, the JMX exporter's first scrape (rules parsed, match cache empty: every cell matched ")
                    .append("against the patterns) | ").append(time(exporterFirst)).append(" | ")
                    .append(bytes(exporterFirst.bytes())).append(" |\n");
            md.append("| the same families from the snapshot with the Prometheus client (no JMX) | ").append(time(direct))
                    .append(" | ").append(bytes(direct.bytes())).append(" |\n");
            md.append("| of which the client's text format writer alone | ").append(time(write)).append(" | ")
                    .append(bytes(write.bytes())).append(" |\n\n");
            goal("Embedded scrape of `vgpu-host-large`, snapshot cached: under 2 ms", time(cached),
                    cached.us() < 2000, "the request moves the gzipped exposition once more; see the table.");
            goal("Embedded scrape, first after a poll: under 5 ms", time(ahead) + " (rendered ahead; "
                    + time(fresh) + " when asked the moment the poll ends)", ahead.us() < 5000,
                    "a scrape that finds the bytes rendered ahead costs what a cached one costs (see the table); the "
                            + "render thread's work (rendering " + series[2] + " series, " + us(text.us())
                            + ", then gzip) still competes with it for the two cores. A scrape asked the moment the "
                            + "poll ends waits for that work.");
            double collect = exporter.us() - write.us();
            md.append("The JMX exporter path stays for services that already run `jmx_prometheus_javaagent`: ")
                    .append(ratio(ratio)).append(" the client-model rendering. The shipped rules have one rule per ")
                    .append("family, each table's families together, the tables with the most rows first, and every ")
                    .append("rule cached: the collector (`io.prometheus.jmx:collector` 1.5) keeps one match per table ")
                    .append("cell, so after the first scrape each cell costs one cache lookup whatever the number or ")
                    .append("shape of the patterns, and the patterns only matter on the first scrape (")
                    .append(us(exporterFirst.us())).append(", ").append(us(Math.max(0, exporterFirst.us() - exporter.us())))
                    .append(" more). Fewer rules (one per table, the family from a capture group) would give up each ")
                    .append("family's type and help text and save only on that first scrape. The floor is the ")
                    .append("Prometheus client's text format writer (").append(us(write.us())).append(" for ")
                    .append(series[0]).append(" series: it checks every label name with a regular expression for ")
                    .append("every sample); the collection in front of it (the Metrics MBean's tables, one cache ")
                    .append("lookup per cell, the samples) adds about ").append(us(Math.max(0, collect))).append(".\n\n");
        }

        private void load() {
            ScrapeLoad.Result r = scrapeLoad;
            md.append("## 2a. Scrapers at once\n\n");
            md.append("`./smi4j api --mock vgpu-host-large --interval 1s` started through the launcher (its heap cap ")
                    .append("included), ").append(r.scrapers()).append(" scrapers on loopback for ").append(r.seconds())
                    .append(" s, each asking again as soon as it has its answer (gzip, as Prometheus asks; 30 s ")
                    .append("timeout). The load generator shares the two cores with the server.\n\n");
            md.append("| requests | errors | p50 | p99 | max | resident memory at start / end |\n")
                    .append("| ---: | ---: | ---: | ---: | ---: | --- |\n");
            md.append("| ").append(r.requests()).append(" | ").append(r.errors()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f ms | %.1f ms | %.1f ms", r.p50Ms(), r.p99Ms(), r.maxMs()))
                    .append(" | ").append(r.rssStartKib() / 1024).append(" MiB / ").append(r.rssEndKib() / 1024)
                    .append(" MiB |\n\n");
            goal(r.scrapers() + " scrapers at once for " + r.seconds() + " s: 0 errors, p99 under 250 ms, under 300 MiB "
                            + "resident",
                    r.errors() + " errors, p99 " + String.format(Locale.ROOT, "%.1f ms", r.p99Ms()) + ", "
                            + r.rssEndKib() / 1024 + " MiB",
                    r.errors() == 0 && r.p99Ms() < 250 && r.rssEndKib() < 300 * 1024,
                    "see the table; the server renders once per poll and serves bytes, so the rest is the HTTP "
                            + "server and the two shared cores.");
        }

        // ---- 3. JFR ----

        private void jfr() {
            Figure baseOff = figure("JfrBench.baseline|off");
            Figure subOff = figure("JfrBench.subscriber|off");
            Figure subOn = figure("JfrBench.subscriber|on");
            Figure perOff = figure("JfrBench.periodic|off");
            Figure perOn = figure("JfrBench.periodic|on");
            md.append("## 3. JFR events\n\n");
            md.append("`vgpu-host-large`. The per-poll subscriber records scheduler log entries and vGPU starts/stops; ")
                    .append("one periodic round emits GpuSample x8, VgpuSample x256, VgpuSchedulerState x8. Without a ")
                    .append("recording JFR never calls the periodic hooks; the row shows what a direct call costs.\n\n");
            md.append("| | no recording | recording with the smi4j events |\n| --- | ---: | ---: |\n");
            md.append("| empty baseline | ").append(time(baseOff)).append(" | ").append(time(figure("JfrBench.baseline|on")))
                    .append(" |\n");
            md.append("| per-poll subscriber | ").append(time(subOff)).append(", ").append(bytes(subOff.bytes()))
                    .append(" | ").append(time(subOn)).append(", ").append(bytes(subOn.bytes())).append(" |\n");
            md.append("| one periodic round (3 hooks) | not called by JFR (").append(time(perOff)).append(" if called, ")
                    .append(bytes(perOff.bytes())).append(") | ").append(time(perOn)).append(", ")
                    .append(bytes(perOn.bytes())).append(" |\n\n");
            double extraNs = subOff.ns() - baseOff.ns();
            boolean met = extraNs < 50 && subOff.bytes() < 1;
            goal("Periodic JFR events with no recording: no measurable cost",
                    "subscriber " + ns(subOff.ns()) + " per poll vs baseline " + ns(baseOff.ns()) + ", "
                            + bytes(subOff.bytes()) + "; periodic hooks not called", met,
                    "the subscriber should return after its enabled-checks; something is built before them.");
        }

        // ---- 4. frame ----

        private void frame() {
            Figure f = figure("FrameBench.frame");
            Figure draw = figure("FrameBench.draw");
            Figure complete = figure("FrameBench.frameComplete");
            md.append("## 4. Dashboard frame\n\n");
            md.append("The vGPU view of `vgpu-host-large` (8 GPUs x 32 vGPUs) on a 200x60 Lanterna virtual terminal, ")
                    .append("frames alternating between two consecutive polls of the live mock (values change).\n\n");
            md.append("| | time | alloc |\n| --- | --- | ---: |\n");
            md.append("| frame as the dashboard makes it on a new poll: draw, delta refresh | ").append(time(f))
                    .append(" | ").append(bytes(f.bytes())).append(" |\n");
            md.append("| drawing alone (`DashboardRenderer` into the screen buffer) | ").append(time(draw)).append(" | ")
                    .append(bytes(draw.bytes())).append(" |\n");
            md.append("| frame with a complete refresh (after a resize) | ").append(time(complete)).append(" | ")
                    .append(bytes(complete.bytes())).append(" |\n\n");
            goal("Frame: under 2 ms", time(f), f.us() < 2000,
                    "drawing (`DashboardRenderer`) takes " + us(draw.us()) + " and the delta refresh "
                            + us(Math.max(0, f.us() - draw.us())) + "; Lanterna's refresh compares all 12,000 cells "
                            + "of its two buffers every frame. Formatting only the rows that fit the screen, reusing "
                            + "formatted strings between frames, and drawing only the rows whose data changed would "
                            + "bring it down.");
        }

        // ---- 5. agent ----

        private void agent() {
            AgentOverhead.Run without = agent.without();
            AgentOverhead.Run with = agent.with();
            AgentOverhead.Run withC2 = agent.withC2();
            AgentOverhead.Run withNative = agent.withNative();
            AgentOverhead.Run baseNative = agent.withoutNative();
            double cpuShareNative = share(withNative.get("steadyCpuNs") - baseNative.get("steadyCpuNs"),
                    withNative.get("steadyWallNs"));
            double pollerShareNative = share(withNative.get("steadyPollerCpuNs"), withNative.get("steadyWallNs"));
            double cpuShareC2 = share(withC2.get("steadyCpuNs") - without.get("steadyCpuNs"), withC2.get("steadyWallNs"));
            double cpuShare = share(with.get("steadyCpuNs") - without.get("steadyCpuNs"), with.get("steadyWallNs"));
            double cpuShareAll = share(with.get("cpuNs") - without.get("cpuNs"), with.get("wallNs"));
            double allocRate = (with.get("steadyAllocBytes") - without.get("steadyAllocBytes"))
                    / (with.get("steadyWallNs") / 1e9);
            double premain = median(agent.startupsWith()) - median(agent.startupsWithout());
            double premainItself = median(agent.premains()) / 1e6;
            Figure livePoll = figure("AgentPathBench.livePoll");
            Figure update = figure("AgentPathBench.mbeanUpdate");
            Figure subscriber = figure("JfrBench.subscriber|off");
            double perPollUs = livePoll.us() + update.us() + subscriber.us();
            double perPollBytes = livePoll.bytes() + update.bytes() + subscriber.bytes();
            md.append("## 5. The agent in a host JVM\n\n");
            md.append("`SmallService` (a task every 100 ms) in three child JVMs side by side for ").append(agent.seconds())
                    .append(" s: without the agent, with `-javaagent:smi4j-agent.jar=").append(AgentOverhead.AGENT_OPTIONS)
                    .append("` (MBeans and JFR events on, no recording, no HTTP; smi4j-mock on the class path; the mock ")
                    .append("simulation moves one step per poll, so its cost is included), and the same with `c2=on` ")
                    .append("(the agent then leaves its code to C2 as well; by default a compiler directive keeps ")
                    .append("`io.smi4j.*` to C1); before them, two JVMs alone run the agent over the native mock through ")
                    .append("JNA and a service without it (below). ")
                    .append("*Second half*: from ")
                    .append(agent.seconds() / 2).append(" s to the end, after start-up. Compiler thread CPU comes from ")
                    .append("`/proc/self/task`.\n\n");
            md.append("| | without agent | with agent | agent | with agent, `c2=on` | agent, `c2=on` |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            md.append("| polls published | - | ").append(with.get("polls")).append(" | | ").append(withC2.get("polls"))
                    .append(" | |\n");
            md.append("| CPU, whole run | ").append(ms(without.get("cpuNs"))).append(" | ").append(ms(with.get("cpuNs")))
                    .append(" | ").append(pct(cpuShareAll)).append(" of one core | ").append(ms(withC2.get("cpuNs")))
                    .append(" | ").append(pct(share(withC2.get("cpuNs") - without.get("cpuNs"), withC2.get("wallNs"))))
                    .append(" of one core |\n");
            md.append("| CPU, second half | ").append(ms(without.get("steadyCpuNs"))).append(" | ")
                    .append(ms(with.get("steadyCpuNs"))).append(" | ").append(pct(cpuShare)).append(" of one core | ")
                    .append(ms(withC2.get("steadyCpuNs"))).append(" | ").append(pct(cpuShareC2))
                    .append(" of one core |\n");
            md.append("| allocated by live threads, second half | ").append(bytes(without.get("steadyAllocBytes")))
                    .append(" | ").append(bytes(with.get("steadyAllocBytes"))).append(" | ")
                    .append(bytes(allocRate)).append("/s | ").append(bytes(withC2.get("steadyAllocBytes")))
                    .append(" | |\n");
            md.append("| CPU of the agent's poller thread, second half | | ")
                    .append(ms(with.get("steadyPollerCpuNs"))).append(" | ")
                    .append(pct(share(with.get("steadyPollerCpuNs"), with.get("steadyWallNs")))).append(" of one core | ")
                    .append(ms(withC2.get("steadyPollerCpuNs"))).append(" | ")
                    .append(pct(share(withC2.get("steadyPollerCpuNs"), withC2.get("steadyWallNs"))))
                    .append(" of one core |\n");
            md.append("| CPU of the C2 compiler threads, second half | ").append(ms(without.get("steadyC2CpuNs")))
                    .append(" | ").append(ms(with.get("steadyC2CpuNs"))).append(" | | ")
                    .append(ms(withC2.get("steadyC2CpuNs"))).append(" | |\n");
            md.append("| CPU of the C1 compiler threads, second half | ").append(ms(without.get("steadyC1CpuNs")))
                    .append(" | ").append(ms(with.get("steadyC1CpuNs"))).append(" | | ")
                    .append(ms(withC2.get("steadyC1CpuNs"))).append(" | |\n");
            md.append("| JIT compilation time (compilation MXBean), second half | ").append(without.get("steadyJitMs"))
                    .append(" ms | ").append(with.get("steadyJitMs")).append(" ms | | ")
                    .append(withC2.get("steadyJitMs")).append(" ms | |\n");
            md.append("| GC, second half | ").append(without.get("steadyGcMs")).append(" ms | ")
                    .append(with.get("steadyGcMs")).append(" ms | | ").append(withC2.get("steadyGcMs")).append(" ms | |\n");
            md.append("| heap used after a full GC at the end | ").append(bytes(without.get("heapAfterGcBytes")))
                    .append(" | ").append(bytes(with.get("heapAfterGcBytes"))).append(" | ")
                    .append(bytes(with.get("heapAfterGcBytes") - without.get("heapAfterGcBytes"))).append(" | ")
                    .append(bytes(withC2.get("heapAfterGcBytes"))).append(" | |\n");
            md.append("| JVM uptime when `main` starts (median of ").append(agent.startupsWith().size()).append(") | ")
                    .append(String.format(Locale.ROOT, "%.0f ms", median(agent.startupsWithout()))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f ms", median(agent.startupsWith()))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f ms", premain)).append(" added | | |\n");
            md.append("| the agent's `premain` itself (median, timed by probe agents around it) | | | ")
                    .append(String.format(Locale.ROOT, "%.1f ms", premainItself)).append(" | | |\n\n");
            md.append("The goal's run: two JVMs alone, a service without the agent and one with it over the native mock ")
                    .append("through JNA, `-javaagent:smi4j-agent.jar=library=")
                    .append(AgentOverhead.NATIVE_LIBRARY).append(",interval=1s` with `SMI4J_MOCK_SCENARIO` naming a ")
                    .append("script of the same `").append(Hosts.LARGE).append("` host: the path a driver takes, ")
                    .append("with nothing simulated in Java (the native mock answers the same values every poll, so ")
                    .append("unchanged records are kept, as on an idle host).\n\n");
            md.append("| | without agent, beside it | with agent, native mock | agent, native mock |\n")
                    .append("| --- | ---: | ---: | ---: |\n");
            md.append("| polls published | - | ").append(withNative.get("polls")).append(" | |\n");
            md.append("| CPU, whole run | ").append(ms(baseNative.get("cpuNs"))).append(" | ").append(ms(withNative.get("cpuNs"))).append(" | ")
                    .append(pct(share(withNative.get("cpuNs") - baseNative.get("cpuNs"), withNative.get("wallNs"))))
                    .append(" of one core |\n");
            md.append("| CPU, second half | ").append(ms(baseNative.get("steadyCpuNs"))).append(" | ").append(ms(withNative.get("steadyCpuNs"))).append(" | ")
                    .append(pct(cpuShareNative)).append(" of one core |\n");
            md.append("| allocated by live threads, second half | ").append(bytes(baseNative.get("steadyAllocBytes"))).append(" | ").append(bytes(withNative.get("steadyAllocBytes")))
                    .append(" | ").append(bytes((withNative.get("steadyAllocBytes") - baseNative.get("steadyAllocBytes"))
                            / (withNative.get("steadyWallNs") / 1e9))).append("/s |\n");
            md.append("| CPU of the agent's poller thread, second half | | ").append(ms(withNative.get("steadyPollerCpuNs")))
                    .append(" | ").append(pct(pollerShareNative)).append(" of one core |\n");
            md.append("| CPU of the C2 / C1 compiler threads, second half | ").append(ms(baseNative.get("steadyC2CpuNs"))).append(" / ").append(ms(baseNative.get("steadyC1CpuNs"))).append(" | ").append(ms(withNative.get("steadyC2CpuNs")))
                    .append(" / ").append(ms(withNative.get("steadyC1CpuNs"))).append(" | |\n");
            md.append("| JIT compilation time, GC, second half | ").append(baseNative.get("steadyJitMs")).append(" ms, ").append(baseNative.get("steadyGcMs")).append(" ms | ").append(withNative.get("steadyJitMs")).append(" ms, ")
                    .append(withNative.get("steadyGcMs")).append(" ms | |\n");
            md.append("| heap used after a full GC at the end | ").append(bytes(baseNative.get("heapAfterGcBytes"))).append(" | ").append(bytes(withNative.get("heapAfterGcBytes")))
                    .append(" | ").append(bytes(withNative.get("heapAfterGcBytes") - baseNative.get("heapAfterGcBytes")))
                    .append(" |\n\n");
            if (withNative.get("polls") < 1) {
                throw new IllegalStateException("the agent over the native mock published no poll; its stderr: "
                        + withNative.stderr());
            }
            md.append("The floor under that figure on this machine, measured in the benchmark JVM during the same ")
                    .append("minute (`ColdFloor`, its polls half a second off the agent's): the NVML calls of the ")
                    .append("agent's polls without any of its Java (one ")
                    .append("refresh cycle of ").append(PollJnaRefreshBench.REFRESH_POLLS).append(" polls recorded ")
                    .append("from the reader, ").append(String.format(Locale.ROOT, "%.0f", floor.callsPerPoll()))
                    .append(" port calls per poll on average, replayed from C against the native mock), and memory ")
                    .append("the thread comes back to:\n\n");
            md.append("| | once a second, as the agent polls (second half of ").append(floor.seconds())
                    .append(" s) | back to back |\n| --- | ---: | ---: |\n");
            md.append("| CPU per poll, the NVML calls alone from C | ").append(us(floor.coldUsPerPoll())).append(" (")
                    .append(pct(floor.coldShare())).append(" of one core) | ").append(us(floor.warmUsPerPoll()))
                    .append(" |\n");
            md.append("| writing a 4 KiB page mapped before (median over ").append(ColdFloor.PAGES)
                    .append(" pages) | ").append(us(floor.coldPageUs())).append(" | ").append(us(floor.warmPageUs()))
                    .append(" |\n\n");
            md.append("Where the two columns differ by an order of magnitude, the machine charges for memory a ")
                    .append("thread comes back to after an idle second (a virtual machine whose guest memory is mapped ")
                    .append("again after its virtual CPU idles: nested virtualization); a poll once a second then costs ")
                    .append("what it touches (the agent's code, its objects, the driver's tables) far more than what it ")
                    .append("computes, and the agent's share above holds that cost, the NVML calls' own included.\n\n");
            long extraCpu = with.get("steadyCpuNs") - without.get("steadyCpuNs");
            long pollerCpu = with.get("steadyPollerCpuNs");
            long extraJitMs = with.get("steadyJitMs") - without.get("steadyJitMs");
            long extraGcMs = with.get("steadyGcMs") - without.get("steadyGcMs");
            long extraC2 = with.get("steadyC2CpuNs") - without.get("steadyC2CpuNs");
            long extraC1 = with.get("steadyC1CpuNs") - without.get("steadyC1CpuNs");
            long extraC2On = withC2.get("steadyC2CpuNs") - without.get("steadyC2CpuNs");
            double pollerShare = share(pollerCpu, with.get("steadyWallNs"));
            double steadyPolls = Math.max(1, with.get("steadyWallNs") / 1e9);
            md.append("In the second half the agent added ").append(ms(extraCpu)).append(" of CPU: its poller thread ")
                    .append(ms(pollerCpu)).append(" (").append(us(pollerCpu / 1e3 / steadyPolls))
                    .append(" per poll), the C2 compiler threads ").append(ms(extraC2)).append(" and the C1 ones ")
                    .append(ms(extraC1)).append(" more than without the agent, GC ").append(extraGcMs)
                    .append(" ms more; with `c2=on` C2 alone added ").append(ms(extraC2On)).append(" (")
                    .append(pct(cpuShareC2)).append(" of one core in all). Compiled, a poll and its publication take ")
                    .append(us(perPollUs)).append(" and ").append(bytes(perPollBytes))
                    .append(" (JMH, `AgentPathBench`: a poll of the live mock ").append(time(livePoll)).append(", ")
                    .append(bytes(livePoll.bytes())).append("; the MBean update ").append(time(update)).append(", ")
                    .append(bytes(update.bytes())).append("; the JFR subscriber ").append(time(subscriber))
                    .append("), ").append(pct(perPollUs / 1e6)).append(" of one core at one poll per second. The ")
                    .append("agent's code runs once a second, so it reaches the JIT compilers' thresholds only over ")
                    .append("minutes: C2 would compile it throughout the first minutes and spend more CPU on that than ")
                    .append("its faster code saves, which is why the agent keeps `io.smi4j.*` to C1; what remains is ")
                    .append("the poller running the code in the interpreter and C1 code, and C2 compiling the JDK ")
                    .append("methods (collections) the poll calls.\n\n");
            if (with.get("polls") < 1) {
                throw new IllegalStateException("the agent published no poll; its stderr: " + with.stderr());
            }
            goal("Agent overhead at 1 s interval: under 0.2% of one core", pct(cpuShareNative)
                    + " second half over the native mock through JNA (poller thread " + pct(pollerShareNative)
                    + "); over the Java mock " + pct(cpuShare) + " (poller thread " + pct(pollerShare) + "), "
                    + pct(cpuShareAll) + " over the whole run; the NVML calls alone from C at the same cadence "
                    + pct(floor.coldShare()), cpuShareNative < 0.002,
                    "measured over the native mock through JNA, the path a driver takes (the Java mock's simulation "
                            + "step, random walks a driver does not do, is part of its poll). There the second half is "
                            + "the poller thread, " + us(withNative.get("steadyPollerCpuNs") / 1e3
                                    / Math.max(1, withNative.get("steadyWallNs") / 1e9))
                            + " per poll of interpreted and C1 code for about " + String.format(Locale.ROOT, "%.0f",
                                    refreshCalls) + " port calls (a vGPU's licence, encoder capacity, runtime state size and accounting "
                            + "come once per refresh), and the compilers still warming up the poll's code: C2 "
                            + ms(withNative.get("steadyC2CpuNs") - baseNative.get("steadyC2CpuNs")) + " and C1 "
                            + ms(withNative.get("steadyC1CpuNs") - baseNative.get("steadyC1CpuNs"))
                            + " more than without the agent. On this machine the share moves by a factor of several "
                            + "with the host's state (section 5's floor says how cold memory was during the run). Over "
                            + "the Java mock: with C2 "
                            + "allowed (`c2=on`) the agent cost "
                            + pct(cpuShareC2) + ", C2 compiling code that runs once a second (" + ms(extraC2On)
                            + "); keeping `io.smi4j.*` to C1 (the default) leaves " + ms(extraC2)
                            + " of C2 (JDK methods the poll calls), " + ms(extraC1) + " of C1, and the poller running "
                            + "interpreted and C1 code (" + us(pollerCpu / 1e3 / steadyPolls) + " per poll against "
                            + us(perPollUs) + " compiled by C2). The full settings run the services for "
                            + FULL.agentSeconds() + " s to show the settled share. Less would need fewer crossings "
                            + "per poll (a native helper filling a vGPU's every-poll values, framebuffer use, encoder "
                            + "and frame-capture sessions, in one call) or the poll's code compiled without C2's cost. "
                            + (floor.coldShare() >= 0.002
                                    ? "Here the NVML calls alone, from C with none of the agent's Java, cost "
                                            + pct(floor.coldShare()) + " of one core once a second (" + us(floor
                                                    .coldUsPerPoll()) + " per poll against " + us(floor.warmUsPerPoll())
                                            + " back to back, a page come back to " + us(floor.coldPageUs())
                                            + " against " + us(floor.warmPageUs()) + "): on this machine at this time "
                                            + "the goal lies below its floor and cannot be met by any agent making "
                                            + "these calls; judge it on a machine whose two columns agree."
                                    : "The NVML calls alone, from C, cost " + pct(floor.coldShare())
                                            + " of one core at the same cadence: the rest is the agent's own."));
            goal("Agent premain under 50 ms", String.format(Locale.ROOT, "%.0f ms added to startup (premain itself %.1f ms)",
                    premain, premainItself), premain < 50,
                    String.format(Locale.ROOT, "premain itself takes %.1f ms (it parses the options and starts a "
                            + "thread); the rest is the JVM opening the agent jar and the agent's start thread "
                            + "loading the collector, JMX and JNA classes while the application starts, on the same "
                            + "two cores. Deferring that work (start the poller after a delay, or on the first MBean "
                            + "read) would keep it off the application's startup.", premainItself));
        }

        // ---- methods ----

        private void method() {
            md.append("## How the figures are made\n\n");
            md.append("- Every path polls the same frozen scenario (`bare-metal-1` is the first GPU of `bare-metal`). ")
                    .append("After ").append(Hosts.WARM_POLLS).append(" warm-up polls the reader is in its steady ")
                    .append("state: static facts cached, NOT_SUPPORTED calls remembered, no new utilization samples.\n");
            md.append("- The C harness (`bench/src/main/c/harness.c`, gcc -O2 against NVIDIA's nvml.h) is loaded into ")
                    .append("the benchmark JVM and replays the port calls recorded from one poll of the reader over ")
                    .append("`JnaNvml` (same order, same arguments, the same count-then-fill protocol and struct ")
                    .append("versions as `JnaNvml`) against the same loaded native mock; JMH times batches of ")
                    .append(PollCBench.POLLS).append(" polls per JNA call into the harness.\n");
            md.append("- Allocation per operation is JMH's `gc.alloc.rate.norm` (`-prof gc`).\n");
            md.append("- The scrape compares the JMX exporter's collector (`io.prometheus.jmx:collector` with the ")
                    .append("shipped `smi4j-rules.yaml`, as the embedded exporter builds it) over the registered smi4j ")
                    .append("MBeans with a Prometheus-client `MultiCollector` building the same families from the ")
                    .append("snapshot (`SnapshotCollector`); both written with `PrometheusTextFormatWriter`.\n");
            md.append("- JFR: the subscriber and the periodic hooks of `JfrEvents` are reached by reflection (they are ")
                    .append("not public); a recording in memory enables all six smi4j event types.\n");
            md.append("- Agent: CPU is the child's process CPU time, the sum of the run times (ns) in ")
                    .append("`/proc/self/task/*/schedstat` (the process CPU time of `OperatingSystemMXBean` counts 10 ms ")
                    .append("ticks, too coarse for tens of milliseconds), allocation the sum of ")
                    .append("`ThreadMXBean.getThreadAllocatedBytes` over live threads; the services of a group run at the same ")
                    .append("time, each measuring itself; the poller thread's CPU is `ThreadMXBean.getThreadCpuTime` ")
                    .append("of `smi4j-agent-poller`, the compiler threads' CPU the schedstat run times of the `C2 ")
                    .append("CompilerThre*` and `C1 CompilerThre*` tasks, JIT and GC time come ")
                    .append("from the compilation and GC MXBeans. The ")
                    .append("time added to startup is the difference of the median JVM uptime at `main` with and ")
                    .append("without the agent over short starts; premain itself is timed by two probe agents ")
                    .append("(`PremainProbe`) listed before and after it on the command line.\n\n");
            md.append("## Full settings\n\n`bench/run.sh --full`: JMH ").append(FULL.jmhFlags(true)).append(" (poll), ")
                    .append(FULL.jmhFlags(false)).append(" (the rest); agent services ").append(FULL.agentSeconds())
                    .append(" s, ").append(FULL.startups()).append(" short starts each; about 80 minutes. Run on an idle ")
                    .append("machine with a fixed CPU frequency. Single benchmarks: `java -jar bench/target/benchmarks.jar ")
                    .append("PollJnaBench -p host=vgpu-host-large -prof gc` (with `-Dsmi4j.root=$PWD` from the ")
                    .append("repository root).\n");
        }
    }

    private static double share(long cpuNs, long wallNs) {
        return (double) cpuNs / wallNs;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static String time(Figure f) {
        return us(f.us()) + " ± " + us(f.errorUs());
    }

    static String us(double us) {
        if (us >= 1000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1000);
        }
        if (us >= 1) {
            return String.format(Locale.ROOT, "%.1f µs", us);
        }
        return String.format(Locale.ROOT, "%.0f ns", us * 1000);
    }

    static String ns(double ns) {
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }

    static String ms(long ns) {
        return String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", fraction * 100);
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.1fx", r);
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        double abs = Math.abs(b);
        if (abs >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        if (abs >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", b);
    }
}
