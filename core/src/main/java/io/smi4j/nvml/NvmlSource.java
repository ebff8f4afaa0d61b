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

    /**
     * The simulated host {@code scenario}: a preset name (e.g. {@code vgpu-host}) or the path of a scenario file
     * ({@link #isFile}); the same for the same {@code seed}.
     */
    record Simulated(String scenario, long seed) implements NvmlSource {
        public Simulated {
            Objects.requireNonNull(scenario, "scenario");
        }

        /**
         * Whether a scenario value names a file rather than a preset: it holds a path separator or ends in
         * {@code .json} (preset names are single words such as {@code vgpu-host}, so neither is ambiguous).
         */
        public static boolean isFile(String scenario) {
            return scenario.contains("/") || scenario.contains(java.io.File.separator) || scenario.endsWith(".json");
        }
    }
}
