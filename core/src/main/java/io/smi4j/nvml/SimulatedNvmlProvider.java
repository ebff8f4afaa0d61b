package io.smi4j.nvml;

import java.util.List;

/**
 * A source of simulated NVML sessions, found with {@link java.util.ServiceLoader}: the mock
 * module provides one, so tools offer {@code --mock SCENARIO} whenever it is on the class path,
 * while core itself never depends on it.
 */
public interface SimulatedNvmlProvider {

    /** The scenario names this provider knows, e.g. {@code vgpu-host}. */
    List<String> scenarios();

    /**
     * A fresh simulated NVML for {@code scenario}, deterministic for {@code seed}.
     *
     * @throws IllegalArgumentException naming the known scenarios when {@code scenario} is not one
     */
    Nvml create(String scenario, long seed);
}
