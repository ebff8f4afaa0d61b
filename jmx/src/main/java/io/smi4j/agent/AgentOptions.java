package io.smi4j.agent;

import io.smi4j.collect.CollectorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's options: {@code -javaagent:smi4j-agent.jar=key=value,key=value}.
 *
 * <pre>
 * interval=2s            poll interval: 500ms, 2s, 1m, 1h, or a number of seconds
 * jfr=on|off             JFR events (default on)
 * control=on|off         the scheduler MBean operation setSchedulerState (default off)
 * prometheus=[host:]port serve /metrics (default bind 127.0.0.1; off when absent)
 * mock=SCENARIO          a simulated host (needs smi4j-mock on the application class path)
 * seed=N                 the simulation's seed (default 1)
 * library=PATH           the libnvidia-ml.so.1 to load
 * </pre>
 *
 * @param problems what was wrong with the option string, each ignored (the default applies)
 */
public record AgentOptions(
        CollectorOptions collector,
        boolean jfr,
        boolean control,
        Optional<String> prometheusHost,
        int prometheusPort,
        List<String> problems) {

    public AgentOptions {
        problems = List.copyOf(problems);
    }

    public boolean prometheus() {
        return prometheusPort >= 0;
    }

    /** Parses {@code args} (null or blank: defaults); never throws, problems are collected. */
    public static AgentOptions parse(String args) {
        CollectorOptions collector = CollectorOptions.defaults();
        boolean jfr = true;
        boolean control = false;
        Optional<String> host = Optional.empty();
        int port = -1;
        List<String> problems = new ArrayList<>();
        if (args != null && !args.isBlank()) {
            for (String item : args.split(",")) {
                String part = item.strip();
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    problems.add("'" + part + "' is not key=value");
                    continue;
                }
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = part.substring(eq + 1).strip();
                try {
                    switch (key) {
                        case "interval" -> collector = collector.withInterval(duration(value));
                        case "jfr" -> jfr = toggle(key, value);
                        case "control" -> control = toggle(key, value);
                        case "prometheus" -> {
                            int colon = value.lastIndexOf(':');
                            String h = colon < 0 ? "" : value.substring(0, colon);
                            int p = Integer.parseInt(value.substring(colon + 1));
                            if (p < 0 || p > 65535) {
                                throw new IllegalArgumentException("port " + p + " out of range");
                            }
                            host = h.isEmpty() ? Optional.empty() : Optional.of(h);
                            port = p;
                        }
                        case "mock" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty scenario");
                            }
                            collector = collector.withMock(value);
                        }
                        case "seed" -> collector = collector.withSeed(Long.parseLong(value));
                        case "library" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty path");
                            }
                            collector = collector.withLibraryPath(Path.of(value));
                        }
                        default -> problems.add("unknown option '" + key + "'");
                    }
                } catch (RuntimeException e) {
                    problems.add("bad value for " + key + " '" + value + "' (" + e.getMessage() + ")");
                }
            }
        }
        return new AgentOptions(collector, jfr, control, host, port, problems);
    }

    private static boolean toggle(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + " takes on or off");
        };
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, or plain seconds. */
    static Duration duration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        Duration d;
        if (v.endsWith("ms")) {
            d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
        } else if (v.endsWith("s")) {
            d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).strip()) * 1000));
        } else if (v.endsWith("m")) {
            d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).strip()));
        } else if (v.endsWith("h")) {
            d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).strip()));
        } else {
            d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }
}
