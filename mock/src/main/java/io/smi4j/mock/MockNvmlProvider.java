package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.SimulatedNvmlProvider;
import java.util.List;

/**
 * Offers the {@link Scenarios} presets to tools through {@link java.util.ServiceLoader}, as live
 * {@link MockNvml}s that move one step per poll, on the clock {@link SimClock#forTools()} gives.
 */
public final class MockNvmlProvider implements SimulatedNvmlProvider {

    @Override
    public List<String> scenarios() {
        return Scenarios.names();
    }

    @Override
    public Nvml create(String scenario, long seed) {
        return MockNvml.live(scenario, seed, SimClock.forTools());
    }
}
