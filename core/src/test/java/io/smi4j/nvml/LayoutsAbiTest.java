package io.smi4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.nvml.jna.Layouts;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ABI conformance: the binding's {@link Layouts} against what gcc computes from NVIDIA's nvml.h.
 * {@code core/src/test/c/layout_probe.c} prints one {@code Class.CONSTANT value} line per constant
 * (sizeof, offsetof, version words, buffer sizes); every constant must match and both sides must
 * name the same set.
 */
class LayoutsAbiTest {

    private static Map<String, Long> probe;
    private static Map<String, Long> binding;

    @BeforeAll
    static void compileAndRunTheProbe() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        Path source = probeSource();
        Path dir = Files.createDirectories(Path.of("target", "layout-probe"));
        Path exe = dir.resolve("layout_probe");
        String compiler = run(List.of("gcc", "--version"), true);
        if (compiler == null) {
            NvmlSdk.unavailable("gcc not found: cannot compile the layout probe");
        }
        run(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-I" + sdk.includeDir(), "-I" + newerHeaderDir(), "-o", exe.toString(),
                source.toAbsolutePath().toString()), false);
        probe = new TreeMap<>();
        for (String line : run(List.of(exe.toAbsolutePath().toString()), false).split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split(" ");
                probe.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        binding = bindingConstants();
    }

    @Test
    void everyStructSizeOffsetAndVersionWordOfTheBindingMatchesNvmlH() {
        List<String> mismatches = new ArrayList<>();
        binding.forEach((name, value) -> {
            Long c = probe.get(name);
            if (c != null && c.longValue() != value) {
                mismatches.add(name + ": binding " + value + ", nvml.h " + c);
            }
        });
        assertTrue(mismatches.isEmpty(), "layout mismatches: " + mismatches);
        System.out.printf("ABI conformance: %d constants in %d structs/groups match nvml.h%n",
                binding.size(), binding.keySet().stream().map(k -> k.substring(0, k.indexOf('.')))
                        .distinct().count());
    }

    @Test
    void theProbeAndTheBindingNameTheSameConstants() {
        assertEquals(new TreeSet<>(probe.keySet()), new TreeSet<>(binding.keySet()));
    }

    @Test
    void versionedStructsCarryTheirSizeAndVersionInTheVersionWord() {
        assertEquals(0x02000028L, probe.get("Memory_v2.VERSION"));
        assertEquals(0x01000020L, probe.get("VgpuInstancesUtilizationInfo_v1.VERSION"));
        assertEquals(0x01000008L, probe.get("VgpuHeterogeneousMode_v1.VERSION"));
        assertEquals(0x01000008L, probe.get("VgpuPlacementId_v1.VERSION"));
        assertEquals(0x01000018L, probe.get("VgpuPlacementList_v1.VERSION"));
    }

    @Test
    void theSchedulerLogHoldsTwoHundredEntriesAfterItsHeader() {
        assertEquals(Layouts.VgpuSchedulerLog.LOG_ENTRIES
                        + Layouts.Constants.SCHEDULER_SW_MAX_LOG_ENTRIES * Layouts.VgpuSchedulerLogEntry.SIZE,
                Layouts.VgpuSchedulerLog.SIZE);
    }

    /** {@code core/src/test/c/layout_probe.c}: one line per constant of the binding, naming its C truth. */
    /** The native mock's hand-defined declarations of nvml.h 13.2 and newer ({@code nvml_newer.h}), which the probe includes. */
    static Path newerHeaderDir() {
        Path dir = Path.of(System.getProperty("smi4j.root", "..")).resolve("mock/src/main/native");
        return dir.toAbsolutePath();
    }

    static Path probeSource() {
        Path source = Path.of(System.getProperty("smi4j.root", "..")).resolve("core/src/test/c/layout_probe.c");
        return Files.isRegularFile(source) ? source : Path.of("src/test/c/layout_probe.c");
    }

    /** Every int constant of {@link Layouts}, as {@code Class.CONSTANT}. */
    static Map<String, Long> bindingConstants() throws IllegalAccessException {
        Map<String, Long> constants = new TreeMap<>();
        for (Class<?> type : Layouts.class.getDeclaredClasses()) {
            for (Field f : type.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                    constants.put(type.getSimpleName() + "." + f.getName(), (long) f.getInt(null));
                }
            }
        }
        return constants;
    }

    /** Runs a command; its stdout, or (when {@code soft}) null if it cannot start. */
    static String run(List<String> command, boolean soft) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (soft) {
                return null;
            }
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + rc + ":\n" + out);
        }
        return out;
    }
}
