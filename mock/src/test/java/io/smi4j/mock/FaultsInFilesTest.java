package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A scenario file's {@code faults}: each kind maps onto {@link FaultPlan}, replays, writes back, and says what is wrong. */
class FaultsInFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** bare-metal at the default seed with {@code faults} (JSON text) added. */
    private Path fileWith(String faults) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(
                ScenarioFiles.write(Scenarios.create("bare-metal", 1), Scenarios.DEFAULT_START_US));
        root.set("faults", JSON.readTree(faults));
        Path file = dir.resolve("host.json");
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }

    @Test
    void anAimedErrorFailsItsFunctionOnItsGpuInItsPollsOnly() throws IOException {
        Path file = fileWith("[{\"kind\": \"error\", \"function\": \"nvmlDeviceGetPowerUsage\","
                + " \"code\": \"NVML_ERROR_GPU_IS_LOST\", \"gpu\": 1, \"fromPoll\": 2, \"toPoll\": 3}]");
        ScenarioFile f = ScenarioFiles.readFile(file, null);
        assertEquals(List.of(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetPowerUsage, NvmlReturn.GPU_IS_LOST, 1, 2,
                3, 1)), f.faults().aimed());
        MockNvml mock = new MockNvml(f, 1, false,
                SimClock.fixed(java.time.Instant.parse("2025-11-13T00:00:00Z")));
        mock.init();
        for (int poll = 1; poll <= 4; poll++) {
            mock.deviceCount();
            long ok = mock.deviceHandleByIndex(0);
            long aimed = mock.deviceHandleByIndex(1);
            mock.devicePowerUsage(ok);
            mock.deviceTemperature(aimed);
            if (poll == 2 || poll == 3) {
                assertEquals(NvmlReturn.GPU_IS_LOST,
                        assertThrows(NvmlException.class, () -> mock.devicePowerUsage(aimed)).result(), "poll " + poll);
            } else {
                mock.devicePowerUsage(aimed);
            }
        }
    }

    @Test
    void everyKindWritesAndReadsBackAsTheSamePlan() throws IOException {
        FaultPlan plan = FaultPlan.none().withErrors(0.01).withChurn(0.1).withCountGrowth(0.2).withGpuLoss(0.001)
                .withForcedError(NvmlFunction.nvmlDeviceSetVgpuSchedulerState, NvmlReturn.NO_PERMISSION)
                .with(FaultPlan.Aimed.always(null, NvmlReturn.GPU_IS_LOST, 3))
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.UNKNOWN, 0, 5, 20, 3));
        Path file = dir.resolve("faults.json");
        Files.writeString(file, ScenarioFiles.write(new ScenarioFile(Scenarios.create("bare-metal", 1), plan,
                Timeline.NONE), Scenarios.DEFAULT_START_US, false));
        assertEquals(plan, ScenarioFiles.readFile(file, null).faults());
        assertEquals(FaultPlan.none(), ScenarioFiles.readFile(fileWith("[]"), null).faults());
    }

    @Test
    void aPresetsFaultsComeWithIt() {
        assertEquals(FaultPlan.none(), Scenarios.load("vgpu-host", 1, Scenarios.DEFAULT_START_US).faults());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "[{\"kind\": \"hang\"}]"
            + "|at $.faults[0].kind: expected one of [\"error\", \"forced\", \"random\", \"churn\", \"countGrowth\", \"gpuLoss\"], got the string \"hang\"",
        "[{\"kind\": \"forced\", \"function\": \"nvmlDeviceGetPower\", \"code\": \"UNKNOWN\"}]"
            + "|at $.faults[0].function: expected an NVML function the mock answers",
        "[{\"kind\": \"error\", \"code\": \"MELTED\", \"gpu\": 0}]"
            + "|at $.faults[0].code: expected an NVML error code, one of [UNINITIALIZED",
        "[{\"kind\": \"error\", \"code\": \"UNKNOWN\", \"gpu\": 8}]"
            + "|at $.faults[0].gpu: expected a GPU index below 8, got 8",
        "[{\"kind\": \"error\", \"code\": \"UNKNOWN\"}]"
            + "|at $.faults[0].gpu: expected a whole number in",
        "[{\"kind\": \"churn\", \"probability\": 0.1, \"vgpu\": 3}]"
            + "|at $.faults[0].vgpu: unknown key for a fault of kind churn; expected one of [probability]",
        "[{\"kind\": \"churn\", \"probability\": 2}]"
            + "|at $.faults[0]: expected a valid fault: churnProbability must be in [0, 1], was 2.0",
        "[{\"kind\": \"error\", \"code\": \"UNKNOWN\", \"gpu\": 0, \"fromPoll\": 5, \"toPoll\": 2}]"
            + "|at $.faults[0]: expected a valid fault: bad aimed fault",
        "{\"kind\": \"churn\"}"
            + "|at $.faults: expected an array of faults",
    })
    void aBadFaultIsOneLineWithItsJsonPath(String faults, String expected) throws IOException {
        Path file = fileWith(faults);
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioFiles.readFile(file, null));
        assertTrue(e.getMessage().startsWith(file + ": " + expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
