package io.smi4j.bench;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.model.HostSnapshot;
import io.smi4j.prometheus.EmbeddedExporter;
import io.smi4j.prometheus.PrometheusText;
import io.smi4j.prometheus.RulesFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import javax.management.MalformedObjectNameException;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code /metrics} of {@code vgpu-host-large}: the whole HTTP request of the embedded exporter (what
 * {@code smi4j api} and the agent's {@code prometheus=} serve: the snapshot rendered once by
 * {@code PrometheusText}, then the same bytes), cached and first after a poll; smi4j's text rendering
 * alone; and the path of a service running {@code jmx_prometheus_javaagent}: the JMX exporter's collector
 * with the shipped rules over the smi4j MBeans, against the same families built with the Prometheus client
 * straight from the snapshot, and the client's text format writer alone (both end in it).
 */
@State(Scope.Benchmark)
public class ScrapeBench {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    private final byte[] buffer = new byte[1 << 16];
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private HostSnapshot snapshot;
    private Smi4jJmx mbeans;
    private PrometheusRegistry exporter;
    private PrometheusRegistry direct;
    private MetricSnapshots collected;
    private EmbeddedExporter http;
    private volatile HostSnapshot served;
    private URL metrics;

    @Setup
    public void setup() throws IOException, MalformedObjectNameException {
        snapshot = Hosts.snapshot(Hosts.LARGE);
        mbeans = Smi4jJmx.create(ManagementFactory.getPlatformMBeanServer(), JmxOptions.defaults());
        mbeans.accept(snapshot);
        exporter = new PrometheusRegistry();
        new JmxCollector(RulesFile.shipped()).register(exporter);
        direct = new PrometheusRegistry();
        direct.register(new SnapshotCollector(() -> snapshot));
        collected = direct.scrape();
        served = snapshot;
        http = EmbeddedExporter.start(EmbeddedExporter.DEFAULT_HOST, 0, () -> java.util.Optional.of(served));
        metrics = new URL("http://" + EmbeddedExporter.DEFAULT_HOST + ":" + http.port() + "/metrics");
        get(true); // a scraper asked for text, gzipped: what the render thread renders ahead
    }

    @TearDown
    public void close() {
        http.close();
        mbeans.close();
    }

    @Benchmark
    public int exporter() throws IOException {
        out.reset();
        writer.write(out, exporter.scrape());
        return out.size();
    }

    /**
     * The JMX exporter's first scrape: a new collector (the shipped rules parsed, its match cache empty), so every
     * table cell is matched against the rules' patterns; later scrapes look each cell up in the cache.
     */
    @Benchmark
    public int exporterFirstScrape() throws IOException, MalformedObjectNameException {
        PrometheusRegistry fresh = new PrometheusRegistry();
        new JmxCollector(RulesFile.shipped()).register(fresh);
        out.reset();
        writer.write(out, fresh.scrape());
        return out.size();
    }

    @Benchmark
    public int direct() throws IOException {
        out.reset();
        writer.write(out, direct.scrape());
        return out.size();
    }

    /** The text format writer alone, on families collected before: the part both renderings share. */
    @Benchmark
    public int writeOnly() throws IOException {
        out.reset();
        writer.write(out, collected);
        return out.size();
    }

    /** The whole HTTP request of the embedded exporter, snapshot already rendered, as Prometheus asks (gzip). */
    @Benchmark
    public int embeddedCached() throws IOException {
        return get(true);
    }

    /** The same without gzip: 1.7 MB over loopback. */
    @Benchmark
    public int embeddedCachedPlain() throws IOException {
        return get(false);
    }

    /**
     * The first scrape after a poll, asked the moment the snapshot is out: the exposition is rendered and gzipped
     * while the request waits (in the request, or by the render thread it waits for). The worst case.
     */
    @Benchmark
    public int embeddedFirstAfterPoll() throws IOException {
        http.prepare(nextSnapshot());
        return get(true);
    }

    /**
     * The first scrape after a poll as Prometheus makes it, some time after the poll: the render thread (woken by
     * the snapshot, as {@code smi4j api} and the agent subscribe it) has rendered and gzipped it ahead.
     */
    @Benchmark
    public int embeddedFirstAfterPollPrepared(Prepared prepared) throws IOException {
        return get(true);
    }

    /** Before each call: a new snapshot, and the wait until the render thread has prepared it (not timed). */
    @State(Scope.Thread)
    public static class Prepared {
        @Setup(Level.Invocation)
        public void poll(ScrapeBench b) throws InterruptedException {
            HostSnapshot next = b.nextSnapshot();
            b.http.prepare(next);
            if (!b.http.awaitPrepared(next, Duration.ofSeconds(30))) {
                throw new IllegalStateException("not rendered ahead within 30 s");
            }
        }
    }

    private HostSnapshot nextSnapshot() {
        HostSnapshot s = served;
        served = new HostSnapshot(s.hostName(), s.sequence() + 1, s.time(), s.pollDuration(), s.status(),
                s.statusDetail(), s.driverVersion(), s.nvmlVersion(), s.cudaDriverVersion(), s.gpus(), s.errors(),
                s.errorTotals(), s.anomalyTotals(), s.pollOverruns(), s.vgpuDriverCapabilities());
        return served;
    }

    private int get(boolean gzip) throws IOException {
        HttpURLConnection c = (HttpURLConnection) metrics.openConnection();
        if (gzip) {
            c.setRequestProperty("Accept-Encoding", "gzip");
        }
        int n = 0;
        try (InputStream in = c.getInputStream()) {
            for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
                n += r;
            }
        }
        return n;
    }

    @Benchmark
    public int textReport() {
        return PrometheusText.render(snapshot).length();
    }

    /** The series (sample lines) each rendering produces, to show they render the same thing. */
    static long[] seriesCounts() throws Exception {
        ScrapeBench b = new ScrapeBench();
        b.setup();
        try {
            b.exporter();
            long viaExporter = samples(b.out.toString(java.nio.charset.StandardCharsets.UTF_8));
            b.direct();
            long viaDirect = samples(b.out.toString(java.nio.charset.StandardCharsets.UTF_8));
            return new long[] {viaExporter, viaDirect, samples(PrometheusText.render(b.snapshot))};
        } finally {
            b.close();
        }
    }

    private static long samples(String text) {
        return text.lines().filter(l -> l.startsWith("allsmi_")).count();
    }
}
