package io.smi4j.mock.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.HostRecorder;
import io.smi4j.mock.MockNvml;
import io.smi4j.mock.ScenarioFiles;
import io.smi4j.mock.Scenarios;
import io.smi4j.mock.SimClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scripts {@link NativeMock#script} writes are what mock_script.c reads: every call is in its table with the
 * arity the table says (a setup call added to NativeMock.apply but not to the table would fail at nvmlInit), and
 * strings are single tokens.
 */
class NativeScriptTest {

    @Test
    void everyScriptedCallOfEveryPresetIsInTheNativeTableWithItsArity() throws IOException {
        Path c = Path.of(System.getProperty("smi4j.root", "..")).resolve("mock/src/main/native/mock_script.c");
        Map<String, Integer> arity = new HashMap<>();
        Matcher m = Pattern.compile("\\{\"(\\w+)\", \"([ilds]+)\"\\}").matcher(Files.readString(c));
        while (m.find()) {
            arity.put(m.group(1), m.group(2).length());
        }
        assertTrue(arity.size() > 20, "the table was found: " + arity.keySet());
        List<String> scripts = new ArrayList<>();
        for (String preset : Scenarios.names()) {
            scripts.add(NativeMock.script(Scenarios.create(preset, 2)));
        }
        // a file with a timeline: "poll N" lines between whole hosts
        Path file = Files.createTempFile("smi4j-timeline", ".json");
        try {
            Instant start = Instant.parse("2025-11-13T00:00:00Z");
            Files.writeString(file, ScenarioFiles.write(HostRecorder.record(MockNvml.live("vgpu-host", 2,
                    SimClock.fixed(start)), "vgpu-host", 3, 0, ms -> { }), 0, false));
            scripts.add(NativeMock.script(ScenarioFiles.readFile(file, null)));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Files.delete(file);
        }
        assertTrue(scripts.get(scripts.size() - 1).contains("\npoll 3\nreset "), "a timeline's poll starts a host");
        for (String script : scripts) {
            String preset = script.lines().skip(1).findFirst().orElse("");
            String[] lines = script.split("\n");
            assertEquals("smi4j-native-script 1", lines[0]);
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].matches("poll [0-9]+")) {
                    continue; // a directive of the script, not a call
                }
                String[] tokens = lines[i].split(" ");
                String at = preset + " line " + (i + 1) + ": " + lines[i];
                assertTrue(arity.containsKey(tokens[0]), "not in mock_script.c's table: " + at);
                assertEquals(arity.get(tokens[0]), tokens.length - 1, at);
            }
        }
    }

    @Test
    void stringsAreEscapedToOneTokenAndKeepTheirBytes() {
        String script = NativeMock.script(Scenarios.create("vgpu-host", 1));
        assertTrue(script.contains("add_gpu 'NVIDIA%20A100-PCIE-40GB 'GPU-"), script.substring(0, 300));
    }
}
