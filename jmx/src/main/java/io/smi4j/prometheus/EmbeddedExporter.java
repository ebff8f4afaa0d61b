package io.smi4j.prometheus;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.smi4j.collect.OwnProcess;
import io.smi4j.model.HostSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Serves {@code /metrics} in-process from the latest snapshot: the exposition is rendered once per
 * snapshot and the same bytes go to every scraper until the next snapshot, followed by the one family computed
 * per scrape, the last-poll age ({@code allsmi_host_last_poll_age_seconds}). It is rendered on the first
 * scrape after the snapshot, or before it: {@link #prepare} (a poller subscriber) wakes a low-priority
 * render thread that renders and compresses a new snapshot in the representations scraped during the last
 * minute, so the first scrape after a poll finds its bytes ready; with nobody scraping it renders nothing.
 * Never on the poller's thread. Used by the agent's {@code prometheus=[host:]port} option and by
 * {@code smi4j api}. The families and values are those of the JMX exporter with the shipped rules
 * (both come from {@code SeriesCatalog}).
 *
 * <ul>
 *   <li>{@code Accept: application/openmetrics-text} gets OpenMetrics 1.0, anything else the text format
 *       0.0.4; {@code Accept-Encoding: gzip} gets the body gzipped (compressed once per snapshot too).</li>
 *   <li>{@code HEAD} answers the headers of {@code GET}; a weak {@code ETag} (one per snapshot, status and
 *       representation: the last-poll age appended to each answer differs) and {@code Last-Modified} (the poll's
 *       time) answer {@code If-None-Match} and {@code If-Modified-Since} with 304, except while the host is
 *       STALE (a poll overran its deadline: the age grows with every answer).</li>
 *   <li>Bounded: {@link Limits#threads()} workers and {@link Limits#queue()} waiting requests; a request
 *       beyond them gets 503 with {@code Retry-After: 1} at once, so memory never grows with the number of
 *       scrapers. Before the first poll, {@code /metrics} answers 503 with {@code Retry-After: 1}.</li>
 *   <li>With a {@link WebConfig}: HTTPS only (a plain HTTP request on the port gets no answer) and/or
 *       HTTP basic authentication on every path (401 without the right user and password).</li>
 * </ul>
 */
public final class EmbeddedExporter implements AutoCloseable {

    /** The bind address when none is given: only this host can scrape. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** How many requests are served at once and how many may wait. */
    public record Limits(int threads, int queue) {

        /** Four workers (a scrape served from cache takes well under a millisecond) and 256 waiting. */
        public static final Limits DEFAULT = new Limits(4, 256);

        public Limits {
            if (threads < 1 || queue < 0) {
                throw new IllegalArgumentException("threads must be >= 1 and queue >= 0: " + threads + ", " + queue);
            }
        }
    }

    /** The render thread renders ahead the representations scraped within this many nanoseconds. */
    private static final long RENDER_AHEAD_WHILE_SCRAPED = TimeUnit.MINUTES.toNanos(1);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final byte[] BUSY = "smi4j: busy, retry in a second\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_POLL = "smi4j: no poll has completed yet\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INDEX = "smi4j: the metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "smi4j: not found; the metrics are at /metrics\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAUTHORIZED = "smi4j: unauthorized\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final Supplier<Optional<HostSnapshot>> latest;
    private final WebConfig web;
    /** The process whose own GPU use is served too (the agent's JVM); empty for {@code smi4j api}. */
    private final Optional<OwnProcess> self;
    private final Thread renderer;
    /** The newest snapshot {@link #prepare} was given and the render thread has not taken yet; guarded by itself. */
    private final Object renderLock = new Object();
    private HostSnapshot pending;
    private long preparedSequence = -1;
    private boolean closed;
    /** Per representation (slot), when a scrape last asked for it ({@link System#nanoTime}), 0 when never. */
    private final AtomicLongArray asked = new AtomicLongArray(4);
    private final AtomicLong rendersInRequests = new AtomicLong();
    private final AtomicLong rendersAhead = new AtomicLong();
    private Rendered cached;

    private EmbeddedExporter(HttpServer server, ThreadPoolExecutor workers, Supplier<Optional<HostSnapshot>> latest,
            WebConfig web, Optional<OwnProcess> self) {
        this.server = server;
        this.workers = workers;
        this.latest = latest;
        this.web = web;
        this.self = self;
        this.renderer = new Thread(this::renderAhead, "smi4j-metrics-render");
        renderer.setDaemon(true);
        renderer.setPriority(Thread.MIN_PRIORITY);
    }

    /** {@link #start(String, int, Supplier, Limits)} with {@link Limits#DEFAULT}. */
    public static EmbeddedExporter start(String host, int port, Supplier<Optional<HostSnapshot>> latest)
            throws IOException {
        return start(host, port, latest, Limits.DEFAULT);
    }

    /** {@link #start(String, int, Supplier, Limits, WebConfig)} in plain HTTP without passwords. */
    public static EmbeddedExporter start(String host, int port, Supplier<Optional<HostSnapshot>> latest, Limits limits)
            throws IOException {
        return start(host, port, latest, limits, WebConfig.NONE);
    }

    /**
     * Starts serving on {@code host:port} (port 0: a free port) whatever {@code latest} returns, over
     * HTTPS when {@code web} has a certificate and to its users only when it has users.
     *
     * @throws IOException when the address cannot be bound (see {@link ListenFailure#describe})
     */
    public static EmbeddedExporter start(String host, int port, Supplier<Optional<HostSnapshot>> latest, Limits limits,
            WebConfig web) throws IOException {
        return start(host, port, latest, limits, web, Optional.empty());
    }

    /** The JDK HTTP server's switch for TCP_NODELAY on the connections it accepts (read once, when it is first used). */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * Turns Nagle's algorithm off for the JDK HTTP server's connections unless {@value #NODELAY_PROPERTY} is set
     * already: the server writes a response's headers and its body apart, and on a kept-alive connection (Prometheus
     * keeps its connection to a target) the body's last segment then waited for the client's delayed ACK, up to 40 ms
     * on Linux, in about one scrape of ten (measured with curl on one connection: p90 43.9 ms, median 1.6 ms; with it
     * on, p90 4 ms, median 0.9 ms). The JDK reads the property once, when its first HTTP server starts: in the agent
     * it also holds for an HTTP server of the application started later, which then only sends small segments at once.
     */
    static void noDelay() {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    /**
     * {@link #start(String, int, Supplier, Limits, WebConfig)}, serving also the {@code allsmi_process_*} families of
     * {@code self}'s own GPU use when present (the agent passes its JVM).
     */
    public static EmbeddedExporter start(String host, int port, Supplier<Optional<HostSnapshot>> latest, Limits limits,
            WebConfig web, Optional<OwnProcess> self) throws IOException {
        noDelay();
        InetSocketAddress address = new InetSocketAddress(host, port);
        HttpServer server;
        Optional<SSLContext> tls = web.tls();
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.threads(), limits.threads(), 30, TimeUnit.SECONDS,
                limits.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(limits.queue()),
                r -> new Worker(r, "smi4j-metrics-http-" + n.incrementAndGet()),
                // over the limits the exchange runs on the server's own thread, where serve() answers 503 at once
                new ThreadPoolExecutor.CallerRunsPolicy());
        workers.allowCoreThreadTimeOut(true);
        EmbeddedExporter exporter = new EmbeddedExporter(server, workers, latest, web, self);
        server.setExecutor(workers);
        server.createContext("/", exporter::serve);
        server.start();
        exporter.renderer.start();
        return exporter;
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * A new snapshot is out (what {@code latest} will return): render it now on the render thread, in the
     * representations scrapers asked for within the last minute, so that the first scrape after it is served
     * from bytes made in advance. Returns at once; made for {@code Poller.subscribe(exporter::prepare)}.
     */
    public void prepare(HostSnapshot snapshot) {
        synchronized (renderLock) {
            pending = snapshot;
            renderLock.notifyAll();
        }
    }

    /**
     * Waits until the render thread has dealt with {@code snapshot} (or a newer one) given to {@link #prepare}.
     *
     * @return false on timeout
     */
    public boolean awaitPrepared(HostSnapshot snapshot, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (renderLock) {
            while (preparedSequence < snapshot.sequence()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(renderLock, left);
            }
            return true;
        }
    }

    /** Renders done on a scrape's thread (the snapshot was not prepared yet); for tests. */
    long rendersInRequests() {
        return rendersInRequests.get();
    }

    /** Representations rendered ahead by the render thread; for tests. */
    long rendersAhead() {
        return rendersAhead.get();
    }

    private void renderAhead() {
        while (true) {
            HostSnapshot s;
            synchronized (renderLock) {
                while (pending == null && !closed) {
                    try {
                        renderLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                s = pending;
                pending = null;
            }
            try {
                Rendered r = renderedIfNewer(s);
                long now = System.nanoTime();
                for (int slot = 0; r != null && slot < 4; slot++) {
                    long when = asked.get(slot);
                    if (when != 0 && now - when < RENDER_AHEAD_WHILE_SCRAPED) {
                        r.body(PrometheusText.Format.values()[slot / 2], slot % 2 == 1, rendersAhead);
                    }
                }
            } catch (RuntimeException e) {
                // the scrape renders it again and fails where someone sees it; this thread carries on
            } finally {
                synchronized (renderLock) {
                    preparedSequence = Math.max(preparedSequence, s.sequence());
                    renderLock.notifyAll();
                }
            }
        }
    }

    /** Stops at once: open exchanges are closed, the worker threads and the render thread end. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        synchronized (renderLock) {
            closed = true;
            renderLock.notifyAll();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!(Thread.currentThread() instanceof Worker)) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 503, "text/plain; charset=utf-8", BUSY, false);
                return;
            }
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            // here, not in an HttpServer Authenticator: bcrypt is slow on purpose and must stay on the workers
            if (!web.authorizes(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"smi4j\", charset=\"UTF-8\"");
                send(exchange, 401, "text/plain; charset=utf-8", UNAUTHORIZED, head);
                return;
            }
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", new byte[0], false);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if ("/".equals(path)) {
                send(exchange, 200, "text/plain; charset=utf-8", INDEX, head);
                return;
            }
            if (!"/metrics".equals(path)) {
                send(exchange, 404, "text/plain; charset=utf-8", NOT_FOUND, head);
                return;
            }
            Optional<HostSnapshot> snapshot = latest.get();
            if (snapshot.isEmpty()) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 503, "text/plain; charset=utf-8", NO_POLL, head);
                return;
            }
            metrics(exchange, rendered(snapshot.get()), head);
        }
    }

    private void metrics(HttpExchange exchange, Rendered rendered, boolean head) throws IOException {
        Headers request = exchange.getRequestHeaders();
        PrometheusText.Format format = accepts(request, "Accept", "application/openmetrics-text")
                ? PrometheusText.Format.OPENMETRICS : PrometheusText.Format.TEXT;
        boolean gzip = accepts(request, "Accept-Encoding", "gzip");
        // weak: the last-poll age appended to every answer differs; the status is part of it, because a poll
        // that overran republishes the last snapshot (same sequence) as STALE
        String etag = "W/\"" + rendered.snapshot.sequence() + "-" + rendered.snapshot.status().ordinal() + "-"
                + format.ordinal() + (gzip ? "z" : "") + "\"";
        Instant modified = rendered.snapshot.time();
        Headers response = exchange.getResponseHeaders();
        response.set("ETag", etag);
        response.set("Last-Modified", HTTP_DATE.format(modified));
        response.set("Vary", "Accept, Accept-Encoding");
        response.set("Cache-Control", "no-cache");
        // a STALE host is never "not modified": its age grows with every answer, and a cache must see it
        if (rendered.snapshot.status() != io.smi4j.model.HostStatus.STALE && notModified(request, etag, modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        if (gzip) {
            response.set("Content-Encoding", "gzip");
        }
        asked.set(format.ordinal() * 2 + (gzip ? 1 : 0), System.nanoTime() | 1);
        byte[] body = rendered.body(format, gzip);
        // the last-poll age is computed now, appended to the bytes rendered once per snapshot (with gzip: the blocks
        // and the trailer that end the stream left open, see OpenGzip)
        byte[] now = PrometheusText.readPart(rendered.snapshot, rendered.snapshot.hostName(), format,
                Instant.now()).getBytes(StandardCharsets.UTF_8);
        send(exchange, 200, format.contentType(), body, gzip ? rendered.gzipped(format).end(now) : now, head);
    }

    /** RFC 9110: If-None-Match decides when present; else If-Modified-Since, to the second. */
    private static boolean notModified(Headers request, String etag, Instant modified) {
        String match = request.getFirst("If-None-Match");
        if (match != null) {
            for (String tag : match.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals(etag.substring(2))) {
                    return true;
                }
            }
            return false;
        }
        String since = request.getFirst("If-Modified-Since");
        if (since == null) {
            return false;
        }
        try {
            Instant given = Instant.from(HTTP_DATE.parse(since.strip()));
            return modified.getEpochSecond() <= given.getEpochSecond();
        } catch (DateTimeParseException e) {
            return false; // an unreadable date is ignored, as HTTP says
        }
    }

    private static boolean accepts(Headers request, String header, String token) {
        for (String value : request.getOrDefault(header, java.util.List.of())) {
            if (value.toLowerCase(Locale.ROOT).contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        send(exchange, status, contentType, body, new byte[0], head);
    }

    /** Sends {@code body} then {@code tail}, without copying them into one array. */
    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, byte[] tail,
            boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        int length = body.length + tail.length;
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                out.write(tail);
            }
        }
    }

    /** The representations of the newest snapshot; a newer snapshot replaces them. */
    private synchronized Rendered rendered(HostSnapshot snapshot) {
        if (cached == null || cached.snapshot != snapshot) {
            cached = new Rendered(snapshot, self, rendersInRequests);
        }
        return cached;
    }

    /** {@link #rendered}, or null when a scrape already moved on to a newer snapshot than {@code snapshot}. */
    private synchronized Rendered renderedIfNewer(HostSnapshot snapshot) {
        if (cached != null && cached.snapshot != snapshot && cached.snapshot.sequence() > snapshot.sequence()) {
            return null;
        }
        return rendered(snapshot);
    }

    /** One snapshot's bodies, each made on first use and then shared by every scraper. */
    private static final class Rendered {
        final HostSnapshot snapshot;
        private final byte[][] bodies = new byte[4][];
        /** The gzip bodies as streams left open for the per-answer tail, by format. */
        private final OpenGzip[] gzipped = new OpenGzip[2];
        private final Optional<OwnProcess> self;
        private final AtomicLong renders;

        Rendered(HostSnapshot snapshot, Optional<OwnProcess> self, AtomicLong renders) {
            this.snapshot = snapshot;
            this.self = self;
            this.renders = renders;
        }

        /** The body in {@code format}, made now when it was not made before (counted in {@code renders}). */
        synchronized byte[] body(PrometheusText.Format format, boolean gzip) {
            body(format, gzip, renders);
            return bodies[format.ordinal() * 2 + (gzip ? 1 : 0)];
        }

        /** Makes the body when it is missing, counting it in {@code counter}; true when it was made now. */
        synchronized boolean body(PrometheusText.Format format, boolean gzip, AtomicLong counter) {
            int slot = format.ordinal() * 2 + (gzip ? 1 : 0);
            if (bodies[slot] != null) {
                return false;
            }
            counter.incrementAndGet();
            byte[] plain = bodies[format.ordinal() * 2];
            if (plain == null) {
                plain = PrometheusText.fixedPart(snapshot, snapshot.hostName(), format, self).toString()
                        .getBytes(StandardCharsets.UTF_8);
                bodies[format.ordinal() * 2] = plain;
            }
            if (gzip) {
                gzipped[format.ordinal()] = new OpenGzip(plain);
                bodies[slot] = gzipped[format.ordinal()].bytes;
            } else {
                bodies[slot] = plain;
            }
            return true;
        }

        /** The gzip stream of {@link #body(PrometheusText.Format, boolean)} with gzip, once that was made. */
        synchronized OpenGzip gzipped(PrometheusText.Format format) {
            return gzipped[format.ordinal()];
        }
    }

    /** The threads that serve scrapes; any other thread running an exchange means the limits were reached. */
    private static final class Worker extends Thread {
        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }
}
