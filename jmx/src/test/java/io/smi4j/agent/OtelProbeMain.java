package io.smi4j.agent;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Set;
import java.util.TreeSet;

/**
 * An "application" with the OpenTelemetry SDK, run in a child JVM under the agent with {@code otel=on}. It
 * sets {@link GlobalOpenTelemetry} only after the agent's first polls (a late SDK, as with frameworks that
 * build it during start-up): {@code set} throws if anything called {@code get()} before. Then it collects (at
 * most {@code args[0]} ms) until the GPU metrics appear and prints their names.
 */
public final class OtelProbeMain {

    private OtelProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(500); // let the agent poll a few times before the SDK exists
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
        GlobalOpenTelemetry.set(sdk);
        System.out.println("app: GlobalOpenTelemetry set");
        long deadline = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        Set<String> names = new TreeSet<>();
        while (System.nanoTime() < deadline && !names.contains("hw.gpu.memory.usage")) {
            Thread.sleep(20);
            for (MetricData m : reader.collectAllMetrics()) {
                if (!m.isEmpty()) {
                    names.add(m.getName());
                }
            }
        }
        for (String name : names) {
            System.out.println("metric " + name);
        }
        System.out.println(AppMain.DONE);
    }
}
