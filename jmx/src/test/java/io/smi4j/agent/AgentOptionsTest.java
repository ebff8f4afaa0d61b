package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void noOptionsMeanRealNvmlJfrOnControlOffAndNoMetricsEndpoint() {
        AgentOptions o = AgentOptions.parse(null);
        assertEquals(Optional.empty(), o.collector().mockScenario());
        assertTrue(o.jfr());
        assertFalse(o.control());
        assertFalse(o.prometheus());
        assertEquals(List.of(), o.problems());
    }

    @Test
    void everyOptionIsRead() {
        AgentOptions o = AgentOptions.parse(
                "interval=500ms, jfr=off,control=on,prometheus=0.0.0.0:9400,mock=vgpu-host,seed=7,library=/opt/nv/lib.so");
        assertEquals(Duration.ofMillis(500), o.collector().interval());
        assertFalse(o.jfr());
        assertTrue(o.control());
        assertEquals(Optional.of("0.0.0.0"), o.prometheusHost());
        assertEquals(9400, o.prometheusPort());
        assertEquals(Optional.of("vgpu-host"), o.collector().mockScenario());
        assertEquals(7, o.collector().mockSeed());
        assertEquals(Optional.of(Path.of("/opt/nv/lib.so")), o.collector().libraryPath());
        assertEquals(List.of(), o.problems());
    }

    @Test
    void aPortAloneBindsTheDefaultHostAndIntervalsTakeUnits() {
        AgentOptions o = AgentOptions.parse("prometheus=9400,interval=1m");
        assertEquals(Optional.empty(), o.prometheusHost());
        assertEquals(9400, o.prometheusPort());
        assertEquals(Duration.ofMinutes(1), o.collector().interval());
        assertEquals(Duration.ofMillis(2500), AgentOptions.parse("interval=2.5").collector().interval());
        assertEquals(Duration.ofHours(1), AgentOptions.parse("interval=1h").collector().interval());
    }

    @Test
    void badOptionsAreCollectedAsProblemsAndTheDefaultsStay() {
        AgentOptions o = AgentOptions.parse("interval=-1s,jfr=maybe,prometheus=host:99999,colour=blue,nonsense");
        assertEquals(5, o.problems().size(), o.problems().toString());
        assertEquals(io.smi4j.collect.Poller.DEFAULT_INTERVAL, o.collector().interval());
        assertTrue(o.jfr());
        assertFalse(o.prometheus());
        assertTrue(o.problems().contains("unknown option 'colour'"), o.problems().toString());
        assertTrue(o.problems().contains("'nonsense' is not key=value"), o.problems().toString());
    }
}
