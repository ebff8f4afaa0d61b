package io.smi4j.bench;

import io.smi4j.collect.GpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.jfr.JfrEvents;
import io.smi4j.model.HostSnapshot;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import jdk.jfr.Event;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JFR events of {@code vgpu-host-large} with and without a recording that enables them:
 * the per-poll subscriber (log entries, vGPU starts/stops) and one round of the three periodic
 * hooks (GpuSample, VgpuSample, VgpuSchedulerState), each against an empty baseline. Without a
 * recording JFR never calls the periodic hooks; {@code periodic} calls them directly to show
 * what a round costs when it does. The subscriber and hooks are not public API: reached by
 * reflection, outside the measured code.
 */
@State(Scope.Benchmark)
public class JfrBench {

    @Param({"off", "on"})
    public String recording;

    private HostSnapshot snapshot;
    private Poller poller;
    private JfrEvents events;
    private Recording jfr;
    private MethodHandle onSnapshot;
    private Runnable gpuHook;
    private Runnable vgpuHook;
    private Runnable schedulerHook;

    @Setup
    public void setup() throws Throwable {
        snapshot = Hosts.snapshot(Hosts.LARGE);
        HostSnapshot fixed = snapshot;
        poller = new Poller(new GpuReader() {
            @Override
            public HostSnapshot read() {
                return fixed;
            }

            @Override
            public void close() {
            }
        }, Duration.ofHours(1));
        poller.start();
        if (poller.awaitSequence(snapshot.sequence(), Duration.ofSeconds(30)).isEmpty()) {
            throw new IllegalStateException("the poller published no snapshot");
        }
        events = JfrEvents.register(poller);
        if (recording.equals("on")) {
            jfr = new Recording();
            jfr.setToDisk(false);
            for (Class<? extends Event> type : JfrEvents.eventClasses()) {
                jfr.enable(type);
            }
            jfr.start();
        }
        Method m = JfrEvents.class.getDeclaredMethod("onSnapshot", HostSnapshot.class);
        m.setAccessible(true);
        onSnapshot = MethodHandles.lookup().unreflect(m).bindTo(events)
                .asType(MethodType.methodType(void.class, HostSnapshot.class));
        gpuHook = hook("gpuHook");
        vgpuHook = hook("vgpuHook");
        schedulerHook = hook("schedulerHook");
        onSnapshot.invokeExact(snapshot);
    }

    private Runnable hook(String name) throws ReflectiveOperationException {
        Field f = JfrEvents.class.getDeclaredField(name);
        f.setAccessible(true);
        return (Runnable) f.get(events);
    }

    @TearDown
    public void close() {
        if (jfr != null) {
            jfr.close();
        }
        events.close();
        poller.close();
    }

    @Benchmark
    public HostSnapshot baseline() {
        return snapshot;
    }

    @Benchmark
    public void subscriber() throws Throwable {
        onSnapshot.invokeExact(snapshot);
    }

    @Benchmark
    public void periodic() {
        gpuHook.run();
        vgpuHook.run();
        schedulerHook.run();
    }
}
