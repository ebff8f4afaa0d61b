package io.smi4j.cli;

import com.googlecode.lanterna.TerminalSize;
import io.smi4j.collect.Durations;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the CLI reads what a user types: durations in the one grammar of {@link Durations}, and
 * whole numbers each with its legal range. A value outside its range is a usage error (exit 2)
 * whose one line names the range.
 */
final class Converters {

    /** The largest seed: seeds are 0 .. {@value}. */
    static final long MAX_SEED = Long.MAX_VALUE;
    /** The largest process id the CLI takes. */
    static final long MAX_PID = Integer.MAX_VALUE;
    /** The largest frame side of {@code view --size}, in cells. */
    static final int MAX_FRAME_SIDE = 1000;

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");

    private Converters() {
    }

    /** A duration ({@code --timeslice}). */
    static final class Duration implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A poll interval ({@code --interval}): a duration in the legal interval range. */
    static final class Interval implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            try {
                return Durations.parseInterval(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code text} as a whole number in {@code min .. max}; else a message naming the range. */
    static long inRange(String text, long min, long max) {
        String t = text.strip();
        if (!WHOLE.matcher(t).matches()) {
            throw new TypeConversionException("must be a whole number in " + min + ".." + max + ", was '" + text
                    + "'");
        }
        BigInteger n = new BigInteger(t);
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException("must be " + min + ".." + max + ", was " + t);
        }
        return n.longValueExact();
    }

    /** An int option in {@code min .. max}. */
    abstract static class IntRange implements ITypeConverter<Integer> {
        private final int min;
        private final int max;

        IntRange(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer convert(String value) {
            return (int) inRange(value, min, max);
        }
    }

    /** A long option in {@code min .. max}. */
    abstract static class LongRange implements ITypeConverter<Long> {
        private final long min;
        private final long max;

        LongRange(long min, long max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Long convert(String value) {
            return inRange(value, min, max);
        }
    }

    /** A TCP port to listen on, 0 for any free one. */
    static final class Port extends IntRange {
        Port() {
            super(0, 65535);
        }
    }

    /** A fixed TCP port (0 not allowed). */
    static final class FixedPort extends IntRange {
        FixedPort() {
            super(1, 65535);
        }
    }

    /** A simulation seed. */
    static final class Seed extends LongRange {
        Seed() {
            super(0, MAX_SEED);
        }
    }

    /** A process id. */
    static final class Pid extends LongRange {
        Pid() {
            super(1, MAX_PID);
        }
    }

    /** A GPU index; whether the host has that GPU is checked against the snapshot. */
    static final class GpuIndex extends IntRange {
        GpuIndex() {
            super(0, Integer.MAX_VALUE);
        }
    }

    /** The hosts of {@code mock-fleet}. */
    static final class FleetHosts extends IntRange {
        FleetHosts() {
            super(1, MockFleetCommand.MAX_HOSTS);
        }
    }

    /** The failing hosts of {@code mock-fleet} (at most the hosts, checked by the command). */
    static final class FleetFailing extends IntRange {
        FleetFailing() {
            super(0, MockFleetCommand.MAX_HOSTS);
        }
    }

    /** The polls {@code view --dump} takes first. */
    static final class Polls extends IntRange {
        Polls() {
            super(1, ViewCommand.MAX_POLLS);
        }
    }

    /** A 32-bit unsigned NVML value ({@code --avg-factor}, {@code --frequency}). */
    static final class Uint32 extends LongRange {
        Uint32() {
            super(0, 0xFFFF_FFFFL);
        }
    }

    /** {@code COLSxROWS}, each side 1 .. {@value #MAX_FRAME_SIDE}. */
    static final class Size implements ITypeConverter<TerminalSize> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

        @Override
        public TerminalSize convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            String range = "1.." + MAX_FRAME_SIDE;
            if (!m.matches()) {
                throw new TypeConversionException("must be COLSxROWS (each " + range + ", e.g. 200x60), was '"
                        + value + "'");
            }
            try {
                return new TerminalSize((int) inRange(m.group(1), 1, MAX_FRAME_SIDE),
                        (int) inRange(m.group(2), 1, MAX_FRAME_SIDE));
            } catch (TypeConversionException e) {
                throw new TypeConversionException("columns and rows must each be " + range + ", was '" + value
                        + "'");
            }
        }
    }
}
