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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code /metrics} rendering of {@code vgpu-host-large}: through the JMX exporter's collector
 * with the shipped rules over the smi4j MBeans (what the embedded exporter and a
 * jmx_prometheus_javaagent do), against the same families rendered straight from the snapshot
 * with the Prometheus client (no JMX). Plus, for reference: the text format writer alone (both
 * renderings end in it), the whole HTTP scrape of the embedded exporter, and smi4j's own text
 * rendering ({@code smi4j snapshot --format prometheus}).
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
        http = EmbeddedExporter.start(EmbeddedExporter.DEFAULT_HOST, 0, () -> java.util.Optional.of(snapshot));
        metrics = new URL("http://" + EmbeddedExporter.DEFAULT_HOST + ":" + http.port() + "/metrics");
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

    @Benchmark
    public int exporterHttp() throws IOException {
        HttpURLConnection c = (HttpURLConnection) metrics.openConnection();
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
