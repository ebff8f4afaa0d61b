package io.smi4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.MigBackedScenario;
import io.smi4j.mock.ScenarioFiles;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimGpuInstance;
import io.smi4j.mock.scenario.SimGpuInstanceVgpus;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.mock.scenario.SimVgpuHost;
import io.smi4j.mock.scenario.SimVgpuType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smi4j vgpu capacity} against the mock presets: every number it prints is derived here again from the
 * scenario's own facts (the running vGPUs with their placements, the types' sizes and maxima), not from what the
 * mock says is creatable.
 */
class VgpuCapacityCommandTest {

    private static final Pattern SAMPLE = Pattern.compile(
            "^(\\w+)\\{[^}]*gpu_index=\"(\\d+)\"[^}]*vgpu_type_id=\"(\\d+)\"} (\\S+)$", Pattern.MULTILINE);

    @Test
    void onTheR550VgpuHostEveryTypesCapacityIsWhatItsFreePlacementsOrItsMaximumLeave() {
        assertCapacityMatchesTheScenario("vgpu-host", false);
    }

    @Test
    void onTheR535VgpuHostEveryTypesCapacityIsItsMaximumMinusThoseRunningOrNone() {
        assertCapacityMatchesTheScenario("vgpu-host-large", true);
    }

    @Test
    void onTheR580VgpuHostEveryTypesCapacityIsWhatItsFreePlacementsLeave() {
        assertCapacityMatchesTheScenario("vgpu-host-r580", false);
        Map<String, Double> capacity = samples(run("vgpu-host-r580", "prometheus"),
                "allsmi_vgpu_type_creatable_capacity");
        // GPU 0 runs 4x 8Q at slots 0-31 and 2x 24Q at 48-71 and 72-95: 4Q fits at 32-44 (4), 12Q only at 36,
        // 24Q nowhere; the empty GPU 1 takes its maximum of each
        assertEquals(4, capacity.get("0/1180"));
        assertEquals(1, capacity.get("0/1182"));
        assertEquals(0, capacity.get("0/1183"));
        assertEquals(24, capacity.get("1/1180"));
        assertEquals(1, capacity.get("1/1185"));
    }

    @Test
    void theHeterogeneousGpuHasRoomForSomeTypesButNotForTheOneWhosePlacementsAreTaken() {
        Map<String, Double> capacity = samples(run("vgpu-host", "prometheus"), "allsmi_vgpu_type_creatable_capacity");
        // GPU 3 runs 4x 4Q at slots 0-15 and 2x 8Q at 16-31: 1Q may only start at slots 0-31, so none fits,
        // though 16 GiB are free; 2Q fits at the 8 even slots 32-46
        assertEquals(0, capacity.get("3/900"));
        assertEquals(8, capacity.get("3/901"));
    }

