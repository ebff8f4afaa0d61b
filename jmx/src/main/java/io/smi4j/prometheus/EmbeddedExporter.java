package io.smi4j.prometheus;

import io.prometheus.jmx.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import javax.management.MalformedObjectNameException;

/**
 * Serves {@code /metrics} in-process: the JMX exporter's collector with the shipped smi4j
 * rules over the platform MBean server, behind the Prometheus HTTP server. The same families
 * and values as a {@code jmx_prometheus_javaagent} given the same rules file. Used by the
 * agent's {@code prometheus=[host:]port} option and by {@code smi4j api}.
 */
public final class EmbeddedExporter implements AutoCloseable {

    /** The bind address when none is given: only this host can scrape. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final HTTPServer server;

    private EmbeddedExporter(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code host:port} (port 0: a free port).
     *
     * @throws IOException when the address cannot be bound, e.g. the port is in use
     */
    public static EmbeddedExporter start(String host, int port) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        try {
            new JmxCollector(RulesFile.shipped()).register(registry);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("the shipped rules file is broken", e);
        }
        HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(registry).buildAndStart();
        return new EmbeddedExporter(server);
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
