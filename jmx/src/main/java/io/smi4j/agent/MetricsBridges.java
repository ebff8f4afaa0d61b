package io.smi4j.agent;

import io.smi4j.collect.Poller;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's {@code micrometer=on} and {@code otel=on}: GPU metrics in the application's own Micrometer or
 * OpenTelemetry, which the agent never ships (the agent jar holds smi4j's binder classes, not the libraries).
 *
 * <p>Each library is looked for with a class check ({@link Class#forName(String, boolean, ClassLoader)}
 * without initialising) in the agent's class loader, the application class loader for {@code -javaagent};
 * only when it is there is the bridge class that names its types ({@link MicrometerBridge},
 * {@link OtelBridge}) loaded, so a JVM without it never resolves one of them. Everything that goes wrong
 * (missing, too old, incompatible) is reported in the one line {@link #start} returns, never thrown.
 */
final class MetricsBridges {

    static final String MICROMETER_CLASS = "io.micrometer.core.instrument.Metrics";
    static final String OTEL_CLASS = "io.opentelemetry.api.GlobalOpenTelemetry";

    private MetricsBridges() {
    }

    /**
     * Starts the bridges {@code options} ask for over {@code poller}.
     *
     * @return what did not work, one phrase each (empty when all did); the caller logs them as one line
     */
    static List<String> start(AgentOptions options, Poller poller) {
        List<String> problems = new ArrayList<>();
        if (options.micrometer()) {
            if (!present(MICROMETER_CLASS)) {
                problems.add("micrometer=on but Micrometer is not on this JVM's class path (" + MICROMETER_CLASS
                        + "); not bound");
            } else {
                try {
                    MicrometerBridge.bind(poller);
                } catch (RuntimeException | LinkageError e) {
                    problems.add("micrometer=on but binding failed (" + e + ")");
                }
            }
        }
        if (options.otel()) {
            if (!present(OTEL_CLASS)) {
                problems.add("otel=on but the OpenTelemetry API is not on this JVM's class path (" + OTEL_CLASS
                        + "); not registered");
            } else {
                try {
                    OtelBridge.registerWhenSet(poller);
                } catch (RuntimeException | LinkageError e) {
                    problems.add("otel=on but registering failed (" + e + ")");
                }
            }
        }
        return problems;
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, MetricsBridges.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
