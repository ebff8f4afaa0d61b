package io.smi4j.cli;

import io.smi4j.collect.Durations;
import io.smi4j.collect.Poller;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.prometheus.EmbeddedExporter;
import io.smi4j.prometheus.ListenFailure;
import io.smi4j.prometheus.WebConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smi4j api}: a standalone exporter for hosts without a JVM service to carry the agent. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Serve /metrics for Prometheus, rendered from each poll's snapshot, for hosts with no JVM "
                + "service (a hypervisor). Runs until SIGINT/SIGTERM, then exits 0.")
final class ApiCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 9410;

    @Spec
    CommandSpec spec;

    @Mixin
    CollectOptions collect;

    @Mixin
    PollInterval poll;

    @Mixin
    PollerOptions pollerOptions;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = EmbeddedExporter.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this host only).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + DEFAULT_PORT, converter = Converters.Port.class,
            description = "The port to listen on, 0..65535, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "TLS and basic auth for /metrics, in the web configuration format Prometheus exporters "
                    + "share (tls_server_config, basic_auth_users with bcrypt hashes).")
    Path webConfigFile;

    @Override
    public Integer call() {
        WebConfig web = WebConfig.NONE;
        if (webConfigFile != null) {
            try {
                web = WebConfig.load(webConfigFile);
            } catch (IOException e) {
                throw new CliException(Smi4jCli.USAGE, CollectOptions.oneLine(e.getMessage()), e);
            }
        }
        Poller poller = collect.startPoller(poll.interval, pollerOptions);
        Smi4jJmx jmx = Smi4jJmx.register(ManagementFactory.getPlatformMBeanServer(), poller, JmxOptions.defaults());
        EmbeddedExporter exporter;
        try {
            exporter = EmbeddedExporter.start(bind, port, poller::latest, EmbeddedExporter.Limits.DEFAULT, web);
        } catch (IOException | RuntimeException e) {
            jmx.close();
            poller.close();
            throw new CliException(Smi4jCli.FAILURE, "cannot serve on " + bind + ":" + port + ": "
                    + ListenFailure.describe(bind, port, e), e);
        }
        AutoCloseable renderAhead = poller.subscribe(exporter::prepare); // off the poller thread, while scraped
        try (StopSignals stop = StopSignals.install()) {
            spec.commandLine().getOut().println("smi4j api: serving " + (web.tls().isPresent() ? "https" : "http")
                    + "://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + exporter.port()
                    + "/metrics from " + collect.source() + " every " + Durations.format(poll.interval)
                    + " (" + pollerOptions.describe(poll.interval) + "; Ctrl-C stops)");
            spec.commandLine().getOut().flush();
            stop.await();
        } finally {
            closeQuietly(renderAhead);
            exporter.close();
            jmx.close();
            poller.close();
        }
        return Smi4jCli.OK;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // unsubscribing from the poller does not fail
        }
    }
}
