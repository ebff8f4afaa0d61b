package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.collect.Poller;
import io.smi4j.control.SchedulerControl;
import io.smi4j.control.SchedulerControlException;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.nvml.NvmlFunction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An NVML call that never returns (a driver stuck in D state) hangs nothing: the host turns STALE after the poll
 * deadline, scheduler control answers a timeout error, close() returns.
 */
class HungCallTest {

    /** Upper limits only: the behaviour asserted is "returns", these catch "never returns". */
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void aParkedCallMakesTheHostStaleWhileSchedulerControlAnswersATimeoutErrorAndCloseReturns() throws Exception {
        // poll 2's first temperature call parks for an hour, deaf to interrupts, as a call stuck in the kernel
        FaultPlan plan = FaultPlan.none().with(FaultPlan.Hang.from(NvmlFunction.nvmlDeviceGetTemperature, 2,
                Duration.ofHours(1)));
        MockNvml mock = new MockNvml(Scenarios.create("vgpu-host", 2), 2, plan, true);
        NvmlGpuReader reader = new NvmlGpuReader(mock, 64);
        Poller poller = new Poller(reader, Duration.ofMillis(1), "hung-poller", Duration.ofMillis(200));
        poller.start();
        HostSnapshot first = poller.awaitSequence(1, BOUND).orElseThrow();
        HostSnapshot stale = assertTimeoutPreemptively(BOUND, () -> {
            while (poller.latest().orElseThrow().status() != HostStatus.STALE) {
                Thread.sleep(10);
            }
            return poller.latest().orElseThrow();
        }, "the host turns STALE after the 200 ms deadline");
        assertEquals(1, stale.sequence(), "poll 1's data, served as they were");
        assertEquals(first.gpus(), stale.gpus());
        assertEquals(first.time(), stale.time(), "so its age is poll 1's");
        assertEquals(1, stale.pollOverruns());
        SchedulerControl control = SchedulerControl.enabled(reader);
        SchedulerControlException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(SchedulerControlException.class, () -> control.capabilities(0)));
        assertEquals(SchedulerControlException.Reason.NVML_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("NVML is busy"), e.getMessage());
        assertTimeoutPreemptively(BOUND, poller::close, "close() returns with the call still parked");
        assertEquals(0, mock.calls(NvmlFunction.nvmlShutdown), "NVML is left to the parked call, not shut down under it");
    }
}
