package io.smi4j.collect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of smi4j, for the CLI's options and the agent's {@code interval=}
 * alike: a decimal number and a unit ({@code 500ms}, {@code 2s}, {@code 2.5s}, {@code 1m},
 * {@code 1h}; case does not matter) or ISO-8601 ({@code PT2S}). Durations are positive.
 *
 * <p>A poll interval must also lie in {@link #MIN_INTERVAL} .. {@link #MAX_INTERVAL};
 * {@link #requireInterval(Duration, String)} is the one check of that, used by {@link CollectorOptions} for the
 * interval, the poll deadline and the refresh, which share the range.
 * The default interval is {@link Poller#DEFAULT_INTERVAL}.
 */
public final class Durations {

    /** The shortest poll interval. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    /** The longest poll interval. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(1);

    /** {@link #MIN_INTERVAL} .. {@link #MAX_INTERVAL} as the help and the messages write it. */
    public static final String INTERVAL_RANGE = "1ms..24h";

    /** What the grammar looks like, for messages. */
    public static final String EXAMPLES = "500ms, 2s, 2.5s, 1m, 1h or PT2S";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * {@code text} as a duration.
     *
     * @throws IllegalArgumentException with a one-line message when {@code text} is not in the grammar,
     *                                  is zero or negative, or is longer than about 292 years
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = NUMBER_AND_UNIT.matcher(t);
        Duration d;
        if (m.matches()) {
            BigDecimal nanos = new BigDecimal(m.group(1)).multiply(switch (m.group(2)) {
                case "ms" -> NANOS_PER_MILLI;
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            }).setScale(0, RoundingMode.HALF_UP);
            if (nanos.signum() <= 0) {
                throw notPositive(text);
            }
            if (nanos.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration '" + text.strip() + "' is too long");
            }
            d = Duration.ofNanos(nanos.longValueExact());
        } else if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(text);
            }
        } else {
            throw invalid(text);
        }
        if (d.isZero() || d.isNegative()) {
            throw notPositive(text);
        }
        return d;
    }

    /**
     * {@code text} as a duration in the interval range: {@link #parse(String)}, then
     * {@link #requireInterval(Duration, String)} with a message naming no option (the CLI's parser puts the option's
     * name before it).
     */
    public static Duration parseInterval(String text) {
        return requireInterval(parse(text), "");
    }

    /**
     * {@code d}, when it lies in {@link #INTERVAL_RANGE}.
     *
     * @param what what {@code d} is, for the message ({@code "the poll interval"}); empty: the message starts with
     *             "must be"
     * @throws IllegalArgumentException naming {@code what} and the legal range otherwise
     */
    public static Duration requireInterval(Duration d, String what) {
        if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException((what.isEmpty() ? "" : what + " ") + "must be " + INTERVAL_RANGE
                    + ", was " + format(d));
        }
        return d;
    }

    /**
     * {@code d} in the grammar, in the largest unit that states it exactly: {@code 2s}, {@code 500ms},
     * {@code 1m}, {@code 24h}; otherwise in seconds with a fraction ({@code 2.5s}). Negative or zero
     * durations (not in the grammar) are written as ISO-8601.
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return d.toString();
        }
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (nanos == 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (nanos == 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        if (nanos == 0) {
            return seconds + "s";
        }
        if (seconds < 1 && nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        return BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9)).stripTrailingZeros().toPlainString()
                + "s";
    }

    private static IllegalArgumentException notPositive(String text) {
        return new IllegalArgumentException("duration must be positive, was '" + text.strip() + "'");
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + (text == null ? "" : text.strip())
                + "', use e.g. " + EXAMPLES);
    }
}
