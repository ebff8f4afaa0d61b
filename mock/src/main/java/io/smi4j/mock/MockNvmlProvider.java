package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Offers the {@link Scenarios} presets (files with their faults) and scenario files
 * ({@link ScenarioFiles}) to tools through {@link java.util.ServiceLoader}, as live {@link MockNvml}s that move one
 * step per poll, on the clock
 * {@link SimClock#forTools()} gives. A scenario that {@linkplain NvmlSource.Simulated#isFile names a file}
 * is read from that file, its times moved to the clock's start.
 */
public final class MockNvmlProvider implements NvmlProvider {

    @Override
    public List<String> scenarios() {
        return Scenarios.names();
    }

    // The presets are scenario files too: the mock needs Jackson (jackson-databind) on the class path.

    @Override
    public boolean opens(NvmlSource source) {
        return source instanceof NvmlSource.Simulated s
                && (scenarios().contains(s.scenario()) || NvmlSource.Simulated.isFile(s.scenario()));
    }

    /** Reads a scenario file now, so a malformed one is a usage error before any poll; Jackson's absence too. */
    @Override
    public void check(NvmlSource source) {
        withHang(FaultPlan.none());
        SimClock.forTools(); // a bad -Dsmi4j.mock.start is a usage error at once
        if (source instanceof NvmlSource.Simulated s) {
            requireJackson(s.scenario());
            if (!scenarios().contains(s.scenario())) {
                readFile(s.scenario(), null);
            }
        }
    }

    /** One line instead of a NoClassDefFoundError when the application lacks Jackson. */
    private static void requireJackson(String scenario) {
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false,
                    MockNvmlProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(scenario + ": smi4j-mock needs Jackson (jackson-databind, -core and "
                    + "-annotations 2.18) on the class path beside it: its presets and scenario files are JSON");
        }
    }

    private static ScenarioFile readFile(String file, Long startUs) {
        return ScenarioFiles.readFile(Path.of(file), startUs);
    }

    @Override
    public Nvml open(NvmlSource source) {
        if (!(source instanceof NvmlSource.Simulated simulated) || !opens(source)) {
            throw new IllegalArgumentException("the mock opens " + scenarios() + " or a scenario file, not " + source);
        }
        requireJackson(simulated.scenario());
        SimClock clock = SimClock.forTools();
        String name = simulated.scenario();
        ScenarioFile f;
        if (scenarios().contains(name)) {
            f = Scenarios.load(name, simulated.seed(), clock.startUs());
        } else {
            ScenarioFile read = readFile(name, clock.startUs());
            f = new ScenarioFile(SeedVariation.apply(read.scenario(), simulated.seed()), read.faults(),
                    read.timeline());
        }
        return new MockNvml(new ScenarioFile(f.scenario(), withHang(f.faults()), f.timeline()), simulated.seed(),
                false, clock);
    }

    /**
     * {@code -Dsmi4j.mock.hang=FUNCTION@POLL}: from poll {@code POLL} on, the first call of {@code FUNCTION} (an
     * {@link NvmlFunction} name) never returns, as in a driver stuck in D state; to try the poll deadline.
     */
    static final String HANG_PROPERTY = "smi4j.mock.hang";

    /** {@code plan} with the hang {@value #HANG_PROPERTY} asks for, if any. */
    static FaultPlan withHang(FaultPlan plan) {
        String hang = System.getProperty(HANG_PROPERTY);
        if (hang == null || hang.isBlank()) {
            return plan;
        }
        int at = hang.indexOf('@');
        try {
            return plan.with(FaultPlan.Hang.from(NvmlFunction.valueOf(hang.substring(0, at).strip()),
                    Long.parseLong(hang.substring(at + 1).strip()), Duration.ofDays(3650)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("-D" + HANG_PROPERTY + " takes FUNCTION@POLL (e.g. "
                    + "nvmlDeviceGetTemperature@3), was '" + hang + "'");
        }
    }
}
