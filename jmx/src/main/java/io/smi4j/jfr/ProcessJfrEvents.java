package io.smi4j.jfr;

import io.smi4j.collect.OwnProcess;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.ProcessGpuUse;
import java.util.Optional;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/**
 * Records {@link ProcessGpuSample}: a periodic hook that reads the latest snapshot only when a recording
 * enables the event (never NVML). Apart from {@link JfrEvents} because it is about this JVM, not the host.
 */
public final class ProcessJfrEvents implements AutoCloseable {

    private final Supplier<Optional<HostSnapshot>> latest;
    private final OwnProcess own;
    private final Runnable hook = this::emit;

    private ProcessJfrEvents(Supplier<Optional<HostSnapshot>> latest, OwnProcess own) {
        this.latest = latest;
        this.own = own;
    }

    /** Starts the periodic event over {@code latest} for {@code own}; closing stops it. */
    public static ProcessJfrEvents register(Supplier<Optional<HostSnapshot>> latest, OwnProcess own) {
        ProcessJfrEvents events = new ProcessJfrEvents(latest, own);
        FlightRecorder.addPeriodicEvent(ProcessGpuSample.class, events.hook);
        return events;
    }

    private void emit() {
        latest.get().ifPresent(s -> {
            ProcessGpuUse use = own.use(s);
            for (GpuInfo gpu : s.gpus()) {
                ProcessGpuSample event = new ProcessGpuSample();
                event.gpuIndex = gpu.index();
                event.gpuUuid = gpu.uuid();
                event.memoryUsed = use.memoryUsedBytesOn(gpu.uuid());
                event.smUtilization = JfrEvents.fraction(use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.SM));
                event.memoryUtilization =
                        JfrEvents.fraction(use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.MEMORY));
                event.encoderUtilization =
                        JfrEvents.fraction(use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.ENCODER));
                event.decoderUtilization =
                        JfrEvents.fraction(use.utilizationOn(gpu.uuid(), ProcessGpuUse.Engine.DECODER));
                event.mapping = use.mapping().name();
                event.commit();
            }
        });
    }

    @Override
    public void close() {
        FlightRecorder.removePeriodicEvent(hook);
    }
}
