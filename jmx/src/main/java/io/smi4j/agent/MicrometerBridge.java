package io.smi4j.agent;

import io.micrometer.core.instrument.Metrics;
import io.smi4j.collect.Poller;
import io.smi4j.micrometer.GpuMeterBinder;

/**
 * Loaded only when Micrometer is on the class path ({@link MetricsBridges}). Binds to the global composite
 * registry: Spring Boot adds its registries to it ({@code management.metrics.use-global-registry}, on by
 * default), and a composite hands its meters to registries added later, so binding at start-up is not too early.
 */
final class MicrometerBridge {

    private MicrometerBridge() {
    }

    static void bind(Poller poller) {
        GpuMeterBinder.of(poller).bindTo(Metrics.globalRegistry);
    }
}
