package io.smi4j.nvml;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** What an {@link NvmlProvider} opens: NVIDIA's library on this host, or a simulated host. */
public sealed interface NvmlSource {

    /** {@code libnvidia-ml}: the file at {@code path}, else the usual search. */
    record Library(Optional<Path> path) implements NvmlSource {
        public Library {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The simulated host {@code scenario} (e.g. {@code vgpu-host}), the same for the same {@code seed}. */
    record Simulated(String scenario, long seed) implements NvmlSource {
        public Simulated {
            Objects.requireNonNull(scenario, "scenario");
        }
    }
}