    @Test
    void theTableAndTheJsonDocumentPrintTheSameCapacity() {
        Map<String, Double> capacity = samples(run("vgpu-host", "prometheus"), "allsmi_vgpu_type_creatable_capacity");
        String json = run("vgpu-host", "json");
        assertTrue(json.contains("\"schema\": \"smi4j.vgpu-capacity/1\""), json);
        Matcher m = Pattern.compile("\"gpuIndex\": (\\d+)|\"typeId\": (\\d+)|\"creatableCapacity\": (\\d+)")
                .matcher(json);
        String gpu = null;
        String type = null;
        int seen = 0;
        while (m.find()) {
            if (m.group(1) != null) {
                gpu = m.group(1);
            } else if (m.group(2) != null) {
                type = m.group(2);
            } else {
                assertEquals(capacity.get(gpu + "/" + type), Double.parseDouble(m.group(3)), gpu + "/" + type);
                seen++;
            }
        }
        assertEquals(capacity.size(), seen);
        String table = run("vgpu-host", "table");
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s+NVIDIA L40S-2Q\\s+901\\s+2\\.0 GiB\\s+24\\s+0\\s+8\\s+1"
                + "\\s+32,34,36,38,40,42,44,46")), table);
    }

    /**
     * MIG-backed vGPU ({@link MigBackedScenario} as a scenario file): per GPU instance and type, the capacity is the
     * type's placements inside the instance (k * size, k below its maximum per instance) that no vGPU running on that
     * instance occupies, in all three formats.
     */
    @Test
    void onAMigBackedHostEachGpuInstancesCapacityIsWhatItsRunningVgpusLeave(@TempDir Path dir) throws Exception {
        Scenario s = MigBackedScenario.create();
        Path file = dir.resolve("mig-backed.json");
        ScenarioFiles.write(s, 1_762_992_000_000_000L, file);
        String prometheus = Smi4jCliTest.run("vgpu", "capacity", "--mock", file.toString(), "--format", "prometheus")
                .ok().out();
        String json = Smi4jCliTest.run("vgpu", "capacity", "--mock", file.toString(), "--format", "json").ok().out();
        String table = Smi4jCliTest.run("vgpu", "capacity", "--mock", file.toString()).ok().out();
        Map<String, Double> capacity = new HashMap<>();
        int types = assertGpuInstanceCapacityMatchesTheScenario(s, prometheus, json, table, capacity);
        assertEquals(types, capacity.size());
        assertEquals(3, types); // 711 on instance 1, 712 on instances 2 and 3
        // by hand: instance 1 full, instance 2 one more 2-5C (at 1), instance 3 two (at 0 and 1)
        assertEquals(0, capacity.get("0/1/711"));
        assertEquals(1, capacity.get("0/2/712"));
        assertEquals(2, capacity.get("0/3/712"));
        Matcher j = Pattern.compile("\"maxInstancesPerGpuInstance\": (\\d+)").matcher(json);
        int seen = 0;
        while (j.find()) {
            assertEquals("2", j.group(1));
            seen++;
        }
        assertEquals(3, seen, json);
    }

    /**
     * Every MIG-backed (GPU instance, type) of {@code s}: its capacity is the type's placements inside the instance
     * (k * size, k below its maximum per instance) that no vGPU running on that instance occupies, its running count
     * the vGPUs of the type there, in the Prometheus text, the JSON and the table. Fills {@code capacity} by
     * "gpu index/gpu instance id/type id"; returns how many (GPU instance, type) pairs there are.
     */
    private static int assertGpuInstanceCapacityMatchesTheScenario(Scenario s, String prometheus, String json,
            String table, Map<String, Double> capacity) {
        Pattern sample = Pattern.compile("^allsmi_vgpu_gpu_instance_type_(creatable_capacity|instances)\\{[^}]*"
                + "gpu_index=\"(\\d+)\"[^}]*gpu_instance_id=\"(\\d+)\"[^}]*vgpu_type_id=\"(\\d+)\"} (\\S+)$",
                Pattern.MULTILINE);
        Map<String, Double> running = new HashMap<>();
        Matcher m = sample.matcher(prometheus);
        while (m.find()) {
            (m.group(1).equals("instances") ? running : capacity).put(m.group(2) + "/" + m.group(3) + "/" + m.group(4),
                    Double.parseDouble(m.group(5)));
        }
        int types = 0;
        for (int i = 0; i < s.gpus().size(); i++) {
            SimGpu g = s.gpus().get(i);
            for (SimGpuInstance gi : g.gpuInstances()) {
                if (gi.vgpuHost().isEmpty()) {
                    continue;
                }
                long id = gi.instance().id();
                List<SimVgpu> on = g.vgpuHost().orElseThrow().vgpus().stream().filter(v -> v.gpuInstanceId() == id)
                        .toList();
                for (SimGpuInstanceVgpus.Type t : gi.vgpuHost().get().types()) {
                    String key = i + "/" + id + "/" + t.typeId();
                    List<Long> free = new ArrayList<>();
                    for (long k = 0; k < t.maxInstancesPerGpuInstance(); k++) {
                        long start = k * t.placementSize();
                        boolean clear = on.stream().noneMatch(v -> v.placementId() < start + t.placementSize()
                                && start < v.placementId() + sizeOf(gi, v.typeId()));
                        if (clear) {
                            free.add(start);
                        }
                    }
                    long run = on.stream().filter(v -> v.typeId() == t.typeId()).count();
                    assertEquals(free.size(), capacity.get(key).longValue(), key);
                    assertEquals(run, running.get(key).longValue(), key);
                    assertTrue(json.contains("\"gpuInstanceId\": " + id), json);
                    String freeText = free.isEmpty() ? "(none|-)" : free.stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(","));
                    String name = g.vgpuHost().orElseThrow().types().stream().filter(x -> x.id() == t.typeId())
                            .findFirst().orElseThrow().name();
                    String line = "\\s+" + Pattern.quote(name) + "\\s+" + t.typeId() + "\\s+"
                            + t.maxInstancesPerGpuInstance() + "\\s+" + run + "\\s+" + free.size() + "\\s+" + freeText;
                    assertTrue(table.lines().anyMatch(l -> l.matches(line)), key + "\n" + table);
                    types++;
                }
            }
        }
        assertEquals(types, capacity.size());
        return types;
    }

    /**
     * The {@code vgpu-host-r580} preset's GPU 2 (RTX PRO 6000 Blackwell in MIG mode, four 1g.24gb+gfx instances):
     * instance 1 full (one 1-24Q), instance 2 full (two 1-12Q at 0 and 2), instance 3 heterogeneous with a 1-12Q at 0
     * and a 1-6Q at 2 (one more 1-6Q at 3), instance 4 empty.
     */
    @Test
    void onTheR580PresetsMigBackedGpuEachGpuInstancesCapacityIsWhatItsRunningVgpusLeave() {
        Scenario s = Scenarios.create("vgpu-host-r580", 1);
        Map<String, Double> capacity = new HashMap<>();
        int types = assertGpuInstanceCapacityMatchesTheScenario(s, run("vgpu-host-r580", "prometheus"),
                run("vgpu-host-r580", "json"), run("vgpu-host-r580", "table"), capacity);
        assertEquals(12, types); // three types on each of four instances
        // by hand
        for (long t : new long[] {1190, 1191, 1192}) {
            assertEquals(0, capacity.get("2/1/" + t));
            assertEquals(0, capacity.get("2/2/" + t));
        }
        assertEquals(0, capacity.get("2/3/1190"));
        assertEquals(0, capacity.get("2/3/1191"));
        assertEquals(1, capacity.get("2/3/1192"));
        assertEquals(1, capacity.get("2/4/1190"));
        assertEquals(2, capacity.get("2/4/1191"));
        assertEquals(4, capacity.get("2/4/1192"));
        // the GPU's own figure per type is what its instances can still take together, not "maximum minus running"
        Map<String, Double> gpu = samples(run("vgpu-host-r580", "prometheus"), "allsmi_vgpu_type_creatable_capacity");
        assertEquals(1, gpu.get("2/1190"));
        assertEquals(2, gpu.get("2/1191"));
        assertEquals(5, gpu.get("2/1192"));
    }

    @Test
    void aHostWithoutAVgpuHostGpuFailsWithOneLine() {
        Smi4jCliTest.run("vgpu", "capacity", "--mock", "bare-metal").fails(1, "is in vGPU host mode");
        Smi4jCliTest.run("vgpu", "capacity", "--mock", "vgpu-guest", "--format", "json")
                .fails(1, "is in vGPU host mode");
    }

    @Test
    void withoutADriverItExitsThreeNamingTheCause() {
        Smi4jCliTest.run("vgpu", "capacity", "--mock", "no-driver").fails(3, "no NVIDIA driver");
    }

    private static void assertCapacityMatchesTheScenario(String preset, boolean r535) {
        Scenario s = Scenarios.create(preset, 1);
        String text = run(preset, "prometheus");
        Map<String, Double> capacity = samples(text, "allsmi_vgpu_type_creatable_capacity");
        Map<String, Double> running = samples(text, "allsmi_vgpu_type_instances");
        int types = 0;
        for (int i = 0; i < s.gpus().size(); i++) {
            SimGpu g = s.gpus().get(i);
            SimVgpuHost h = g.vgpuHost().orElseThrow();
            for (SimVgpuType t : h.types()) {
                String key = i + "/" + t.id();
                if (g.mig().current()) {
                    // MIG-backed types (vgpu-host-r580's GPU 2): the GPU's capacity is the sum over its GPU
                    // instances, checked by hand in onTheR580PresetsMigBackedGpuEachGpuInstancesCapacityIsWhatIts...
                    assertTrue(capacity.containsKey(key), key);
                    types++;
                    continue;
                }
                long run = h.vgpus().stream().filter(v -> v.typeId() == t.id()).count();
                long expected = !r535 && h.heterogeneousMode() == 1 ? freePlacements(h, t) : onlyType(h, t, run);
                assertEquals(expected, capacity.get(key).longValue(), key + " " + t.name());
                assertEquals(run, running.get(key).longValue(), key);
                assertTrue(expected <= t.maxInstances() - run, key);
                types++;
            }
        }
        assertEquals(types, capacity.size());
    }

    /** Without heterogeneous mode a GPU runs one type: the maximum minus the running ones, or none of another. */
    private static long onlyType(SimVgpuHost h, SimVgpuType t, long run) {
        boolean another = h.vgpus().stream().anyMatch(v -> v.typeId() != t.id());
        return another ? 0 : t.maxInstances() - run;
    }

    /** The type's placements k * size (k below its maximum) whose slots no running vGPU occupies. */
    private static long freePlacements(SimVgpuHost h, SimVgpuType t) {
        boolean[] used = new boolean[4096];
        for (SimVgpu v : h.vgpus()) {
            SimVgpuType vt = h.types().stream().filter(x -> x.id() == v.typeId()).findFirst().orElseThrow();
            for (long slot = v.placementId(); slot < v.placementId() + vt.placementSize(); slot++) {
                used[(int) slot] = true;
            }
        }
        long free = 0;
        for (long k = 0; k < t.maxInstances(); k++) {
            boolean clear = true;
            for (long slot = k * t.placementSize(); slot < (k + 1) * t.placementSize(); slot++) {
                clear &= !used[(int) slot];
            }
            free += clear ? 1 : 0;
        }
        return free;
    }

    /** The placement slots a vGPU of {@code typeId} takes on GPU instance {@code gi}. */
    private static long sizeOf(SimGpuInstance gi, long typeId) {
        return gi.vgpuHost().orElseThrow().types().stream().filter(t -> t.typeId() == typeId).findFirst()
                .orElseThrow().placementSize();
    }

    private static String run(String preset, String format) {
        return Smi4jCliTest.run("vgpu", "capacity", "--mock", preset, "--format", format).ok().out();
    }

    /** {@code family}'s samples by "gpu index/type id". */
    private static Map<String, Double> samples(String text, String family) {
        Map<String, Double> out = new HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(family)) {
                out.put(m.group(2) + "/" + m.group(3), Double.parseDouble(m.group(4)));
            }
        }
        return out;
    }
}
