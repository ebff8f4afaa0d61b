package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.collect.NvmlGpuReader;
import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.model.HostSnapshot;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same scenario read by the same {@link NvmlGpuReader} through JnaNvml over the native mock
 * library and through the Java {@link MockNvml} gives equal snapshots: the binding, the native
 * mock and the Java mock agree end to end.
 */
class CrossImplementationTest {

    static java.util.List<String> scenarios() {
        return Scenarios.names();
    }

    /** The preset after some simulated time, so moved values, churned vGPUs and a full log are compared too. */
    private static Scenario moved(String name) {
        MockNvml live = MockNvml.live(name, 21);
        for (int i = 0; i < 120; i++) {
            live.advance();
        }
        return live.scenario();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void jnaOverTheNativeMockAndTheJavaMockGiveEqualSnapshots(String name) {
        assertEqualSnapshots(name, Scenarios.create(name, 21), moved(name));
    }

    @Test
    void vgpuProcessSamplesAreEqualThroughBoth() {
        assertEqualSnapshots("vgpu-host with process samples",
                NvmlGpuReaderTest.withProcessSamples(Scenarios.create("vgpu-host", 21)));
    }

    /** MIG-backed vGPU: the GPU instances' R575 calls through the binding equal the Java mock's, value by value. */
    @Test
    void migBackedVgpusAreEqualThroughBoth() {
        assertEqualSnapshots("mig-backed", MigBackedScenario.create());
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(MigBackedScenario.create());
        try (NvmlGpuReader viaJna = new NvmlGpuReader(() -> JnaNvml.load(mock.path()), 64)) {
            HostSnapshot s = viaJna.read();
            assertEquals(java.util.List.of(), s.errors());
            MigBackedVgpuTest.assertMigBackedValues(s);
        }
    }

    private static void assertEqualSnapshots(String name, Scenario... scenarios) {
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        for (Scenario scenario : scenarios) {
            mock.apply(scenario);
            try (NvmlGpuReader viaJna = new NvmlGpuReader(() -> JnaNvml.load(mock.path()), 64);
                    NvmlGpuReader viaJava = new NvmlGpuReader(MockNvml.frozen(scenario), 64)) {
                for (int poll = 1; poll <= 2; poll++) {
                    HostSnapshot jna = viaJna.read();
                    HostSnapshot java = viaJava.read();
                    String at = name + " poll " + poll + ": ";
                    assertEquals(java.status(), jna.status(), at + jna.statusDetail());
                    assertEquals(java.driverVersion(), jna.driverVersion(), at);
                    assertEquals(java.nvmlVersion(), jna.nvmlVersion(), at);
                    assertEquals(java.cudaDriverVersion(), jna.cudaDriverVersion(), at);
                    assertEquals(java.errors(), jna.errors(), at);
                    ScenarioSnapshotTest.assertGpusEqual(java.gpus(), jna.gpus());
                }
            }
        }
    }
}
