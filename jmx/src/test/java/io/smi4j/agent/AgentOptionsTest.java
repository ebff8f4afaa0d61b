package io.smi4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.collect.CollectorOptions;
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
        assertFalse(o.micrometer());
        assertFalse(o.otel());
        assertFalse(o.c2(), "smi4j's code is kept out of C2 unless asked");
        assertEquals(List.of(), o.problems());
    }

    @Test
    void c2IsAToggleThatSurvivesDescribe() {
        AgentOptions o = AgentOptions.parse("c2=on");
        assertTrue(o.c2());
        assertTrue(o.describe().contains("c2=on"), o.describe());
        assertEquals(o, AgentOptions.parse(o.describe()));
        assertEquals(List.of("bad value for c2 'fast': c2 takes on or off"), AgentOptions.parse("c2=fast").problems());
    }

    @Test
    void micrometerAndOtelAreTogglesThatSurviveDescribe() {
        AgentOptions o = AgentOptions.parse("micrometer=on,otel=true");
        assertTrue(o.micrometer());
        assertTrue(o.otel());
        assertEquals(o, AgentOptions.parse(o.describe()));
        assertEquals(List.of("bad value for otel 'maybe': otel takes on or off"),
                AgentOptions.parse("otel=maybe").problems());
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
        assertEquals(Duration.ofMillis(2500), AgentOptions.parse("interval=2.5s").collector().interval());
        assertEquals(Duration.ofHours(1), AgentOptions.parse("interval=1h").collector().interval());
        assertEquals(Duration.ofSeconds(2), AgentOptions.parse("interval=PT2S").collector().interval());
    }

    @Test
    void intervalsFollowTheCliGrammarAndRange() {
        assertEquals(List.of("bad value for interval '2.5': invalid duration '2.5', use e.g. 500ms, 2s, 2.5s, 1m, 1h "
                + "or PT2S"), AgentOptions.parse("interval=2.5").problems());
        assertEquals(List.of("bad value for interval '25h': the poll interval must be 1ms..24h, was 25h"),
                AgentOptions.parse("interval=25h").problems());
        assertEquals(List.of("bad value for interval '999999999999h': duration '999999999999h' is too long"),
                AgentOptions.parse("interval=999999999999h").problems());
    }

    @Test
    void portsAndSeedsOutsideTheirRangeAreProblemsNamingTheRange() {
        assertEquals(List.of("bad value for prometheus 'host:99999': must be a whole number in 0..65535"),
                AgentOptions.parse("prometheus=host:99999").problems());
        assertEquals(List.of("bad value for seed '-1': must be a whole number in 0..9223372036854775807"),
                AgentOptions.parse("seed=-1").problems());
    }

    @Test
    void theDescriptionReadsBackAsTheSameOptions() {
        for (String args : List.of("", "interval=500ms,jfr=off,control=on,prometheus=0.0.0.0:9400,mock=vgpu-host,"
                + "seed=7,library=/opt/nv/lib.so", "prometheus=9400", "seed=1,interval=2s")) {
            AgentOptions o = AgentOptions.parse(args);
            assertEquals(o, AgentOptions.parse(o.describe()), o.describe());
        }
        assertEquals("interval=2s,jfr=on,control=off", AgentOptions.parse(null).describe());
    }

    @Test
    void openingTheReaderChecksTheScenarioAgainstTheSimulatorsOnTheClassPath() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("mock=bogus").openReader());
        assertTrue(e.getMessage().startsWith("unknown mock scenario 'bogus'"), e.getMessage());
        AgentOptions.parse("mock=vgpu-host").openReader().close();
    }

    @Test
    void aScenarioFileIsReadWhenTheReaderOpensAndReplaysItsHost() {
        Path example = Path.of(System.getProperty("smi4j.root", "..")).resolve("examples/small-vgpu-host.json");
        AgentOptions o = AgentOptions.parse("mock=" + example);
        assertEquals(Optional.of(example.toString()), o.collector().mockScenario());
        assertEquals(o, AgentOptions.parse(o.describe()));
        try (var reader = o.openReader()) {
            var s = reader.read();
            assertEquals(io.smi4j.model.HostStatus.OK, s.status(), s.statusDetail());
            assertEquals(2, s.gpus().get(0).vgpuHost().orElseThrow().vgpus().size());
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("mock=/no/such/host.json").openReader());
        assertEquals("/no/such/host.json: no such scenario file", e.getMessage());
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

    @Test
    void aWebConfigurationFileIsAnOptionThatTheDescriptionKeeps() {
        AgentOptions o = AgentOptions.parse("prometheus=0,web.config.file=/etc/smi4j/web.yml");
        assertEquals(Optional.of(java.nio.file.Path.of("/etc/smi4j/web.yml")), o.webConfig());
        assertEquals(List.of(), o.problems());
        assertEquals(o, AgentOptions.parse(o.describe()));
        assertFalse(AgentOptions.parse("web.config.file=").problems().isEmpty(), "an empty path is a problem");
    }

    @Test
    void thePollDeadlineIsAnOptionWithADefaultOfTenSecondsThatTheDescriptionKeeps() {
        assertEquals(java.time.Duration.ofSeconds(10), AgentOptions.parse("").collector().pollDeadline());
        AgentOptions o = AgentOptions.parse("deadline=1.5s");
        assertEquals(java.time.Duration.ofMillis(1500), o.collector().pollDeadline());
        assertEquals(o, AgentOptions.parse(o.describe()), o.describe());
        assertEquals(1, AgentOptions.parse("deadline=0s").problems().size(), "must be positive");
    }

    @Test
    void refreshSetsHowManyPollsApartTheRarelyChangingValuesAreRead() {
        assertEquals(CollectorOptions.DEFAULT_REFRESH, AgentOptions.parse("").collector().refresh());
        assertEquals(10, AgentOptions.parse("interval=1s").collector().refreshPolls(), "10 s at 1 s: every 10th poll");
        assertEquals(4, AgentOptions.parse("interval=3s").collector().refreshPolls(), "10 s at 3 s: rounded up");
        AgentOptions o = AgentOptions.parse("interval=2s,refresh=1m");
        assertEquals(java.time.Duration.ofMinutes(1), o.collector().refresh());
        assertEquals(30, o.collector().refreshPolls());
        assertEquals(1, AgentOptions.parse("interval=1m").collector().refreshPolls(), "an interval over it: every poll");
        assertEquals(o, AgentOptions.parse(o.describe()), "describe() reads back: " + o.describe());
        assertTrue(o.describe().contains("refresh=1m"), o.describe());
        assertEquals(1, AgentOptions.parse("refresh=0s").problems().size(), "must be positive");
    }
}
