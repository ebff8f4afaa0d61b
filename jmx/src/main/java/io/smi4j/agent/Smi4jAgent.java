package io.smi4j.agent;

import io.smi4j.collect.Collector;
import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.control.SchedulerControl;
import io.smi4j.jfr.JfrEvents;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.prometheus.EmbeddedExporter;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The smi4j Java agent: {@code -javaagent:smi4j-agent.jar[=options]} or dynamic attach. It
 * polls NVML on a daemon thread and publishes the MXBeans, the JFR events and optionally
 * {@code /metrics} (see {@link AgentOptions}).
 *
 * <p>It never harms the host JVM: {@code premain} only starts a daemon thread and returns;
 * every problem (bad options, no library, no driver, NVML errors, a port in use) is one line
 * on standard error prefixed {@value #PREFIX}, and the agent carries on with what still works.
 * A second start in the same JVM (attaching twice) is reported and ignored.
 */
public final class Smi4jAgent {

    /** Set while an agent runs in this JVM: the guard against starting twice. */
    public static final String RUNNING_PROPERTY = "smi4j.agent.running";

    static final String PREFIX = "smi4j-agent: ";

    private Smi4jAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        launch(args);
    }

    public static void premain(String args) {
        launch(args);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        launch(args);
    }

    public static void agentmain(String args) {
        launch(args);
    }

    private static void launch(String args) {
        try {
            synchronized (Smi4jAgent.class) {
                if (System.getProperty(RUNNING_PROPERTY) != null) {
                    log("already running in this JVM (" + System.getProperty(RUNNING_PROPERTY)
                            + "); ignoring the second start");
                    return;
                }
                System.setProperty(RUNNING_PROPERTY, args == null || args.isBlank() ? "defaults" : args);
            }
            Thread starter = new Thread(() -> start(args), "smi4j-agent-start");
            starter.setDaemon(true);
            starter.start();
        } catch (Throwable t) {
            log("cannot start: " + t);
        }
    }

    private static void start(String args) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            if (!options.problems().isEmpty()) {
                log("ignoring options: " + String.join("; ", options.problems()));
            }
            GpuReader reader;
            try {
                reader = Collector.openReader(options.collector());
            } catch (IllegalArgumentException e) {
                log(e.getMessage() + "; not collecting");
                return;
            }
            Poller poller = new Poller(reader, options.collector().interval(), "smi4j-agent-poller");
            poller.subscribe(new StatusReporter());
            JmxOptions jmxOptions = JmxOptions.defaults();
            if (options.control()) {
                jmxOptions = jmxOptions.withControl(SchedulerControl.enabled(reader));
            }
            Smi4jJmx.register(ManagementFactory.getPlatformMBeanServer(), poller, jmxOptions);
            if (options.jfr()) {
                try {
                    JfrEvents.register(poller);
                } catch (RuntimeException | LinkageError e) {
                    log("JFR events unavailable in this JVM (" + e + "); MBeans only");
                }
            }
            poller.start();
            if (options.prometheus()) {
                String host = options.prometheusHost().orElse(EmbeddedExporter.DEFAULT_HOST);
                try {
                    EmbeddedExporter exporter = EmbeddedExporter.start(host, options.prometheusPort());
                    log("serving /metrics on " + host + ":" + exporter.port());
                } catch (IOException | RuntimeException e) {
                    log("cannot serve /metrics on " + host + ":" + options.prometheusPort() + " (" + e
                            + "); MBeans and JFR still run");
                }
            }
        } catch (Throwable t) {
            log("failed, the application is unaffected: " + t);
        }
    }

    /** One line when NVML becomes unusable (and when it recovers), not one per poll. */
    private static final class StatusReporter implements java.util.function.Consumer<HostSnapshot> {
        private final AtomicReference<HostStatus> last = new AtomicReference<>(HostStatus.OK);

        @Override
        public void accept(HostSnapshot s) {
            HostStatus before = last.getAndSet(s.status());
            if (s.status() != before) {
                log(s.status() == HostStatus.OK ? "NVML usable again"
                        : "NVML unusable (" + s.status() + ": " + s.statusDetail()
                                + "); MBeans report it and polling continues");
            }
        }
    }

    static void log(String message) {
        System.err.println(PREFIX + message);
    }
}
