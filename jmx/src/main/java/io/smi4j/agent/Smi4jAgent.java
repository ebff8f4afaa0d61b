package io.smi4j.agent;

import io.smi4j.collect.GpuReader;
import io.smi4j.collect.OwnProcess;
import io.smi4j.collect.Poller;
import io.smi4j.control.SchedulerControl;
import io.smi4j.jfr.JfrEvents;
import io.smi4j.jfr.ProcessJfrEvents;
import io.smi4j.jmx.JmxOptions;
import io.smi4j.jmx.ProcessBean;
import io.smi4j.jmx.Smi4jJmx;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.prometheus.EmbeddedExporter;
import io.smi4j.prometheus.ListenFailure;
import io.smi4j.prometheus.WebConfig;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.MBeanServer;

/**
 * The smi4j Java agent: {@code -javaagent:smi4j-agent.jar[=options]} or dynamic attach. It
 * polls NVML on a daemon thread and publishes the MXBeans, the JFR events and optionally
 * {@code /metrics} (see {@link AgentOptions}).
 *
 * <p>It never harms the host JVM: {@code premain} only starts a daemon thread and returns;
 * every problem (bad options, no library, no driver, NVML errors, a port in use) is one line
 * on standard error prefixed {@value #PREFIX}, and the agent carries on with what still works.
 * A second start in the same JVM (attaching twice) is reported and ignored. Each start publishes
 * its {@link AgentAnswer} (started, incomplete, failed, already running) as a system property;
 * {@code agentmain} returns once it is there (at most {@link #ANSWER_WAIT}), so an attaching tool
 * can report what the agent did.
 */
public final class Smi4jAgent {

    /** Set while an agent runs in this JVM, to the options in effect: the guard against starting twice. */
    public static final String RUNNING_PROPERTY = "smi4j.agent.running";

    static final String PREFIX = "smi4j-agent: ";

    /** How long a dynamic attach waits for the start's answer. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(15);

    /** How long the start waits for the first poll, to include its status in the answer. */
    static final Duration FIRST_POLL_WAIT = Duration.ofSeconds(5);

