package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlProvider;
import io.smi4j.nvml.NvmlSource;
import java.util.List;

/**
 * Offers the {@link Scenarios} presets to tools through {@link java.util.ServiceLoader}, as live
 * {@link MockNvml}s that move one step per poll, on the clock {@link SimClock#forTools()} gives.
 */
public final class MockNvmlProvider implements NvmlProvider {

    @Override
    public List<String> scenarios() {
        return Scenarios.names();
    }

    @Override
    public Nvml open(NvmlSource source) {
        if (!(source instanceof NvmlSource.Simulated simulated) || !opens(source)) {
            throw new IllegalArgumentException("the mock opens " + scenarios() + ", not " + source);
        }
        return MockNvml.live(simulated.scenario(), simulated.seed(), SimClock.forTools());
    }
}
