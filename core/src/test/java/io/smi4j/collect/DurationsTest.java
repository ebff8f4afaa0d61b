package io.smi4j.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void theGrammarTakesMillisecondsSecondsWithFractionsMinutesHoursAndIso8601() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMillis(2500), Durations.parse("2.5s"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("PT2S"));
        assertEquals(Duration.ofSeconds(2), Durations.parse(" pt2s "));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5 S"));
        assertEquals(Duration.ofNanos(500_000), Durations.parse("0.5ms"));
    }

    @Test
    void anythingElseIsOneLineNamingTheText() {
        for (String bad : List.of("", "2", "2.5", "5parsecs", "ms", "1.s", "2 s 3", "P", "PTxS", "1d")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad),
                    bad);
            assertEquals("invalid duration '" + bad.strip() + "', use e.g. " + Durations.EXAMPLES,
                    e.getMessage());
        }
    }

    @Test
    void zeroAndNegativeDurationsAreRefused() {
        for (String bad : List.of("0s", "0ms", "-1s", "-0.5m", "PT0S", "PT-2S", "-PT2S", "0.0000000001s")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad),
                    bad);
            assertEquals("duration must be positive, was '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void aDurationBeyondWhatJavaHoldsIsTooLongNotAnOverflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Durations.parse("999999999999h"));
        assertEquals("duration '999999999999h' is too long", e.getMessage());
    }

    @Test
    void pollIntervalsLieBetweenOneMillisecondAndOneDay() {
        assertEquals(Duration.ofMillis(1), Durations.parseInterval("1ms"));
        assertEquals(Duration.ofHours(24), Durations.parseInterval("24h"));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> Durations.parseInterval("0.5ms"));
        assertEquals("must be 1ms..24h, was 0.0005s", tooShort.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Durations.parseInterval("25h"));
        assertEquals("must be 1ms..24h, was 25h", tooLong.getMessage());
        assertEquals("the refresh must be 1ms..24h, was 25h", assertThrows(IllegalArgumentException.class,
                () -> Durations.requireInterval(Duration.ofHours(25), "the refresh")).getMessage());
    }

    @Test
    void theWrittenIntervalRangeIsTheCheckedOne() {
        assertEquals(Durations.format(Durations.MIN_INTERVAL) + ".." + Durations.format(Durations.MAX_INTERVAL),
                Durations.INTERVAL_RANGE);
    }

    @Test
    void collectorOptionsTakeOnlyLegalIntervals() {
        assertEquals(Poller.DEFAULT_INTERVAL, CollectorOptions.defaults().interval());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CollectorOptions.defaults().withInterval(Duration.ofDays(2)));
        assertTrue(e.getMessage().startsWith("the poll interval must be 1ms..24h"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CollectorOptions.defaults().withInterval(Duration.ZERO));
    }

    @Test
    void formattingWritesTheLargestExactUnitAndParsesBack() {
        assertEquals("2s", Durations.format(Poller.DEFAULT_INTERVAL));
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("2.5s", Durations.format(Duration.ofMillis(2500)));
        assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("24h", Durations.format(Duration.ofDays(1)));
        for (Duration d : List.of(Duration.ofNanos(1), Duration.ofNanos(1_234_567), Duration.ofMillis(1),
                Duration.ofMillis(999), Duration.ofMillis(61_001), Duration.ofHours(25), Duration.ofSeconds(3599))) {
            assertEquals(d, Durations.parse(Durations.format(d)), Durations.format(d));
        }
    }
}