    private Smi4jAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        launch(args, false);
    }

    public static void premain(String args) {
        launch(args, false);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        launch(args, true);
    }

    public static void agentmain(String args) {
        launch(args, true);
    }

    /**
     * Starts the agent on a daemon thread. For a dynamic attach ({@code attached}) it waits, at most
     * {@link #ANSWER_WAIT}, for the start to publish its {@link AgentAnswer}, so that the attaching tool
     * finds this start's answer once {@code loadAgent} returns; the application's threads never wait.
     */
    private static void launch(String args, boolean attached) {
        Thread starter;
        try {
            synchronized (Smi4jAgent.class) {
                String running = System.getProperty(RUNNING_PROPERTY);
                String asked = AgentOptions.parse(args).describe();
                if (running != null) {
                    log("already running in this JVM (" + running + "); ignoring the second start");
                    answer(new AgentAnswer(running.equals(asked) ? AgentAnswer.Outcome.ALREADY_RUNNING
                            : AgentAnswer.Outcome.RUNNING_WITH_OTHER_OPTIONS, Optional.empty(), running));
                    return;
                }
                System.setProperty(RUNNING_PROPERTY, asked);
            }
            starter = new Thread(() -> start(args), "smi4j-agent-start");
            starter.setDaemon(true);
            starter.start();
        } catch (Throwable t) {
            log("cannot start: " + t);
            answer(new AgentAnswer(AgentAnswer.Outcome.FAILED, Optional.empty(), "cannot start: " + t));
            return;
        }
        if (attached) {
            try {
                starter.join(ANSWER_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void start(String args) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            List<String> missing = new ArrayList<>();
            if (!options.problems().isEmpty()) {
                log("ignoring options: " + String.join("; ", options.problems()));
                missing.add("ignored options: " + String.join("; ", options.problems()));
            }
            GpuReader reader;
            try {
                reader = options.openReader();
            } catch (IllegalArgumentException e) {
                log(e.getMessage() + "; not collecting");
                answer(new AgentAnswer(AgentAnswer.Outcome.FAILED, Optional.empty(), e.getMessage()));
                return;
            }
            Poller poller = new Poller(reader, options.collector().interval(), "smi4j-agent-poller",
                    options.collector().pollDeadline());
            poller.subscribe(new StatusReporter());
            OwnProcess self = OwnProcess.current();
            JmxOptions jmxOptions = JmxOptions.defaults().withSelf(self);
            if (options.control()) {
                jmxOptions = jmxOptions.withControl(SchedulerControl.enabled(reader));
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(Smi4jJmx.HOST)) {
                // another smi4j (smi4j api, or the library) already publishes this JVM's MBeans
                log("MBeans not registered: " + Smi4jJmx.HOST + " is already registered in this JVM");
                missing.add("MBeans not registered: " + Smi4jJmx.HOST + " is already registered in this JVM");
            } else {
                Smi4jJmx.register(server, poller, jmxOptions);
                ProcessBean.register(server, poller::latest, self);
            }
            if (options.jfr()) {
                try {
                    JfrEvents.register(poller);
                    ProcessJfrEvents.register(poller::latest, self);
                } catch (RuntimeException | LinkageError e) {
                    log("JFR events unavailable in this JVM (" + e + "); MBeans only");
                    missing.add("JFR events unavailable (" + e + ")");
                }
            }
            List<String> bridges = MetricsBridges.start(options, poller);
            if (!bridges.isEmpty()) {
                // an optional library the application does not have is not an error: one line, and on
                log(String.join("; ", bridges));
                missing.addAll(bridges);
            }
            poller.start();
            String serving = "";
            if (options.prometheus()) {
                String host = options.prometheusHost().orElse(EmbeddedExporter.DEFAULT_HOST);
                WebConfig web = WebConfig.NONE;
                try {
                    if (options.webConfig().isPresent()) {
                        web = WebConfig.load(options.webConfig().get());
                    }
                } catch (IOException | RuntimeException e) {
                    // never serve unprotected what was meant to be protected
                    log("/metrics not served: " + e.getMessage() + "; MBeans and JFR still run");
                    missing.add("/metrics not served: " + e.getMessage());
                    web = null;
                }
                try {
                    if (web != null) {
                        EmbeddedExporter exporter = EmbeddedExporter.start(host, options.prometheusPort(),
                                poller::latest, EmbeddedExporter.Limits.DEFAULT, web, Optional.of(self));
                        poller.subscribe(exporter::prepare); // renders ahead off the poller thread while scraped
                        String how = web.tls().isPresent() ? " over HTTPS" : "";
                        serving = "; serving /metrics on " + host + ":" + exporter.port() + how;
                        log("serving /metrics on " + host + ":" + exporter.port() + how);
                    }
                } catch (IOException | RuntimeException e) {
                    String why = ListenFailure.describe(host, options.prometheusPort(), e);
                    log("cannot serve /metrics on " + host + ":" + options.prometheusPort() + ": " + why
                            + "; MBeans and JFR still run");
                    missing.add("cannot serve /metrics on " + host + ":" + options.prometheusPort() + ": " + why);
                }
            }
            Optional<HostSnapshot> first = poller.awaitSequence(1, FIRST_POLL_WAIT);
            String detail = "options " + options.describe() + serving + "; first poll: "
                    + first.map(Smi4jAgent::describe).orElse("not done within " + FIRST_POLL_WAIT.toSeconds() + " s");
            if (!missing.isEmpty()) {
                detail = String.join("; ", missing) + "; " + detail;
            }
            answer(new AgentAnswer(missing.isEmpty() ? AgentAnswer.Outcome.STARTED : AgentAnswer.Outcome.INCOMPLETE,
                    first.map(HostSnapshot::status), detail));
            if (!options.c2()) {
                // after the start is answered: smi4j's code runs once per poll, and C2 compiling it costs more CPU
                // than it saves (CompilerDirective); C2 reaches it only after many polls, so this is early enough
                CompilerDirective.keepOutOfC2().ifPresent(why -> log("smi4j's code stays in C2: " + why));
            }
        } catch (Throwable t) {
            log("failed, the application is unaffected: " + t);
            answer(new AgentAnswer(AgentAnswer.Outcome.FAILED, Optional.empty(), String.valueOf(t)));
        }
    }

    private static String describe(HostSnapshot s) {
        if (!s.status().usable()) {
            return s.status() + ": " + s.statusDetail() + hint(s.status());
        }
        return s.status() + ", " + s.gpus().size() + " GPUs" + (s.isVgpuHost() ? ", vGPU host" : "")
                + (s.statusDetail().isEmpty() ? "" : ": " + s.statusDetail());
    }

    /** What to do about an unusable NVML, in the agent's own options. */
    static String hint(HostStatus status) {
        return switch (status) {
            case NO_LIBRARY -> "; install the NVIDIA driver, set library=PATH, or try smi4j without a GPU with "
                    + "mock=SCENARIO";
            case NO_DRIVER -> "; load the NVIDIA kernel driver, or try smi4j without a GPU with mock=SCENARIO";
            default -> "";
        };
    }

    private static void answer(AgentAnswer answer) {
        try {
            System.setProperty(AgentAnswer.PROPERTY, answer.encode());
        } catch (RuntimeException e) {
            // a security manager refusing: the tool then says it got no answer
        }
    }

    /** One line when NVML becomes unusable (and when it recovers), not one per poll; a GPU's health goes to JMX and JFR. */
    private static final class StatusReporter implements java.util.function.Consumer<HostSnapshot> {
        /** Only the poller thread hands snapshots to subscribers, one at a time: a plain field is enough. */
        private boolean usable = true;

        @Override
        public void accept(HostSnapshot s) {
            boolean before = usable;
            usable = s.status().usable();
            if (usable != before) {
                log(s.status().usable() ? "NVML usable again"
                        : "NVML unusable (" + s.status() + ": " + s.statusDetail() + hint(s.status())
                                + "); MBeans report it and polling continues");
            }
        }
    }

    static void log(String message) {
        System.err.println(PREFIX + message);
    }
}
