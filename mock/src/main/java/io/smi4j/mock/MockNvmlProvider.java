package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Offers the {@link Scenarios} presets and scenario files ({@link ScenarioFiles}) to tools through
 * {@link java.util.ServiceLoader}, as live {@link MockNvml}s that move one step per poll, on the clock
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
        if (scenarios().contains(simulated.scenario())) {
            return MockNvml.live(simulated.scenario(), simulated.seed(), clock);
        }
        ScenarioFile f = readFile(simulated.scenario(), clock.startUs());
        return new MockNvml(new ScenarioFile(SeedVariation.apply(f.scenario(), simulated.seed()), f.faults(),
                f.timeline()), simulated.seed(), false, clock);
    }
}
