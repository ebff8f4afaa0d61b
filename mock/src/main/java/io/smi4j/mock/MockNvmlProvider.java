package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Offers the {@link Scenarios} presets and scenario files ({@link ScenarioFiles}) to tools through
 * {@link java.util.ServiceLoader}, as live {@link MockNvml}s that move one step per poll, on the clock
 * {@link SimClock#forTools()} gives. A scenario that {@linkplain ScenarioFiles#looksLikeFile looks like a file}
 * is read from that file, its times moved to the clock's start.
 */
public final class MockNvmlProvider implements NvmlProvider {

    @Override
    public List<String> scenarios() {
        return Scenarios.names();
    }

    @Override
    public boolean opens(NvmlSource source) {
        return source instanceof NvmlSource.Simulated s
                && (scenarios().contains(s.scenario()) || ScenarioFiles.looksLikeFile(s.scenario()));
    }

    /** Reads a scenario file now, so a malformed one is a usage error before any poll. */
    @Override
    public void check(NvmlSource source) {
        if (source instanceof NvmlSource.Simulated s && !scenarios().contains(s.scenario())
                && ScenarioFiles.looksLikeFile(s.scenario())) {
            ScenarioFiles.read(Path.of(s.scenario()));
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
        return new MockNvml(ScenarioFiles.read(Path.of(simulated.scenario()), clock.startUs()), simulated.seed(),
                FaultPlan.none(), false, clock);
    }
}
