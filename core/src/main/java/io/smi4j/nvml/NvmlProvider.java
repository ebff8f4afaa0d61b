package io.smi4j.nvml;

import java.util.List;

/**
 * A source of {@link Nvml} sessions, found with {@link java.util.ServiceLoader}: core's JNA binding
 * opens the real library, the mock module opens its simulated hosts. So the collector names no
 * implementation, and tools offer {@code --mock SCENARIO} whenever a simulator is on the class path.
 */
public interface NvmlProvider {

    /** The simulated hosts this provider opens, by name, in the order to list them; empty for a real binding. */
    List<String> scenarios();

    /** Whether {@link #open} takes {@code source}: by default, a simulated host this provider names. */
    default boolean opens(NvmlSource source) {
        return source instanceof NvmlSource.Simulated s && scenarios().contains(s.scenario());
    }

    /**
     * Checks {@code source} before any session is opened, so what is wrong with it (a malformed scenario
     * file) is a usage error at once rather than a failed poll later; by default nothing to check.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    default void check(NvmlSource source) {
    }

    /**
     * A fresh session for {@code source}, not yet initialised.
     *
     * @throws NvmlException            LIBRARY_NOT_FOUND, saying what was tried, when no library loads
     * @throws IllegalArgumentException when this provider does not {@linkplain #opens open} {@code source}
     */
    Nvml open(NvmlSource source);
}
