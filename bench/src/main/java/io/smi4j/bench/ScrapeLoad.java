package io.smi4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code smi4j api --mock vgpu-host-large --interval 1s}, started through the {@code ./smi4j} launcher (its heap
 * cap included) on loopback, under {@code scrapers} concurrent scrapers for a bounded time: each requests
 * {@code /metrics} again as soon as it has its answer (30 s client timeout), as Prometheus replicas and curious
 * people together would. Records every request's latency and outcome and the server's resident memory.
 */
final class ScrapeLoad {

    private static final Pattern SERVING = Pattern.compile("serving http://([^/]+)/metrics");

    /** The figures of one run. */
    record Result(int scrapers, int seconds, long requests, long errors, double p50Ms, double p99Ms, double maxMs,
            long rssStartKib, long rssEndKib, long bytesPerScrape) {
    }

    private final Path root;

    ScrapeLoad(Path root) {
        this.root = root;
    }

    Result measure(int scrapers, int seconds) throws IOException, InterruptedException {
        Process api = new ProcessBuilder(root.resolve("smi4j").toString(), "api", "--mock", "vgpu-host-large",
                "--interval", "1s", "--port", "0").redirectErrorStream(true).start();
        try {
            String address = address(api);
            URI metrics = URI.create("http://" + address + "/metrics");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long bytes = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body().length;
            long rssStart = rssKib(api.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong errors = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(scrapers);
            List<Future<long[]>> runs = new ArrayList<>();
            for (int i = 0; i < scrapers; i++) {
                runs.add(pool.submit(() -> scrape(client, metrics, deadline, errors)));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> f : runs) {
                try {
                    for (long l : f.get()) {
                        latencies.add(l);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("a scraper failed", e.getCause());
                }
            }
            pool.shutdown();
            long rssEnd = rssKib(api.pid());
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(scrapers, seconds, sorted.length + errors.get(), errors.get(), ms(sorted, 0.50),
                    ms(sorted, 0.99), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6, rssStart,
                    rssEnd, bytes);
        } finally {
            api.destroy();
            if (!api.waitFor(10, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        }
    }

    /** One scraper until the deadline: the latencies (ns) of its successful requests. */
    private static long[] scrape(HttpClient client, URI metrics, long deadline, AtomicLong errors) {
        long[] latencies = new long[1024];
        int n = 0;
        // as Prometheus asks: it always accepts gzip
        HttpRequest request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30))
                .header("Accept-Encoding", "gzip").build();
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    errors.incrementAndGet();
                    continue;
                }
            } catch (IOException e) {
                errors.incrementAndGet();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, n);
    }

    /** Reads the launcher's output until it says where it serves (it may build the jar first). */
    private static String address(Process api) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "smi4j-load-drain");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IOException("smi4j api ended without serving:\n" + seen);
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** {@code ScrapeLoad [SCRAPERS [SECONDS]]}: one run, printed. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("smi4j.root", ".")).toAbsolutePath().normalize();
        int scrapers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        System.out.println(new ScrapeLoad(root).measure(scrapers, seconds));
    }
}
