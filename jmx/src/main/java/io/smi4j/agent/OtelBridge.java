package io.smi4j.agent;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.smi4j.collect.Poller;
import io.smi4j.model.HostSnapshot;
import io.smi4j.otel.GpuInstruments;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Loaded only when the OpenTelemetry API is on the class path ({@link MetricsBridges}).
 *
 * <p>{@link GlobalOpenTelemetry#get()} before the application set its SDK would install the no-op
 * instance for good, and the application's own {@code GlobalOpenTelemetry.set} would then throw: so the
 * agent only asks {@link GlobalOpenTelemetry#isSet()} (API 1.5x and later), at start and after each poll,
 * and registers the instruments once, the first time it is true.
 */
final class OtelBridge {

    private OtelBridge() {
    }

    static void registerWhenSet(Poller poller) {
        if (GlobalOpenTelemetry.isSet()) {
            GpuInstruments.register(GlobalOpenTelemetry.get(), poller);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
        Consumer<HostSnapshot> watcher = s -> {
            if (!done.get() && GlobalOpenTelemetry.isSet() && done.compareAndSet(false, true)) {
                GpuInstruments.register(GlobalOpenTelemetry.get(), poller);
                AutoCloseable sub = subscription.get();
                if (sub != null) {
                    try {
                        sub.close();
                    } catch (Exception e) {
                        // unsubscribing a list entry does not fail; the watcher is a no-op once done anyway
                    }
                }
            }
        };
        subscription.set(poller.subscribe(watcher));
    }
}
