package io.smi4j.cli;

import static io.smi4j.cli.Smi4jCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.SimClock;
import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.mock.scenario.Scenario;
import io.smi4j.mock.scenario.SimGpu;
import io.smi4j.mock.scenario.SimProcess;
import io.smi4j.mock.scenario.SimVgpu;
import io.smi4j.testing.NvmlSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code smi4j record} through the real binding: the native mock plays a preset, {@code record --library} writes
 * what JnaNvml read, and {@code snapshot --mock FILE} replays it to the snapshot {@code snapshot --library} took
 * (time fields aside).
 */
class RecordIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void releaseTheMocksStart() {
        System.clearProperty(SimClock.START_PROPERTY);
    }

    private static NativeMock playing(Scenario s) {
        NativeMock mock = NativeMock.load(NvmlSdk.requireBuilt("smi4j.native.mock", "native mock libnvidia-ml.so.1"));
        mock.apply(s);
        return mock;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bare-metal", "vgpu-host", "vgpu-host-large", "vgpu-host-r580", "mig-host",
        "vgpu-guest"})
    void aRecordedHostReplaysToTheSnapshotTheRealBindingTook(String preset) throws Exception {
        NativeMock mock = playing(Scenarios.create(preset, 5));
        String lib = mock.path().toString();
        Path file = dir.resolve(preset + ".json");
        String said = run("record", "--library", lib, "-o", file.toString()).ok().out();
        assertTrue(said.startsWith("smi4j record: wrote " + file), said);
        JsonNode direct = JSON.readTree(run("snapshot", "--library", lib, "-f", "json").ok().out());
        // replayed from the file's own start, so its timestamps are not moved
        System.setProperty(SimClock.START_PROPERTY, JSON.readTree(Files.readString(file)).get("start").asText());
        JsonNode replayed = JSON.readTree(run("snapshot", "--mock", file.toString(), "-f", "json").ok().out());
        assertEquals(withoutTimes(direct), withoutTimes(replayed));
    }

    @Test
    void anonymizedRecordingsHideIdentitiesConsistentlyAndStillReplay() throws Exception {
        Scenario s = Scenarios.create("vgpu-host", 5);
        NativeMock mock = playing(s);
        Path file = dir.resolve("anon.json");
        run("record", "--library", mock.path().toString(), "--anonymize", "-o", file.toString()).ok();
        String text = Files.readString(file);
        for (SimGpu g : s.gpus()) {
            assertFalse(text.contains(g.uuid()), g.uuid());
            for (SimProcess p : g.processes()) {
                assertFalse(text.contains("\"pid\" : " + p.pid() + ","), "pid " + p.pid());
            }
            for (SimVgpu v : g.vgpuHost().map(h -> h.vgpus()).orElse(java.util.List.of())) {
                assertFalse(text.contains(v.uuid()), v.uuid());
                assertFalse(text.contains("\"" + v.vmId().id() + "\""), v.vmId().id());
                for (SimVgpu.Accounting a : v.accounting()) {
                    assertFalse(text.contains("\"pid\" : " + a.pid() + ","), "pid " + a.pid());
                }
            }
        }
        assertTrue(text.contains("\"name\" : \"host\""), "the host's name is replaced");
        // the same value, the same placeholder: as many distinct GPU UUIDs, VM ids and PIDs as before
        JsonNode root = JSON.readTree(text);
        assertEquals(distinct(s.gpus().stream().map(SimGpu::uuid)), distinct(stream(root.get("gpus")).map(g -> g.get("uuid").asText())));
        assertEquals(distinct(vgpus(s).map(v -> v.vmId().id())),
                distinct(stream(root.get("gpus")).flatMap(g -> stream(g.path("vgpuHost").path("vgpus")))
                        .map(v -> v.get("vmId").get("id").asText())));
        assertEquals(distinct(vgpus(s).flatMap(v -> v.accounting().stream()).map(a -> Long.toString(a.pid()))),
                distinct(stream(root.get("gpus")).flatMap(g -> stream(g.path("vgpuHost").path("vgpus")))
                        .flatMap(v -> stream(v.get("accounting"))).map(a -> a.get("pid").asText())));
        String replay = run("snapshot", "--mock", file.toString()).ok().out();
        assertTrue(replay.contains("GPU-00000000-0000-4000-8000-000000000001"), replay);
    }

    @Test
    void withoutALibraryRecordingIsExitThreeAndWritesNothing() {
        Path file = dir.resolve("none.json");
        run("record", "--library", dir.resolve("libnvidia-ml.so.1").toString(), "-o", file.toString())
                .fails(3, "cannot load the NVIDIA library");
        assertFalse(Files.exists(file));
    }

    private static java.util.stream.Stream<SimVgpu> vgpus(Scenario s) {
        return s.gpus().stream().flatMap(g -> g.vgpuHost().map(h -> h.vgpus().stream()).orElse(java.util.stream.Stream.empty()));
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static long distinct(java.util.stream.Stream<String> values) {
        return values.distinct().count();
    }

    private static JsonNode withoutTimes(JsonNode snapshot) {
        ObjectNode o = snapshot.deepCopy();
        o.remove("time");
        o.remove("pollDuration");
        return o;
    }
}
