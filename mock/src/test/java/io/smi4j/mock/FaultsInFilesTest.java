package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.UNKNOWN, 0, 5, 20, 3))
                .with(FaultPlan.Aimed.lostFrom(2, 4))
                .with(FaultPlan.Hang.from(NvmlFunction.nvmlDeviceGetTemperature, 3, Duration.ofDays(3650)))
                .with(new FaultPlan.Hang(NvmlFunction.nvmlDeviceGetActiveVgpus, 1, 2, 2, Duration.ofMillis(1500)))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_ALL_ONES, 0, 0))
                .with(new FaultPlan.Oddity(FaultPlan.OddityKind.GPU_USED_OVER_TOTAL, 1, -1, 2, 6))
                .with(FaultPlan.ModeSwitch.mig(1, 3, true))
                .with(FaultPlan.ModeSwitch.virtualization(0, 4, VirtualizationMode.HOST_VGPU))
                .with(FaultPlan.SampleClock.bootRelative(1_700_000_000_000_000L))
                .with(new FaultPlan.SampleClock(5, 3_600_000_000L));
        Path file = dir.resolve("faults.json");
        Files.writeString(file, ScenarioFiles.write(new ScenarioFile(Scenarios.create("bare-metal", 1), plan,
                Timeline.NONE), Scenarios.DEFAULT_START_US, false));
        assertEquals(plan, ScenarioFiles.readFile(file, null).faults());
        assertEquals(FaultPlan.none(), ScenarioFiles.readFile(fileWith("[]"), null).faults());
    }

    @Test
    void aPresetsFaultsComeWithIt() {
        assertEquals(FaultPlan.none(), Scenarios.load("vgpu-host", 1, Scenarios.DEFAULT_START_US).faults());
        // faulty-host is a file with its faults: impossible values, a GPU not opened, a failing list, a GPU lost
        FaultPlan faulty = FaultPlan.none()
                .with(FaultPlan.Aimed.always(NvmlFunction.nvmlDeviceGetHandleByIndex_v2, NvmlReturn.UNKNOWN, 1))
                .with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetActiveVgpus, NvmlReturn.TIMEOUT, 2, 3,
                        Long.MAX_VALUE, 3))
                .with(FaultPlan.Aimed.lostFrom(3, 2))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.SAMPLE_ALL_ONES, 0, 0))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.VGPU_FB_OVER_TYPE, 0, 1));
        assertEquals(faulty, Scenarios.load("faulty-host", 1, Scenarios.DEFAULT_START_US).faults());
        assertEquals(faulty, Scenarios.load("faulty-host", 4, Scenarios.DEFAULT_START_US).faults(), "any seed");
    }

    @Test
    void aModeSwitchAndASampleClockFromAFilePlayInTheirPolls() throws IOException {
        Path file = fileWith("[{\"kind\": \"modeSwitch\", \"gpu\": 2, \"atPoll\": 3, \"mig\": true},"
                + " {\"kind\": \"lost\", \"gpu\": 1, \"fromPoll\": 2}]");
        MockNvml mock = new MockNvml(ScenarioFiles.readFile(file, null), 1, false,
                SimClock.fixed(java.time.Instant.parse("2025-11-13T00:00:00Z")));
        mock.init();
        for (int poll = 1; poll <= 4; poll++) {
            mock.deviceCount();
            long g2 = mock.deviceHandleByIndex(2);
            assertEquals(poll >= 3, mock.deviceMigMode(g2).current(), "MIG on from poll 3, poll " + poll);
            if (poll >= 2) {
                assertEquals(NvmlReturn.GPU_IS_LOST,
                        assertThrows(NvmlException.class, () -> mock.deviceHandleByIndex(1)).result(), "poll " + poll);
            }
        }
        mock.shutdown();
        mock.init(); // a GPU lost by a file's "lost" stays lost after a new init
        mock.deviceCount();
        assertEquals(NvmlReturn.GPU_IS_LOST,
                assertThrows(NvmlException.class, () -> mock.deviceHandleByIndex(1)).result());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "[{\"kind\": \"melt\"}]"
            + "|at $.faults[0].kind: expected one of [\"error\", \"forced\", \"random\", \"churn\", \"countGrowth\", \"gpuLoss\", \"lost\", \"hang\", \"oddity\", \"modeSwitch\", \"sampleClock\"], got the string \"melt\"",
        "[{\"kind\": \"hang\", \"function\": \"nvmlDeviceGetTemperature\"}]"
            + "|at $.faults[0].seconds: expected how long the call parks, in seconds (0 or more), got nothing",
        "[{\"kind\": \"hang\", \"function\": \"nvmlDeviceGetTemperature\", \"seconds\": -1}]"
            + "|at $.faults[0].seconds: expected how long the call parks, in seconds (0 or more), got the number -1",
        "[{\"kind\": \"oddity\", \"oddity\": \"SAMPLE_NEGATIVE\", \"gpu\": 0}]"
            + "|at $.faults[0].oddity: expected one of [SAMPLE_ALL_ONES, SAMPLE_OVER_HUNDRED, SAMPLE_IN_FUTURE, VGPU_FB_OVER_TYPE, GPU_USED_OVER_TOTAL], got the string \"SAMPLE_NEGATIVE\"",
        "[{\"kind\": \"oddity\", \"oddity\": \"SAMPLE_ALL_ONES\", \"gpu\": 9}]"
            + "|at $.faults[0].gpu: expected a GPU index below 8, got 9",
        "[{\"kind\": \"modeSwitch\", \"gpu\": 0, \"atPoll\": 2}]"
            + "|at $.faults[0]: expected a valid fault: bad mode switch of GPU 0",
        "[{\"kind\": \"modeSwitch\", \"gpu\": 0, \"atPoll\": 2, \"virtualization\": \"VM\"}]"
            + "|at $.faults[0].virtualization: expected one of [NONE, PASSTHROUGH, VGPU_GUEST, HOST_VGPU, HOST_VSGA, UNKNOWN]",
        "[{\"kind\": \"sampleClock\", \"fromPoll\": 1, \"earlierUs\": -5}]"
            + "|at $.faults[0]: expected a valid fault: a sample clock goes back, not ahead: -5",
        "[{\"kind\": \"lost\", \"gpu\": 0, \"fromPoll\": 0}]"
            + "|at $.faults[0]: expected a valid fault: bad aimed fault",
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
