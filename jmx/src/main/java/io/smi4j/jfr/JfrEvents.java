package io.smi4j.jfr;

import io.smi4j.collect.Poller;
import io.smi4j.jmx.GpuHealthChanges;
import io.smi4j.jmx.VgpuChanges;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * Records the smi4j JFR events from a {@link Poller}: the periodic samples read the latest
 * snapshot when JFR asks for them; log entries and vGPU start/stop are recorded as polls
 * arrive. When no recording has the events enabled, nothing is built: periodic hooks are not
 * called, and the poll subscriber returns after one enabled-check.
 */
public final class JfrEvents implements AutoCloseable {

    private static final EventType LOG_ENTRY = EventType.getEventType(VgpuSchedulerLogEntry.class);
    private static final EventType STARTED = EventType.getEventType(VgpuStarted.class);
    private static final EventType STOPPED = EventType.getEventType(VgpuStopped.class);
    private static final EventType HEALTH = EventType.getEventType(GpuHealthChanged.class);

    private final Supplier<Optional<HostSnapshot>> latest;
    private final Runnable gpuHook = this::emitGpuSamples;
    private final Runnable vgpuHook = this::emitVgpuSamples;
    private final Runnable schedulerHook = this::emitSchedulerStates;
    private AutoCloseable subscription;
    private HostSnapshot previous;
    private final VgpuChanges vgpuChanges = new VgpuChanges();

    private JfrEvents(Supplier<Optional<HostSnapshot>> latest) {
        this.latest = latest;
    }

    /** Starts recording events from {@code poller}'s snapshots; closing stops it. */
    public static JfrEvents register(Poller poller) {
        JfrEvents events = new JfrEvents(poller::latest);
        FlightRecorder.addPeriodicEvent(GpuSample.class, events.gpuHook);
        FlightRecorder.addPeriodicEvent(VgpuSample.class, events.vgpuHook);
        FlightRecorder.addPeriodicEvent(VgpuSchedulerState.class, events.schedulerHook);
        events.subscription = poller.subscribe(events::onSnapshot);
        return events;
    }

    /** Records the log entries and vGPU starts/stops that {@code snapshot} brings. */
    synchronized void onSnapshot(HostSnapshot snapshot) {
        HostSnapshot before = previous;
        previous = snapshot;
        if (LOG_ENTRY.isEnabled()) {
            for (GpuInfo gpu : snapshot.gpus()) {
                List<SchedulerLogEntry> entries = gpu.vgpuHost()
                        .map(v -> v.logEntriesSince(hostBefore(before, gpu))).orElse(List.of());
                for (SchedulerLogEntry e : entries) {
                    VgpuSchedulerLogEntry event = new VgpuSchedulerLogEntry();
                    event.gpuIndex = gpu.index();
                    event.driverTimestamp = Math.floorDiv(e.timestampNs(), 1_000_000L);
                    event.driverTimestampNanos = e.timestampNs();
                    event.timeRunTotal = nanos(e.timeRunTotalSeconds());
                    event.timeRun = nanos(e.timeRunSeconds());
                    event.swRunlistId = e.swRunlistId();
                    event.targetTimeSlice = nanos(e.targetTimeSliceSeconds());
                    event.cumulativePreemptionTime = nanos(e.cumulativePreemptionSeconds());
                    event.weight = e.weight();
                    event.commit();
                }
            }
        }
        if (before != null && HEALTH.isEnabled()) {
            GpuHealthChanges.diff(before, snapshot, (gpu, old) -> {
                GpuHealthChanged event = new GpuHealthChanged();
                event.gpuIndex = gpu.index();
                event.gpuUuid = gpu.uuid();
                event.previous = old.state().name();
                event.health = gpu.health().state().name();
                event.reason = gpu.health().reason();
                event.commit();
            });
        }
        if (!(STARTED.isEnabled() || STOPPED.isEnabled())) {
            vgpuChanges.forget(); // enabled later, the events start from what runs then
            return;
        }
        vgpuChanges.next(snapshot, STARTED.isEnabled() ? JfrEvents::started : (g, v) -> { },
                STOPPED.isEnabled() ? JfrEvents::stopped : (g, v) -> { });
    }

    private static void started(int gpuIndex, VgpuInstance v) {
        VgpuStarted event = new VgpuStarted();
        identify(event, gpuIndex, v);
        event.commit();
    }

    private static void stopped(int gpuIndex, VgpuInstance v) {
        VgpuStopped event = new VgpuStopped();
        identify(event, gpuIndex, v);
        event.commit();
    }

