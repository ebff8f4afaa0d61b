package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.nvml.Nvml;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** An NVML call that never returns (a driver stuck in D state) blocks neither close() nor scheduler control. */
class HungCallTest {

    /** Upper limits only: the behaviour asserted is "returns", these catch "never returns". */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void closeReturnsAndSchedulerControlAnswersATimeoutErrorWhileAPollIsParkedInACall() throws Exception {
        MockNvml mock = MockNvml.frozen(Scenarios.create("vgpu-host", 2));
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] temperatureCalls = {0};
        Nvml nvml = (Nvml) Proxy.newProxyInstance(Nvml.class.getClassLoader(), new Class<?>[] {Nvml.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("deviceTemperature") && ++temperatureCalls[0] > 4) {
                        parked.countDown();
                        // like a call stuck in the kernel: interrupts do not end it
                        while (true) {
                            try {
                                release.await();
                                break;
                            } catch (InterruptedException e) {
                                // ignored, as a native call would
                            }
                        }
                    }
                    try {
                        return m.invoke(mock, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        NvmlGpuReader reader = new NvmlGpuReader(nvml, 64);
        Poller poller = new Poller(reader, Duration.ofMillis(1));
        try {
            poller.start();
            assertTrue(parked.await(BOUND.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "poll 2 parked");
            SchedulerControl control = SchedulerControl.enabled(reader);
            SchedulerControlException e = assertTimeoutPreemptively(BOUND,
                    () -> assertThrows(SchedulerControlException.class, () -> control.capabilities(0)));
            assertEquals(SchedulerControlException.Reason.NVML_UNAVAILABLE, e.reason());
            assertTrue(e.getMessage().contains("NVML is busy"), e.getMessage());
            assertTimeoutPreemptively(BOUND, poller::close, "close() returns with the call still parked");
            assertEquals(0, mock.calls(io.smi4j.nvml.NvmlFunction.nvmlShutdown),
                    "NVML is left to the parked call, not shut down under it");
        } finally {
            release.countDown();
        }
    }
}
