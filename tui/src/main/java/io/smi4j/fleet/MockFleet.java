package io.smi4j.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smi4j.collect.GpuReader;
import io.smi4j.model.HostSnapshot;
import io.smi4j.prometheus.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Simulated hosts serving {@code /metrics} on loopback, for trying scrapers and dashboards at
 * scale without GPUs. Host {@code i} listens on {@code 127.0.0.1:basePort+i}, has its own
 * reader (its own scenario instance and seed) and the host label {@code mock-host-NNN}; the
 * failing hosts answer every request with 503. One thread polls every host; a small shared
 * pool answers HTTP.
 */
public final class MockFleet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MockFleet.class.getName());
    private static final int HTTP_THREADS = 4;

    /** One simulated host. */
    public record Host(int index, String name, int port, boolean failing) {
        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Host> hosts;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final ScheduledExecutorService poller;
    private final ExecutorService http;

    /** The state of one host, touched by the poll thread (reads) and HTTP threads (latest). */
    private static final class Source {
        final GpuReader reader;
        volatile HostSnapshot latest;

        Source(GpuReader reader) {
            this.reader = reader;
        }

        synchronized void poll() {
            latest = reader.read();
        }
    }

    private MockFleet(List<Host> hosts) {
        this.hosts = List.copyOf(hosts);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "smi4j-fleet-poller"));
        this.http = Executors.newFixedThreadPool(HTTP_THREADS, r -> daemon(r, "smi4j-fleet-http"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Opens a reader per host, polls each once, binds every port and starts serving.
     *
     * @param readers   the reader of host {@code i} (its own scenario instance and seed)
     * @throws IOException when a port cannot be bound (everything opened so far is closed)
     */
    public static MockFleet start(int count, int basePort, int failing, Duration interval,
            IntFunction<GpuReader> readers) throws IOException {
        if (count < 1 || failing < 0 || failing > count || basePort < 1 || basePort + count - 1 > 65535) {
            throw new IllegalArgumentException("bad fleet: " + count + " hosts from port " + basePort + ", "
                    + failing + " failing");
        }
        // The failing hosts, spread evenly over the fleet.
        Set<Integer> failingIndices = new HashSet<>();
        for (int j = 0; j < failing; j++) {
            failingIndices.add((int) ((long) j * count / failing));
        }
        List<Host> hosts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hosts.add(new Host(i, String.format("mock-host-%03d", i), basePort + i, failingIndices.contains(i)));
        }
        MockFleet fleet = new MockFleet(hosts);
        try {
            for (Host h : hosts) {
                Source source = new Source(readers.apply(h.index()));
                fleet.sources.add(source);
                source.poll();
            }
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (Host h : hosts) {
                HttpServer server;
                try {
                    server = HttpServer.create(new InetSocketAddress(loopback, h.port()), 50);
                } catch (IOException e) {
                    throw new IOException("port " + h.port() + " on 127.0.0.1 is not free (" + e.getMessage() + ")", e);
                }
                Source source = fleet.sources.get(h.index());
                server.createContext("/", exchange -> fleet.answer(exchange, h, source));
                server.setExecutor(fleet.http);
                fleet.servers.add(server);
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        fleet.servers.forEach(HttpServer::start);
        long millis = interval.toMillis();
        fleet.poller.scheduleWithFixedDelay(fleet::pollAll, millis, millis, TimeUnit.MILLISECONDS);
        return fleet;
    }

    public List<Host> hosts() {
        return hosts;
    }

    /** Writes one {@code 127.0.0.1:port} per line, failing hosts included. */
    public void writeHostsFile(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Host h : hosts) {
            b.append(h.address()).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private void pollAll() {
        for (Source s : sources) {
            try {
                s.poll();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "polling a simulated host failed", e);
            }
        }
    }

    private void answer(HttpExchange exchange, Host host, Source source) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int status;
            String body;
            String type = "text/plain; charset=utf-8";
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                status = 404;
                body = "not found; try /metrics\n";
            } else if (host.failing()) {
                status = 503;
                body = "simulated failure of " + host.name() + "\n";
            } else {
                status = 200;
                body = PrometheusText.scrape(source.latest, host.name(), PrometheusText.Format.TEXT);
                type = "text/plain; version=0.0.4; charset=utf-8";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Stops serving and polling and closes every reader. */
    @Override
    public void close() {
        for (HttpServer s : servers) {
            s.stop(0);
        }
        poller.shutdownNow();
        http.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Source s : sources) {
            synchronized (s) {
                s.reader.close();
            }
        }
    }
}
