package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Record, then replay: the native mock plays a preset, {@link HostRecorder} reads it through the real binding
 * (JnaNvml) into a scenario file, and {@link MockNvml} replaying that file gives the preset's snapshots.
 */
class RecordRoundTripTest {

    @TempDir
    Path dir;

    static List<String> presets() {
        return Scenarios.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void aPresetRecordedThroughJnaNvmlOverTheNativeMockReplaysAsThePreset(String preset) throws IOException {
        Scenario played = Scenarios.create(preset, 3);
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(played);
        Scenario recorded;
        try (JnaNvml nvml = JnaNvml.load(mock.path())) {
            recorded = HostRecorder.record(nvml, preset);
        }
        // What NVML can tell is the scenario, except where it cannot: on vGPU hosts NVML reports a vGPU's placement
        // and the free placements only in heterogeneous mode, an R535 driver has no call reporting JPEG/OFA
        // utilization (the file says NaN), and MIG instance handles are the library's pointers, listed by profile.
        // There the snapshots below are the proof.
        // (faulty-host holds vgpu-host's data)
        if (!preset.startsWith("vgpu-host") && !preset.equals("mig-host") && !preset.equals("faulty-host")) {
            // as files first: a difference shows as the JSON lines that differ
            assertEquals(ScenarioFiles.write(played, 0), ScenarioFiles.write(recorded, 0));
            assertEquals(played, recorded, "what NVML answered is the scenario it was given");
        }

        Path file = dir.resolve(preset + ".json");
        ScenarioFiles.write(recorded, 0, file);
        Scenario replayed = ScenarioFiles.read(file);
        try (NvmlGpuReader a = new NvmlGpuReader(MockNvml.frozen(played), 64);
                NvmlGpuReader b = new NvmlGpuReader(new MockNvml(replayed, 1, FaultPlan.none(), true), 64)) {
            HostSnapshot x = a.read();
            HostSnapshot y = b.read();
            assertEquals(x.status(), y.status());
            ScenarioSnapshotTest.assertGpusEqual(x.gpus(), y.gpus());
        }
        Files.delete(file);
    }
}
