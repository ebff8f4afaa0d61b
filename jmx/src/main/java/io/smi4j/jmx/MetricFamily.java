package io.smi4j.jmx;

/**
 * One Prometheus family the shipped rules produce from a {@link SeriesTable} column.
 *
 * @param name     the family name as exposed (counters end in {@code _total})
 * @param counter  true for a counter, false for a gauge
 * @param unit     the unit of the value, in words, for the documentation
 * @param help     the HELP text
 * @param encoding how the value encodes a state, {@code ""} for plain quantities
 */
public record MetricFamily(String name, boolean counter, String unit, String help, String encoding) {

    public static MetricFamily gauge(String name, String unit, String help) {
        return new MetricFamily(name, false, unit, help, "");
    }

    public static MetricFamily counter(String name, String unit, String help) {
        return new MetricFamily(name, true, unit, help, "");
    }

    public static MetricFamily state(String name, String help, String encoding) {
        return new MetricFamily(name, false, "code", help, encoding);
    }
}
