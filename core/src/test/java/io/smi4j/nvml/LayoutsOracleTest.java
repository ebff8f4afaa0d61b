package io.smi4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.nvml.jna.Layouts;
import io.smi4j.testing.NvmlSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ABI conformance against the newest header: every constant of {@link Layouts} that {@code layout_probe.c} checks
 * against nvml.h 12.4 ({@link LayoutsAbiTest}) checked again against nvml.h 13.3, as JavaCPP compiled it in
 * {@code org.bytedeco:cuda:13.3-9.25-1.5.14} ({@link AbiOracle}, in a child JVM so that the real library it needs
 * loaded stays out of this one): the same struct sizes, member offsets and version words, so the binding is right
 * for today's drivers too.
 */
class LayoutsOracleTest {

    private static final Pattern PROBE = Pattern.compile(
            "^\\s*(SIZE|OFF|VAL)\\((\\w+), (\\w+)(?:, ([\\w.]+))?(?:, ([\\w.]+))?\\);", Pattern.MULTILINE);
    private static final Pattern VAL = Pattern.compile("^\\s*VAL\\((\\w+), (\\w+), (.+)\\);$", Pattern.MULTILINE);

    private static Map<String, String> oracle;
    private static Map<String, String> kinds;

    @BeforeAll
    static void askTheOracle() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        if (LayoutsAbiTest.run(List.of("gcc", "--version"), true) == null) {
            NvmlSdk.unavailable("gcc not found: cannot build the stub libcuda.so.1 the oracle links to");
        }
        Path dir = Files.createDirectories(Path.of("target", "abi-oracle"));
        Path stubSource = Files.writeString(dir.resolve("cuda_stub.c"), "void smi4j_cuda_stub(void) {}\n");
        Path stub = dir.resolve("libcuda.so.1");
        LayoutsAbiTest.run(List.of("gcc", "-shared", "-fPIC", "-Wl,-soname,libcuda.so.1", "-o", stub.toString(),
                stubSource.toString()), false);
        List<String> queries = new ArrayList<>();
        kinds = new TreeMap<>();
        String probe = Files.readString(LayoutsAbiTest.probeSource());
        Matcher m = PROBE.matcher(probe);
        while (m.find()) {
            switch (m.group(1)) {
                case "SIZE" -> {
                    queries.add("SIZE " + m.group(2) + " " + m.group(3));
                    kinds.put(m.group(2) + ".SIZE", "SIZE");
                }
                case "OFF" -> {
                    queries.add("OFF " + m.group(2) + " " + m.group(3) + " " + m.group(4) + " " + m.group(5));
                    kinds.put(m.group(2) + "." + m.group(3), "OFF");
                }
                default -> {
                }
            }
        }
        Matcher v = VAL.matcher(probe);
        while (v.find()) {
            queries.add("VAL " + v.group(1) + " " + v.group(2) + " " + v.group(3));
            kinds.put(v.group(1) + "." + v.group(2), "VAL");
        }
        // the port's capability enums, by the names of 13.3's constants
        List<String> capabilities = new ArrayList<>();
        for (DeviceVgpuCapability c : DeviceVgpuCapability.values()) {
            capabilities.add("DeviceVgpuCapability " + c.name() + " NVML_DEVICE_VGPU_CAP_" + c.name());
        }
        capabilities.add("DeviceVgpuCapability COUNT NVML_DEVICE_VGPU_CAP_COUNT");
        for (VgpuDriverCapability c : VgpuDriverCapability.values()) {
            capabilities.add("VgpuDriverCapability " + c.name() + " NVML_VGPU_DRIVER_CAP_" + c.name());
        }
        capabilities.add("VgpuDriverCapability COUNT NVML_VGPU_DRIVER_CAP_COUNT");
        for (String c : capabilities) {
            String[] f = c.split(" ");
            queries.add("VAL " + c);
            kinds.put(f[0] + "." + f[1], "CAP");
        }
        Path spec = Files.write(dir.resolve("queries.txt"), queries);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = LayoutsAbiTest.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp-cache").toAbsolutePath(),
                AbiOracle.class.getName(), stub.toString(), sdk.libR550().toString(), spec.toString()), false);
        oracle = new TreeMap<>();
        for (String line : out.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && kinds.containsKey(line.substring(0, space))) {
                oracle.put(line.substring(0, space), line.substring(space + 1));
            }
        }
    }

    @Test
    void everyStructSizeAndMemberOffsetOfTheBindingMatchesNvmlH133() throws Exception {
        Map<String, Long> binding = LayoutsAbiTest.bindingConstants();
        List<String> mismatches = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        int structs = 0;
        int checked = 0;
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            if (!e.getValue().equals("SIZE") && !e.getValue().equals("OFF")) {
                continue;
            }
            String answer = oracle.get(e.getKey());
            if (answer == null || answer.startsWith("?")) {
                unanswered.add(e.getKey() + " " + answer);
                continue;
            }
            checked++;
            structs += e.getValue().equals("SIZE") ? 1 : 0;
            if (Long.parseLong(answer) != binding.get(e.getKey())) {
                mismatches.add(e.getKey() + ": binding " + binding.get(e.getKey()) + ", nvml.h 13.3 " + answer);
            }
        }
        assertTrue(unanswered.isEmpty(), "the 13.3 oracle has no answer for: " + unanswered);
        assertTrue(mismatches.isEmpty(), "layout mismatches against nvml.h 13.3: " + mismatches);
        assertEquals(kinds.values().stream().filter(k -> k.equals("SIZE")).count(), structs);
        System.out.printf("13.3 ABI oracle: %d sizes and offsets of %d structs match nvml.h 13.3%n", checked, structs);
    }

    @Test
    void everyVersionWordAndEnumValueTheHeaderNamesMatchesNvmlH133() throws Exception {
        Map<String, Long> binding = LayoutsAbiTest.bindingConstants();
        List<String> mismatches = new ArrayList<>();
        List<String> notConstants = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            if (!e.getValue().equals("VAL")) {
                continue;
            }
            String answer = oracle.get(e.getKey());
            if (answer == null || answer.startsWith("?")) {
                notConstants.add(e.getKey());
                continue;
            }
            checked++;
            long expected = binding.get(e.getKey());
            if (Long.parseLong(answer) != expected) {
                mismatches.add(e.getKey() + ": binding " + binding.get(e.getKey()) + ", nvml.h 13.3 " + answer);
            }
        }
        assertTrue(mismatches.isEmpty(), "constant mismatches against nvml.h 13.3: " + mismatches);
        // only the sizeof expressions (buffer lengths), which the offsets above already pin, are not the oracle's
        assertEquals(List.of("VgpuProcessUtilizationSample.PROCESS_NAME_SIZE"), notConstants,
                () -> "unanswered: " + oracle);
        System.out.printf("13.3 ABI oracle: %d version words and constants match nvml.h 13.3%n", checked);
    }

    @Test
    void theVgpuCapabilityEnumsAreNvmlH133sNamesValuesAndCount() {
        List<String> mismatches = new ArrayList<>();
        for (DeviceVgpuCapability c : DeviceVgpuCapability.values()) {
            String answer = oracle.get("DeviceVgpuCapability." + c.name());
            if (answer == null || !answer.equals(Integer.toString(c.code()))) {
                mismatches.add("NVML_DEVICE_VGPU_CAP_" + c.name() + ": " + c.code() + ", nvml.h 13.3 " + answer);
            }
        }
        for (VgpuDriverCapability c : VgpuDriverCapability.values()) {
            String answer = oracle.get("VgpuDriverCapability." + c.name());
            if (answer == null || !answer.equals(Integer.toString(c.code()))) {
                mismatches.add("NVML_VGPU_DRIVER_CAP_" + c.name() + ": " + c.code() + ", nvml.h 13.3 " + answer);
            }
        }
        assertTrue(mismatches.isEmpty(), "capability mismatches against nvml.h 13.3: " + mismatches);
        // no capability of 13.3 is missing from the enums
        assertEquals(Integer.toString(DeviceVgpuCapability.values().length), oracle.get("DeviceVgpuCapability.COUNT"));
        assertEquals(Integer.toString(VgpuDriverCapability.values().length), oracle.get("VgpuDriverCapability.COUNT"));
    }
}
