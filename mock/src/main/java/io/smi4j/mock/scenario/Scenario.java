package io.smi4j.mock.scenario;

import java.util.List;

/**
 * A simulated host at one moment: everything NVML would answer. The same object drives the
 * Java {@code MockNvml} and the native mock {@code libnvidia-ml.so.1}, so the two can be
 * compared value for value.
 *
 * @param name               the preset's name, e.g. {@code vgpu-host}
 * @param driverLoaded       false: {@code nvmlInit_v2} answers DRIVER_NOT_LOADED (the {@code no-driver} preset)
 * @param cudaDriverVersion  e.g. 12040
 * @param gpus               the physical GPUs, by index
 */
public record Scenario(
        String name,
        boolean driverLoaded,
        String driverVersion,
        String nvmlVersion,
        int cudaDriverVersion,
        List<SimGpu> gpus) {

    public Scenario {
        gpus = List.copyOf(gpus);
    }
}
