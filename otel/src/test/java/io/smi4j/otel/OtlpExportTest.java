package io.smi4j.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.HostSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The instruments through the SDK's OTLP/HTTP exporter to a receiver on loopback. */
class OtlpExportTest {

    private record Request(String path, String contentType, byte[] body) {
    }

    @Test
    void otlpHttpExportCarriesTheGpuAndVgpuMetrics() throws Exception {
        List<Request> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
            // An empty ExportMetricsServiceResponse: full success.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try (GpuReader reader = Collector.openReader(CollectorOptions.defaults().withMock("vgpu-host"))) {
            HostSnapshot s = reader.read();
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics";
            // A reader that exports only when flushed: the export happens once, at forceFlush.
            PeriodicMetricReader periodic = PeriodicMetricReader
                    .builder(OtlpHttpMetricExporter.builder().setEndpoint(endpoint).build())
                    .setInterval(Duration.ofDays(1)).build();
            SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(periodic).build();
            try (GpuInstruments ignored = GpuInstruments.register(
                    OpenTelemetrySdk.builder().setMeterProvider(provider).build(), () -> Optional.of(s))) {
                CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
                assertTrue(flushed.isSuccess(), "the export succeeded");
            } finally {
                provider.close();
            }
        } finally {
            server.stop(0);
        }
        Request first = received.get(0);
        assertEquals("/v1/metrics", first.path());
        assertEquals("application/x-protobuf", first.contentType());
        List<String> names = metricNames(first.body());
        for (String name : List.of("hw.gpu.utilization", "hw.gpu.memory.usage", "hw.gpu.memory.limit",
                "hw.gpu.memory.utilization", "hw.status", "smi4j.vgpu.utilization", "smi4j.vgpu.memory.usage",
                "smi4j.vgpu.memory.limit")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        assertTrue(new String(first.body(), StandardCharsets.UTF_8).contains(GpuInstruments.SCOPE),
                "the instrumentation scope is named");
    }

    /**
     * The metric names of an OTLP {@code ExportMetricsServiceRequest}: field 1 resource_metrics, in it
     * field 2 scope_metrics, in it field 2 metrics, in it field 1 name (opentelemetry-proto's metrics.proto).
     */
    static List<String> metricNames(byte[] request) throws IOException {
        List<String> names = new ArrayList<>();
        for (byte[] resourceMetrics : fields(request, 1)) {
            for (byte[] scopeMetrics : fields(resourceMetrics, 2)) {
                for (byte[] metric : fields(scopeMetrics, 2)) {
                    for (byte[] name : fields(metric, 1)) {
                        names.add(new String(name, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return names;
    }

    /** The length-delimited fields numbered {@code number} of one protobuf message; other fields are skipped. */
    private static List<byte[]> fields(byte[] message, int number) throws IOException {
        List<byte[]> found = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            long key = varint(message, pos);
            int wireType = (int) (key & 7);
            switch (wireType) {
                case 0 -> varint(message, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int length = (int) varint(message, pos);
                    if (key >>> 3 == number) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        out.write(message, pos[0], length);
                        found.add(out.toByteArray());
                    }
                    pos[0] += length;
                }
                default -> throw new IOException("unexpected wire type " + wireType + " at " + pos[0]);
            }
        }
        return found;
    }

    private static long varint(byte[] b, int[] pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = b[pos[0]++];
            value |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }
}
