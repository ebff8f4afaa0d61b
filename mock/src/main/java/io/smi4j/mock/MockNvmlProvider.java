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

    /** Reads a scenario file now, so a malformed one is a usage error before any poll. */
    @Override
    public void check(NvmlSource source) {
        if (source instanceof NvmlSource.Simulated s && !scenarios().contains(s.scenario())) {
            readFile(s.scenario(), null);
        }
    }

    private static ScenarioFile readFile(String file, Long startUs) {
        try {
            return ScenarioFiles.readFile(Path.of(file), startUs);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException(file + ": scenario files need Jackson (jackson-databind "
                    + "2.18) on the class path beside smi4j-mock; missing " + e.getMessage());
        }
    }

    @Override
    public Nvml open(NvmlSource source) {
        if (!(source instanceof NvmlSource.Simulated simulated) || !opens(source)) {
            throw new IllegalArgumentException("the mock opens " + scenarios() + " or a scenario file, not " + source);
        }
        SimClock clock = SimClock.forTools();
        if (scenarios().contains(simulated.scenario())) {
            return MockNvml.live(simulated.scenario(), simulated.seed(), clock);
        }
        ScenarioFile f = readFile(simulated.scenario(), clock.startUs());
        return new MockNvml(new ScenarioFile(SeedVariation.apply(f.scenario(), simulated.seed()), f.faults(),
                f.timeline()), simulated.seed(), false, clock);
    }
}
