package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollerOptionsTest {

    private static PollerOptions options(Duration refresh, Duration deadline) {
        PollerOptions o = new PollerOptions();
        o.refresh = refresh;
        o.deadline = deadline;
        return o;
    }

    @Test
    void theStartLineShowsTheRefreshAndDeadlineInEffectAndARefreshNoLongerThanTheIntervalAsEveryPoll() {
        assertEquals("refresh 10s, poll deadline 10s",
                options(Duration.ofSeconds(10), Duration.ofSeconds(10)).describe(Duration.ofSeconds(1)));
        // the reader reads the refreshed values every poll when the refresh is at most the interval
        assertEquals("refresh every poll, poll deadline 10s",
                options(Duration.ofSeconds(1), Duration.ofSeconds(10)).describe(Duration.ofSeconds(5)));
        assertEquals("refresh every poll, poll deadline 500ms",
                options(Duration.ofSeconds(2), Duration.ofMillis(500)).describe(Duration.ofSeconds(2)));
    }
}
