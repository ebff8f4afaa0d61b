package io.smi4j.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.jmx.TestSnapshots;
import io.smi4j.model.HostSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class EmbeddedExporterTest {

    private static Set<String> vgpuFamilies() {
        Set<String> names = new TreeSet<>();
        for (SeriesTable<?> t : SeriesCatalog.ALL) {
            for (SeriesTable.Column<?> c : t.columns()) {
                if (c.family().name().startsWith("allsmi_vgpu_")) {
                    names.add(c.family().name());
                }
            }
        }
        return names;
    }

    @Test
    void startingTurnsNaglesAlgorithmOffForTheJdkHttpServerUnlessTheUserChoseAlready() throws Exception {
        String before = System.getProperty(EmbeddedExporter.NODELAY_PROPERTY);
        try {
            System.setProperty(EmbeddedExporter.NODELAY_PROPERTY, "false");
            EmbeddedExporter.noDelay();
            assertEquals("false", System.getProperty(EmbeddedExporter.NODELAY_PROPERTY), "a choice made is kept");
            System.clearProperty(EmbeddedExporter.NODELAY_PROPERTY);
            try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                    () -> Optional.of(TestSnapshots.vgpuHost(1)), EmbeddedExporter.Limits.DEFAULT, WebConfig.NONE)) {
                assertEquals("true", System.getProperty(EmbeddedExporter.NODELAY_PROPERTY),
                        "unset: on, so that a kept-alive scrape does not wait for a delayed ACK");
            }
        } finally {
            if (before == null) {
                System.clearProperty(EmbeddedExporter.NODELAY_PROPERTY);
            } else {
                System.setProperty(EmbeddedExporter.NODELAY_PROPERTY, before);
            }
        }
    }

    @Test
    void aVgpuHostExportsEveryVgpuFamilyWithItsLabelsAndValues() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(5)))) {
            Exposition e = Exposition.scrape(exporter.port());
            Set<String> expected = vgpuFamilies();
            expected.remove("allsmi_vgpu_scheduler_avg_factor"); // only with ARR enabled, and it is disabled here
            expected.remove("allsmi_vgpu_scheduler_runlist_weight"); // only from the v2 log; this host's is v1
            // MIG-backed vGPU only (a vGPU host in MIG mode, R575+: MigBackedVgpuSeriesTest); this host is not
            expected.removeIf(f -> f.startsWith("allsmi_vgpu_gpu_instance_"));
            assertEquals(expected, e.names("allsmi_vgpu_"));
            assertEquals(1.0, e.family("allsmi_vgpu_scheduler_runlist_run_share").stream()
                    .mapToDouble(Exposition.Sample::value).sum(), 1e-9, "the runlists' shares of one GPU add up to 1");
            Exposition.Sample used = e.family("allsmi_vgpu_memory_used_bytes").stream()
                    .filter(s -> s.labels().get("vgpu_id").equals("7")).findFirst().orElseThrow();
            assertEquals(Map.of("host", "testhost", "gpu_index", "0",
                    "gpu_uuid", "GPU-00000000-aaaa-bbbb-cccc-dddddddddddd", "vgpu_id", "7", "vgpu_uuid", "GPU-vgpu-7",
                    "vgpu_type", "GRID A100-4C", "vm_id", TestSnapshots.AWKWARD_VM_ID), used.labels());
            assertEquals(2.0 * TestSnapshots.GIB, used.value());
            assertEquals(1, e.family("allsmi_vgpu_jpeg_utilization").size(), "NaN gives no series");
            assertEquals(Map.of("host", "testhost", "gpu_index", "0",
                    "gpu_uuid", "GPU-00000000-aaaa-bbbb-cccc-dddddddddddd", "policy", "best_effort",
                    "arr_mode", "disabled"), e.family("allsmi_vgpu_scheduler_state").get(0).labels());
            assertEquals(0.002, e.family("allsmi_vgpu_scheduler_timeslice_seconds").get(0).value());
            assertEquals("counter", e.types().get("allsmi_vgpu_scheduler_log_entries_total"));
            assertEquals(5.0, e.family("allsmi_vgpu_scheduler_log_entries_total").get(0).value(),
                    "the snapshot's own total: its collector saw one entry per poll");
            assertEquals(37.0, e.family("allsmi_gpu_utilization").get(0).value());
            assertEquals(Map.of("fractional_multi_vgpu", 1.0, "heterogeneous_timeslice_profiles", 1.0,
                    "heterogeneous_timeslice_sizes", 0.0, "device_streaming", 1.0, "mini_quarter_gpu", 0.0,
                    "compute_media_engine_gpu", 0.0, "warm_update", 1.0, "homogeneous_placements", 0.0),
                    byLabel(e.family("allsmi_vgpu_capability"), "capability"), "an unknown capability has no series");
            assertEquals(Map.of("heterogeneous_multi_vgpu", 1.0, "warm_update", 0.0),
                    byLabel(e.family("allsmi_vgpu_driver_capability"), "capability"));
            assertEquals(Map.of("host", "testhost", "capability", "warm_update"),
                    e.family("allsmi_vgpu_driver_capability").get(1).labels());
            assertEquals(256.0 * (1 << 20), e.family("allsmi_vgpu_type_bar1_bytes").get(0).value());
            assertEquals(1, e.family("allsmi_vgpu_type_bar1_bytes").size(), "the second type has none");
            assertEquals(6e9, e.family("allsmi_vgpu_read_device_buffer_bandwidth_bytes_per_second").get(0).value());
            assertTrue(e.samples().stream().noneMatch(s -> s.name().startsWith("allsmi_")
                    && s.labels().containsKey("instance")));
            assertEquals("", Promtool.checkMetrics(e.text()));
        }
    }

    @Test
    void aBareMetalHostExportsGpuFamiliesAndNoVgpuSeriesAtAll() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.bareMetal(1)))) {
            Exposition e = Exposition.scrape(exporter.port());
            assertEquals(Set.of(), e.names("allsmi_vgpu_"));
            assertEquals(1, e.family("allsmi_gpu_memory_used_bytes").size());
        }
    }

    @Test
    void aPortInUseIsAnIoException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThrows(IOException.class,
                    () -> EmbeddedExporter.start("127.0.0.1", taken.getLocalPort(), Optional::empty));
        }
    }

    private static HttpResponse<byte[]> get(EmbeddedExporter exporter, String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** {@code exposition} without the last-poll age family, the one part computed per scrape. */
    private static String withoutAge(String exposition) {
        return exposition.replaceAll("(?m)^.*allsmi_host_last_poll_age_seconds.*\n", "");
    }

    @Test
    void everyScraperGetsTheSameBytesUntilTheNextSnapshotAndItsOwnEtagAfterIt() throws Exception {
        AtomicReference<HostSnapshot> latest = new AtomicReference<>(TestSnapshots.vgpuHost(1));
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(latest.get()))) {
            HttpResponse<byte[]> first = get(exporter, "GET", "/metrics");
            HttpResponse<byte[]> second = get(exporter, "GET", "/metrics");
            assertEquals(200, first.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type").orElse(""));
            assertEquals(withoutAge(text(first)), withoutAge(text(second)));
            assertEquals(PrometheusText.render(latest.get()), withoutAge(text(first)),
                    "the direct rendering of the snapshot, then the age");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertEquals(etag, second.headers().firstValue("ETag").orElseThrow());
            latest.set(TestSnapshots.vgpuHost(2));
            HttpResponse<byte[]> third = get(exporter, "GET", "/metrics");
            assertNotEquals(etag, third.headers().firstValue("ETag").orElseThrow());
            assertTrue(text(third).contains("allsmi_host_polls_total{host=\"testhost\"} 2\n"), text(third));
        }
    }

    @Test
    void aScraperThatAcceptsGzipGetsTheSameExpositionCompressed() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(3)))) {
            HttpResponse<byte[]> plain = get(exporter, "GET", "/metrics");
            HttpResponse<byte[]> zipped = get(exporter, "GET", "/metrics", "Accept-Encoding", "gzip");
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
            assertTrue(zipped.body().length < plain.body().length / 3, "compressed: " + zipped.body().length);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertEquals(withoutAge(text(plain)), withoutAge(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        }
    }

    @Test
    void theGzipBodyIsOneGzipMemberWithTheAgeInsideSoThatDecodersThatStopAtTheFirstMemberReadItAll() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(3)))) {
            for (int scrape = 0; scrape < 2; scrape++) { // the second from the stream left open by the first
                byte[] z = get(exporter, "GET", "/metrics", "Accept-Encoding", "gzip").body();
                assertEquals(0x1f, z[0] & 0xFF);
                assertEquals(0x8b, z[1] & 0xFF);
                assertEquals(0, z[3], "no optional header fields");
                // one member: the deflate stream after the 10-byte header ends with a final block, then 8 bytes
                java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
                inflater.setInput(z, 10, z.length - 10);
                java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[1 << 16];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    assertTrue(n > 0 || !inflater.needsInput(), "the stream ends with a final block");
                    plain.write(buffer, 0, n);
                }
                assertEquals(8, inflater.getRemaining(), "then only the trailer: no second member");
                inflater.end();
                byte[] text = plain.toByteArray();
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(text);
                java.nio.ByteBuffer trailer = java.nio.ByteBuffer.wrap(z, z.length - 8, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                assertEquals(crc.getValue(), trailer.getInt() & 0xFFFF_FFFFL, "the CRC-32 of body and age together");
                assertEquals(text.length, trailer.getInt(), "their length together");
                String s = new String(text, StandardCharsets.UTF_8);
                assertTrue(s.contains("\nallsmi_host_polls_total{host=\"testhost\"} 3\n"), s);
                assertTrue(s.matches("(?s).*\nallsmi_host_last_poll_age_seconds\\{host=\"testhost\"} [0-9.]+\n"), s);
            }
        }
    }

    @Test
    void crc32GoesOnFromTheCrcOfTheBytesBefore() {
        byte[] a = "allsmi_gpu_utilization 42\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "allsmi_host_last_poll_age_seconds 0.5\n".getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 whole = new java.util.zip.CRC32();
        whole.update(a);
        whole.update(b);
        java.util.zip.CRC32 first = new java.util.zip.CRC32();
        first.update(a);
        assertEquals(whole.getValue(), OpenGzip.crc32((int) first.getValue(), b) & 0xFFFF_FFFFL);
        assertEquals(first.getValue(), OpenGzip.crc32(0, a) & 0xFFFF_FFFFL, "from nothing: CRC32's own");
    }

    @Test
    void aScraperThatAcceptsOpenMetricsGetsAValidOpenMetricsExposition() throws Exception {
        HostSnapshot s = TestSnapshots.vgpuHost(4);
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(s))) {
            HttpResponse<byte[]> r = get(exporter, "GET", "/metrics", "Accept",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    r.headers().firstValue("Content-Type").orElse(""));
            String om = text(r);
            assertTrue(om.endsWith("# EOF\n"), om);
            assertTrue(om.contains("# TYPE allsmi_host_polls counter\nallsmi_host_polls_total{host=\"testhost\"} 4\n"),
                    om);
            long textSamples = PrometheusText.render(s).lines().filter(l -> !l.startsWith("#")).count();
            assertEquals(textSamples + 1, OpenMetricsParser.samples(om),
                    "the same samples as the text format, and the age computed for this scrape");
        }
    }

    @Test
    void theLastPollAgeIsComputedAtEachScrapeInEveryFormatAndEncodingWhileTheRestIsRenderedOnce() throws Exception {
        HostSnapshot s = TestSnapshots.vgpuHost(5);
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(s))) {
            long before = System.currentTimeMillis();
            HttpResponse<byte[]> plain = get(exporter, "GET", "/metrics");
            HttpResponse<byte[]> om = get(exporter, "GET", "/metrics", "Accept", "application/openmetrics-text",
                    "Accept-Encoding", "gzip");
            long after = System.currentTimeMillis();
            String omText;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(om.body()))) {
                omText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(omText.matches("(?s).*\nallsmi_host_last_poll_age_seconds\\{host=\"testhost\"} [0-9.]+\n# EOF\n"),
                    "the age comes last, before # EOF: " + omText);
            for (String body : java.util.List.of(text(plain), omText)) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("(?m)^allsmi_host_last_poll_age_seconds\\{host=\"testhost\"} ([0-9.]+)$").matcher(body);
                assertTrue(m.find(), body);
                double age = Double.parseDouble(m.group(1));
                assertTrue(age >= (before - s.time().toEpochMilli() - 1) / 1e3
                        && age <= (after - s.time().toEpochMilli() + 1) / 1e3,
                        "seconds from the poll's start to the scrape: " + age);
            }
        }
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(1)))) {
            HttpResponse<byte[]> got = get(exporter, "GET", "/metrics");
            HttpResponse<byte[]> head = get(exporter, "HEAD", "/metrics");
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(Long.toString(got.body().length), head.headers().firstValue("Content-Length").orElse(""));
            assertEquals(got.headers().firstValue("ETag"), head.headers().firstValue("ETag"));
        }
    }

    @Test
    void conditionalRequestsForAnUnchangedSnapshotAnswerNotModified() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0,
                () -> Optional.of(TestSnapshots.vgpuHost(1)))) {
            HttpResponse<byte[]> got = get(exporter, "GET", "/metrics");
            String etag = got.headers().firstValue("ETag").orElseThrow();
            String modified = got.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<byte[]> byTag = get(exporter, "GET", "/metrics", "If-None-Match", etag);
            assertEquals(304, byTag.statusCode());
            assertEquals(0, byTag.body().length);
            assertEquals(304, get(exporter, "GET", "/metrics", "If-Modified-Since", modified).statusCode());
            assertEquals(200, get(exporter, "GET", "/metrics", "If-None-Match", "\"other\"").statusCode());
            assertEquals(200, get(exporter, "GET", "/metrics", "If-Modified-Since",
                    "Mon, 01 Jan 2024 00:00:00 GMT").statusCode(), "the snapshot is newer than that");
            assertEquals(200, get(exporter, "GET", "/metrics", "If-None-Match", etag, "Accept-Encoding", "gzip")
                    .statusCode(), "the gzipped representation has its own tag");
        }
    }

    @Test
    void aSnapshotRepublishedAsStaleGetsANewEtagAndIsNeverNotModified() throws Exception {
        HostSnapshot fresh = TestSnapshots.vgpuHost(1);
        AtomicReference<HostSnapshot> latest = new AtomicReference<>(fresh);
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(latest.get()))) {
            HttpResponse<byte[]> got = get(exporter, "GET", "/metrics");
            String etag = got.headers().firstValue("ETag").orElseThrow();
            assertTrue(etag.startsWith("W/"), "weak: the age line differs in every answer: " + etag);
            String modified = got.headers().firstValue("Last-Modified").orElseThrow();
            assertEquals(304, get(exporter, "GET", "/metrics", "If-None-Match", etag).statusCode());
            latest.set(fresh.stale("poll 2 overran its deadline", 1)); // same sequence, same time
            HttpResponse<byte[]> stale = get(exporter, "GET", "/metrics", "If-None-Match", etag);
            assertEquals(200, stale.statusCode(), "a cache must see the host turn STALE");
            assertTrue(text(stale).contains("allsmi_host_nvml_status{host=\"testhost\"} 5\n"), text(stale));
            String staleTag = stale.headers().firstValue("ETag").orElseThrow();
            assertNotEquals(etag, staleTag);
            assertEquals(200, get(exporter, "GET", "/metrics", "If-None-Match", staleTag).statusCode(),
                    "its age grows with every answer");
            assertEquals(200, get(exporter, "GET", "/metrics", "If-Modified-Since", modified).statusCode());
        }
    }

    @Test
    void beforeTheFirstPollAndForOtherPathsAndMethodsTheAnswerSaysWhy() throws Exception {
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, Optional::empty)) {
            HttpResponse<byte[]> early = get(exporter, "GET", "/metrics");
            assertEquals(503, early.statusCode());
            assertEquals("1", early.headers().firstValue("Retry-After").orElse(""));
            assertEquals(404, get(exporter, "GET", "/nothing").statusCode());
            assertEquals(200, get(exporter, "GET", "/").statusCode());
            HttpResponse<byte[]> post = get(exporter, "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void scrapersBeyondTheWorkersAndTheQueueGet503AtOnceWhileTheOthersAreServed() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HostSnapshot s = TestSnapshots.vgpuHost(1);
        Supplier<Optional<HostSnapshot>> slow = () -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(s);
        };
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, slow,
                new EmbeddedExporter.Limits(1, 0))) {
            Future<HttpResponse<byte[]>> occupying = client.submit(() -> get(exporter, "GET", "/metrics"));
            assertTrue(inside.await(30, TimeUnit.SECONDS), "the first scrape reached the worker");
            HttpResponse<byte[]> turnedAway = get(exporter, "GET", "/metrics");
            assertEquals(503, turnedAway.statusCode());
            assertEquals("1", turnedAway.headers().firstValue("Retry-After").orElse(""));
            release.countDown();
            assertEquals(200, occupying.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, get(exporter, "GET", "/metrics").statusCode(), "served again once the worker is free");
        } finally {
            release.countDown();
            client.shutdownNow();
        }
    }

    @Test
    void aNewSnapshotIsRenderedAheadInTheRepresentationScrapedSoItsFirstScrapeRendersNothing() throws Exception {
        AtomicReference<HostSnapshot> latest = new AtomicReference<>(TestSnapshots.vgpuHost(1));
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(latest.get()))) {
            get(exporter, "GET", "/metrics", "Accept-Encoding", "gzip");
            assertEquals(1, exporter.rendersInRequests(), "the first snapshot was rendered in its scrape");
            HostSnapshot next = TestSnapshots.vgpuHost(2);
            latest.set(next);
            exporter.prepare(next);
            assertTrue(exporter.awaitPrepared(next, java.time.Duration.ofSeconds(30)));
            assertEquals(1, exporter.rendersAhead(), "only the representation scraped (text, gzipped)");
            HttpResponse<byte[]> r = get(exporter, "GET", "/metrics", "Accept-Encoding", "gzip");
            assertEquals(1, exporter.rendersInRequests(), "the scrape after the poll found its bytes ready");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
                assertEquals(PrometheusText.render(next),
                        withoutAge(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
    }

    @Test
    void withNobodyScrapingANewSnapshotIsNotRendered() throws Exception {
        HostSnapshot s = TestSnapshots.vgpuHost(1);
        try (EmbeddedExporter exporter = EmbeddedExporter.start("127.0.0.1", 0, () -> Optional.of(s))) {
            exporter.prepare(s);
            assertTrue(exporter.awaitPrepared(s, java.time.Duration.ofSeconds(30)));
            assertEquals(0, exporter.rendersAhead());
            assertEquals(200, get(exporter, "GET", "/metrics").statusCode());
            assertEquals(1, exporter.rendersInRequests(), "rendered on its first scrape instead");
        }
    }

    /** The value of each sample by its {@code label}. */
    private static Map<String, Double> byLabel(java.util.List<Exposition.Sample> samples, String label) {
        Map<String, Double> out = new java.util.HashMap<>();
        for (Exposition.Sample s : samples) {
            out.put(s.labels().get(label), s.value());
        }
        return out;
    }
}
