package io.smi4j.mock.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smi4j.mock.MockNvml;
import io.smi4j.mock.NewerDriver;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.nvml.jna.JnaNvml;
import io.smi4j.testing.NvmlSdk;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario, two simulators: the Java {@link MockNvml} and JnaNvml over the native mock
 * library answer every {@code Nvml} call identically (values and error codes), for every preset,
 * for the round-trip host, and for {@code vgpu-host} on a driver that has every newer vGPU call ({@link NewerDriver}).
 */
class JavaAndNativeMockParityTest {

    static List<String> scenarios() {
        List<String> names = new java.util.ArrayList<>(Scenarios.names());
        names.add("round-trip");
        names.add(NewerDriver.NAME);
        names.add("mig-backed");
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theJavaMockAndTheNativeMockAnswerEveryCallAlike(String name) {
        Scenario scenario = switch (name) {
            case "round-trip" -> RoundTripScenario.create();
            case "mig-backed" -> io.smi4j.mock.MigBackedScenario.create();
            case NewerDriver.NAME -> NewerDriver.of(Scenarios.create("vgpu-host", 7));
            default -> Scenarios.create(name, 7);
        };
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(scenario);
        List<String> java;
        try (MockNvml javaMock = MockNvml.frozen(scenario)) {
            java = NvmlDump.of(javaMock);
        }
        List<String> nativeDump;
        try (JnaNvml nvml = JnaNvml.load(mock.path())) {
            nativeDump = NvmlDump.of(nvml);
        }
        assertEquals(String.join("\n", java), String.join("\n", nativeDump));
    }
}
