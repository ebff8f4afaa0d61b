package io.smi4j.mock.nativelib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.mock.Scenarios;
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
        for (String preset : Scenarios.names()) {
            String[] lines = NativeMock.script(Scenarios.create(preset, 2)).split("\n");
            assertEquals("smi4j-native-script 1", lines[0]);
            for (int i = 1; i < lines.length; i++) {
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
