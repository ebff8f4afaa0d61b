package io.smi4j.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The presets are scenario files shipped as resources, the default seed gives them exactly as written, another seed
 * varies identities and loads of any host alike, and {@link PresetWriter} turns a preset built in Java into such a
 * file.
 *
 * <p>Also the command that writes a preset resource: {@code -Dsmi4j.preset.write=NAME=CLASS#METHOD[,CLASS#METHOD]}
 * runs {@link #writeThePresetNamedOnTheCommandLine()} against {@code src/main/resources/io/smi4j/mock/presets}.
 */
class PresetResourcesTest {

    private static final Path PRESETS = Path.of("src/main/resources/io/smi4j/mock/presets");

    @TempDir
    Path dir;

    static List<String> presets() {
        return Scenarios.names();
    }

    @Test
    void writeThePresetNamedOnTheCommandLine() throws IOException {
        String spec = System.getProperty("smi4j.preset.write", "");
        if (spec.isEmpty()) {
            return; // only on request: the presets are files now, not rewritten by a build
        }
        int eq = spec.indexOf('=');
        String[] methods = spec.substring(eq + 1).split(",");
        Path file = PresetWriter.write(PRESETS, spec.substring(0, eq), methods[0], methods.length > 1 ? methods[1] : null);
        System.out.println("smi4j: wrote " + file.toAbsolutePath() + "; review it with git diff");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyListedPresetIsAResourceReadAsAScenarioFileAtTheDefaultSeed(String preset) {
        ScenarioFile file = ScenarioFiles.readResourceFile("presets/" + preset + ".json", Scenarios.DEFAULT_START_US);
        assertEquals(preset, file.scenario().name());
        assertEquals(file.scenario(), Scenarios.create(preset, Scenarios.DEFAULT_SEED),
                "the default seed is the file exactly as written");
        assertTrue(Files.exists(PRESETS.resolve(preset + ".json")), "the source tree holds " + preset + ".json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void anotherSeedRedrawsEveryIdentityButKeepsWhatTheHostIsMadeOf(String preset) {
        Scenario one = Scenarios.create(preset, Scenarios.DEFAULT_SEED);
        Scenario two = Scenarios.create(preset, 2);
        assertEquals(two, Scenarios.create(preset, 2), "deterministic for the seed");
        assertEquals(one.gpus().size(), two.gpus().size());
        for (int g = 0; g < one.gpus().size(); g++) {
            SimGpu a = one.gpus().get(g);
            SimGpu b = two.gpus().get(g);
            assertNotEquals(a.uuid(), b.uuid(), preset + " GPU " + g + " UUID");
            assertTrue(b.uuid().startsWith("GPU-"), b.uuid());
            assertEquals(a.memory(), b.memory(), "memory sizes and use stay");
            assertEquals(a.name(), b.name());
            assertEquals(a.gpuInstances(), b.gpuInstances(), "MIG layout stays");
            for (int m = 0; m < a.migDevices().size(); m++) {
                assertNotEquals(a.migDevices().get(m).uuid(), b.migDevices().get(m).uuid());
                assertTrue(b.migDevices().get(m).uuid().startsWith("MIG-"));
            }
            if (a.vgpuHost().isPresent()) {
                List<SimVgpu> va = a.vgpuHost().get().vgpus();
                List<SimVgpu> vb = b.vgpuHost().get().vgpus();
                assertEquals(a.vgpuHost().get().types(), b.vgpuHost().get().types());
                assertEquals(va.size(), vb.size());
                for (int v = 0; v < va.size(); v++) {
                    assertEquals(va.get(v).id(), vb.get(v).id());
                    assertEquals(va.get(v).placementId(), vb.get(v).placementId());
                    assertNotEquals(va.get(v).uuid(), vb.get(v).uuid());
                    assertEquals(va.get(v).vmId().type(), vb.get(v).vmId().type());
                }
            }
        }
        if (preset.startsWith("vgpu-host") || preset.equals("bare-metal")) {
            assertNotEquals(loads(one), loads(two), preset + ": the loads are drawn again");
        }
    }

    @Test
    void someSeedLetsALicenceLapseAndTheSameValueMapsAlikeEverywhere() {
        boolean lapsed = false;
        for (long seed = 2; seed < 12 && !lapsed; seed++) {
            for (SimGpu g : Scenarios.create("vgpu-host", seed).gpus()) {
                for (SimVgpu v : g.vgpuHost().map(h -> h.vgpus()).orElse(List.of())) {
                    lapsed |= !v.license().licensed();
                }
            }
        }
        assertTrue(lapsed, "some seed shows an unlicensed vGPU");
        String uuid = Scenarios.create("vgpu-host", 1).gpus().get(0).uuid();
        assertEquals(SeedVariation.uuid(uuid, 7), SeedVariation.uuid(uuid, 7));
        assertNotEquals(SeedVariation.uuid(uuid, 7), SeedVariation.uuid(uuid, 8));
    }

    @Test
    void anotherSeedGivesMigBackedVgpusNewIdentitiesAndKeepsTheNewerFacts() {
        Scenario one = MigBackedScenario.create();
        Scenario two = SeedVariation.apply(one, 5);
        assertEquals(one.vgpuDriverCapabilities(), two.vgpuDriverCapabilities());
        SimGpu a = one.gpus().get(0);
        SimGpu b = two.gpus().get(0);
        assertEquals(a.gpuInstances(), b.gpuInstances(), "the GPU instances' vGPU types and schedulers stay");
        assertTrue(a.gpuInstances().stream().anyMatch(gi -> gi.vgpuHost().isPresent()));
        var ha = a.vgpuHost().orElseThrow();
        var hb = b.vgpuHost().orElseThrow();
        assertEquals(ha.vgpuCapabilities(), hb.vgpuCapabilities());
        assertEquals(ha.types(), hb.types());
        for (int v = 0; v < ha.vgpus().size(); v++) {
            SimVgpu x = ha.vgpus().get(v);
            SimVgpu y = hb.vgpus().get(v);
            assertTrue(x.gpuInstanceId() > 0, "a MIG-backed vGPU");
            assertEquals(x.gpuInstanceId(), y.gpuInstanceId());
            assertEquals(x.runtimeStateBytes(), y.runtimeStateBytes());
            assertNotEquals(x.uuid(), y.uuid(), "vGPU " + v + " UUID");
            assertNotEquals(x.vmId(), y.vmId(), "vGPU " + v + " VM");
            assertEquals(SeedVariation.uuid(x.uuid(), 5), y.uuid(), "by the value it replaces");
        }
    }

    @Test
    void aFileIsVariedByTheSeedAsAPresetIsAndTheDefaultSeedLeavesItAsWritten() throws IOException {
        Path file = dir.resolve("host.json");
        Scenario s = Scenarios.create("bare-metal", 1);
        ScenarioFiles.write(s, Scenarios.DEFAULT_START_US, file);
        var provider = new MockNvmlProvider();
        MockNvml asWritten = (MockNvml) provider.open(new io.smi4j.nvml.NvmlSource.Simulated(file.toString(), 1));
        MockNvml varied = (MockNvml) provider.open(new io.smi4j.nvml.NvmlSource.Simulated(file.toString(), 5));
        assertEquals(s.gpus().get(3).uuid(), asWritten.scenario().gpus().get(3).uuid());
        assertEquals(SeedVariation.uuid(s.gpus().get(3).uuid(), 5), varied.scenario().gpus().get(3).uuid());
    }

    /** A preset built in Java, as the other issues add them (with vGPU driver capabilities). */
    static Scenario tinyHost(long seed) {
        Scenario s = Scenarios.create("vgpu-guest", seed);
        return new Scenario("ignored", true, s.driverVersion(), s.nvmlVersion(), s.cudaDriverVersion(), s.gpus(),
                List.of(1L, 0L));
    }

    /** A fault of every kind FaultPlan has. */
    static FaultPlan tinyFaults() {
        return FaultPlan.none().with(new FaultPlan.Aimed(NvmlFunction.nvmlDeviceGetPowerUsage, NvmlReturn.GPU_IS_LOST,
                0, 3, 4, 1)).withForcedError(NvmlFunction.nvmlDeviceSetVgpuSchedulerState, NvmlReturn.NO_PERMISSION)
                .with(FaultPlan.Aimed.lostFrom(0, 9))
                .with(new FaultPlan.Hang(NvmlFunction.nvmlDeviceGetTemperature, 0, 2, 2, Duration.ofSeconds(3)))
                .with(FaultPlan.Oddity.always(FaultPlan.OddityKind.GPU_USED_OVER_TOTAL, 0, -1))
                .with(FaultPlan.ModeSwitch.mig(0, 5, true))
                .with(new FaultPlan.SampleClock(6, 1_000_000L))
                .withErrors(0.001).withChurn(0.01).withCountGrowth(0.02).withGpuLoss(0.0001);
    }

    @Test
    void thePresetWriterWritesAJavaPresetWithItsFaultsAndListsIt() throws IOException {
        Files.writeString(dir.resolve(Scenarios.INDEX), "bare-metal\n");
        Path file = PresetWriter.write(dir, "tiny-host", PresetResourcesTest.class.getName() + "#tinyHost",
                PresetResourcesTest.class.getName() + "#tinyFaults");
        assertEquals(dir.resolve("tiny-host.json"), file);
        ScenarioFile read = ScenarioFiles.readFile(file, Scenarios.DEFAULT_START_US);
        assertEquals("tiny-host", read.scenario().name(), "named by the command, not the method");
        assertEquals(tinyHost(Scenarios.DEFAULT_SEED).gpus(), read.scenario().gpus());
        assertEquals(List.of(1L, 0L), read.scenario().vgpuDriverCapabilities(), "every part of the host is kept");
        assertEquals(tinyFaults(), read.faults());
        assertEquals(List.of("bare-metal", "tiny-host"), Files.readAllLines(dir.resolve(Scenarios.INDEX)));
        PresetWriter.write(dir, "tiny-host", PresetResourcesTest.class.getName() + "#tinyHost", null);
        assertEquals(List.of("bare-metal", "tiny-host"), Files.readAllLines(dir.resolve(Scenarios.INDEX)),
                "written again, listed once");
    }

    private static List<Object> loads(Scenario s) {
        List<Object> out = new ArrayList<>();
        for (SimGpu g : s.gpus()) {
            out.add(g.utilization());
            out.add(g.temperatureC());
            out.add(g.powerUsageMw());
        }
        return out;
    }
}
