package io.smi4j.agent;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.Durations;
import io.smi4j.collect.GpuReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's options: {@code -javaagent:smi4j-agent.jar=key=value,key=value}.
 *
 * <pre>
 * interval=2s            poll interval, 1ms..24h, in the grammar of {@link Durations}: 500ms, 2s, 2.5s, 1m, 1h, PT2S
 * deadline=10s           a poll not returned after it is an overrun and the host STALE, 1ms..24h
 * refresh=10s            how often a vGPU's licence, encoder capacity, runtime state size and accounting are
 *                        read again, 1ms..24h
 * jfr=on|off             JFR events (default on)
 * control=on|off         the scheduler MBean operation setSchedulerState (default off)
 * prometheus=[host:]port serve /metrics (port 0..65535, 0 for any free one; default bind 127.0.0.1; off when absent)
 * web.config.file=PATH   TLS and basic auth for /metrics (the exporters' web configuration format)
 * mock=SCENARIO|FILE     a simulated host, a preset or a scenario file (needs smi4j-mock and Jackson on the class path)
 * seed=N                 the simulation's seed, 0 or more (default 1)
 * library=PATH           the libnvidia-ml.so.1 to load
 * micrometer=on|off      bind GPU and vGPU gauges to Micrometer's global registry when the application has Micrometer (default off)
 * otel=on|off            register hw.gpu.* instruments with GlobalOpenTelemetry once the application set it (default off)
 * c2=on|off              let HotSpot's C2 compile smi4j's own code (default off: C1 only, see {@link CompilerDirective})
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
        Optional<Path> webConfig,
        boolean micrometer,
        boolean otel,
        boolean c2,
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
        Optional<Path> web = Optional.empty();
        boolean micrometer = false;
        boolean otel = false;
        boolean c2 = false;
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
                        case "interval" -> collector = collector.withInterval(Durations.parse(value));
                        case "deadline" -> collector = collector.withPollDeadline(Durations.parse(value));
                        case "refresh" -> collector = collector.withRefresh(Durations.parse(value));
                        case "jfr" -> jfr = toggle(key, value);
                        case "control" -> control = toggle(key, value);
                        case "micrometer" -> micrometer = toggle(key, value);
                        case "otel" -> otel = toggle(key, value);
                        case "c2" -> c2 = toggle(key, value);
                        case "prometheus" -> {
                            int colon = value.lastIndexOf(':');
                            String h = colon < 0 ? "" : value.substring(0, colon);
                            int p = (int) wholeNumber(value.substring(colon + 1), 0, 65535);
                            host = h.isEmpty() ? Optional.empty() : Optional.of(h);
                            port = p;
                        }
                        case "mock" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty scenario");
                            }
                            collector = collector.withMock(value);
                        }
                        case "web.config.file" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty path");
                            }
                            web = Optional.of(Path.of(value));
                        }
                        case "seed" -> collector = collector.withSeed(wholeNumber(value, 0, Long.MAX_VALUE));
                        case "library" -> {
                            if (value.isEmpty()) {
                                throw new IllegalArgumentException("empty path");
                            }
                            collector = collector.withLibraryPath(Path.of(value));
                        }
                        default -> problems.add("unknown option '" + key + "'");
                    }
                } catch (RuntimeException e) {
                    problems.add("bad value for " + key + " '" + value + "': " + e.getMessage());
                }
            }
        }
        return new AgentOptions(collector, jfr, control, host, port, web, micrometer, otel, c2, problems);
    }

    private static boolean toggle(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(key + " takes on or off");
        };
    }

    /** {@code value} as a whole number in {@code min .. max}; else a message naming the range. */
    private static long wholeNumber(String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be a whole number in " + min + ".." + max);
        }
        return n;
    }

    /**
     * The reader these options ask for, opened as the agent opens it ({@link Collector#openReader}): the
     * check of a mock scenario against the simulators on this class path.
     *
     * @throws IllegalArgumentException with a one-line message when no simulator offers the scenario
     */
    public GpuReader openReader() {
        return Collector.openReader(collector);
    }

    /** The options in effect, as an option string the agent reads back to equal options. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("interval=" + Durations.format(collector.interval()));
        if (!collector.pollDeadline().equals(CollectorOptions.defaults().pollDeadline())) {
            parts.add("deadline=" + Durations.format(collector.pollDeadline()));
        }
        if (!collector.refresh().equals(CollectorOptions.DEFAULT_REFRESH)) {
            parts.add("refresh=" + Durations.format(collector.refresh()));
        }
        parts.add("jfr=" + (jfr ? "on" : "off"));
        parts.add("control=" + (control ? "on" : "off"));
        if (prometheus()) {
            parts.add("prometheus=" + prometheusHost.map(h -> h + ":").orElse("") + prometheusPort);
        }
        collector.mockScenario().ifPresent(m -> parts.add("mock=" + m));
        if (collector.mockSeed() != CollectorOptions.defaults().mockSeed()) {
            parts.add("seed=" + collector.mockSeed());
        }
        collector.libraryPath().ifPresent(p -> parts.add("library=" + p));
        webConfig.ifPresent(p -> parts.add("web.config.file=" + p));
        if (micrometer) {
            parts.add("micrometer=on");
        }
        if (otel) {
            parts.add("otel=on");
        }
        if (c2) {
            parts.add("c2=on");
        }
        return String.join(",", parts);
    }
}