    private static void identify(VgpuEvent event, int gpuIndex, VgpuInstance v) {
        event.gpuIndex = gpuIndex;
        event.vgpuId = v.id();
        event.vgpuUuid = v.uuid();
        event.vgpuType = v.typeName();
        event.vmId = v.vmId();
    }

    private void emitGpuSamples() {
        latest.get().ifPresent(s -> {
            for (GpuInfo gpu : s.gpus()) {
                if (!gpu.health().working()) {
                    continue; // nothing was read of it: GpuHealthChanged said so
                }
                GpuSample event = new GpuSample();
                event.gpuIndex = gpu.index();
                event.gpuUuid = gpu.uuid();
                event.name = gpu.name();
                event.virtualizationMode = gpu.virtualizationMode().name();
                event.utilization = fraction(gpu.utilizationGpuPercent());
                event.memoryUtilization = fraction(gpu.utilizationMemoryPercent());
                event.memoryUsed = gpu.memoryUsedBytes();
                event.memoryTotal = gpu.memoryTotalBytes();
                event.temperatureCelsius = (float) gpu.temperatureCelsius();
                event.powerUsageWatts = (float) gpu.powerUsageWatts();
                event.smClock = gpu.clocks().smHertz();
                event.processes = gpu.processes().size();
                event.commit();
            }
        });
    }

    private void emitVgpuSamples() {
        latest.get().ifPresent(s -> {
            for (GpuInfo gpu : s.gpus()) {
                for (VgpuInstance v : gpu.vgpuHost().map(h -> h.vgpus()).orElse(List.of())) {
                    VgpuSample event = new VgpuSample();
                    identify(event, gpu.index(), v);
                    event.smUtilization = fraction(v.smUtil());
                    event.memoryUtilization = fraction(v.memUtil());
                    event.encoderUtilization = fraction(v.encUtil());
                    event.decoderUtilization = fraction(v.decUtil());
                    event.framebufferUsed = v.fbUsedBytes();
                    event.framebufferTotal = v.fbTotalBytes();
                    event.licenseState = v.licenseState().name();
                    event.commit();
                }
            }
        });
    }

    private void emitSchedulerStates() {
        latest.get().ifPresent(s -> {
            for (GpuInfo gpu : s.gpus()) {
                gpu.vgpuHost().ifPresent(h -> h.schedulerState().ifPresent(state -> {
                    VgpuSchedulerState event = new VgpuSchedulerState();
                    event.gpuIndex = gpu.index();
                    event.policy = state.policy().name();
                    event.arrMode = state.arrMode().name();
                    event.timeslice = nanos(state.params().timesliceSeconds());
                    event.avgFactor = state.params().avgFactor();
                    event.vgpus = h.vgpus().size();
                    event.commit();
                }));
            }
        });
    }

    /** NVML's percent as the fraction JFR's {@code @Percentage} expects; NaN where not available. */
    static float fraction(double percent) {
        return percent < 0 || Double.isNaN(percent) ? Float.NaN : (float) (percent / 100.0);
    }

    /** Stops recording: removes the periodic hooks and the poll subscription. Idempotent. */
    @Override
    public synchronized void close() {
        FlightRecorder.removePeriodicEvent(gpuHook);
        FlightRecorder.removePeriodicEvent(vgpuHook);
        FlightRecorder.removePeriodicEvent(schedulerHook);
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // closing a Poller subscription only removes a list entry
            }
            subscription = null;
        }
    }

    /** The event classes, for tools that enable them in a recording. */
    public static List<Class<? extends Event>> eventClasses() {
        return List.of(GpuSample.class, VgpuSample.class, VgpuSchedulerState.class, VgpuSchedulerLogEntry.class,
                VgpuStarted.class, VgpuStopped.class, GpuHealthChanged.class);
    }

    /** The same GPU's vGPU host section in {@code before} (matched by UUID), if any. */
    private static Optional<VgpuHostInfo> hostBefore(HostSnapshot before, GpuInfo gpu) {
        if (before == null) {
            return Optional.empty();
        }
        for (GpuInfo g : before.gpus()) {
            if (g.uuid().equals(gpu.uuid())) {
                return g.vgpuHost();
            }
        }
        return Optional.empty();
    }

    /** Seconds as the nanoseconds a JFR {@code @Timespan(NANOSECONDS)} field holds; NaN as JFR's "no value" (-1). */
    private static long nanos(double seconds) {
        return Double.isNaN(seconds) ? -1 : Math.round(seconds * 1e9);
    }
}
