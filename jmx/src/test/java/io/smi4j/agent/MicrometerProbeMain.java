package io.smi4j.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An "application" with Micrometer, run in a child JVM under the agent with {@code micrometer=on}: like Spring
 * Boot, it adds its registry to the global one after the agent started, waits (at most {@code args[0]} ms)
 * for {@code args[1]} {@code gpu.memory.used} gauges (the agent registers them one by one on its poller thread),
 * and prints one line per such gauge of its own registry.
 */
public final class MicrometerProbeMain {

    private MicrometerProbeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimpleMeterRegistry mine = new SimpleMeterRegistry();
        Metrics.addRegistry(mine);
        long deadline = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        int expected = Integer.parseInt(args[1]);
        while (System.nanoTime() < deadline && mine.find("gpu.memory.used").gauges().size() < expected) {
            Thread.sleep(20);
        }
        for (Gauge g : mine.find("gpu.memory.used").gauges()) {
            System.out.println("gauge " + g.getId().getName() + " " + g.getId().getTag("gpu.index") + " " + g.value());
        }
        System.out.println(AppMain.DONE);
    }
}
