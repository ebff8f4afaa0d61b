package io.smi4j.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.nvml.jna.NvmlBinding;
import io.smi4j.testing.NvmlSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The binding's symbols against the dynamic symbol tables ({@code nm -D}) of the real R535, R550 and
 * R555 builds: every direct-mapped (required) function is exported by all three, and each optional one by
 * exactly the builds {@link #OPTIONAL_PRESENCE} names (the R550 calls are missing from R535, so they must stay
 * optional; the newer vGPU facts are bound optionally whatever these builds export).
 */
class DriverSymbolsTest {

    @Test
    void everyRequiredFunctionIsExportedByBothR535AndR550() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        Set<String> r535 = exported(sdk.libR535());
        Set<String> r550 = exported(sdk.libR550());
        List<String> missing = new ArrayList<>();
        for (String f : NvmlBinding.requiredFunctions()) {
            if (!r535.contains(f)) {
                missing.add(f + " (R535)");
            }
            if (!r550.contains(f)) {
                missing.add(f + " (R550)");
            }
        }
        assertTrue(missing.isEmpty(), "required but not exported: " + missing);
        System.out.printf("required functions: %d, all exported by R535 and R550%n",
                NvmlBinding.requiredFunctions().size());
    }

    /** Which real builds export each optional function, as {@code nm -D} lists them. */
    static final Map<NvmlFunction, Set<String>> OPTIONAL_PRESENCE = Map.ofEntries(
            Map.entry(NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlDeviceGetVgpuHeterogeneousMode, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlDeviceGetVgpuTypeSupportedPlacements, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlDeviceGetVgpuTypeCreatablePlacements, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlVgpuInstanceGetPlacementId, Set.of("R550", "R555")),
            // the newer vGPU facts: BAR1 info (R560) and the runtime state size (R570) are in none of them
            Map.entry(NvmlFunction.nvmlVgpuTypeGetBAR1Info, Set.of()),
            Map.entry(NvmlFunction.nvmlVgpuTypeGetFbReservation, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlVgpuTypeGetGspHeapSize, Set.of("R550", "R555")),
            Map.entry(NvmlFunction.nvmlVgpuInstanceGetRuntimeStateSize, Set.of()),
            Map.entry(NvmlFunction.nvmlDeviceGetVgpuCapabilities, Set.of("R535", "R550", "R555")),
            Map.entry(NvmlFunction.nvmlGetVgpuDriverCapabilities, Set.of("R535", "R550", "R555")));

    @Test
    void everyOptionalFunctionIsExportedByExactlyTheBuildsItsPresenceNames() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        Map<String, Set<String>> builds = Map.of("R535", exported(sdk.libR535()), "R550", exported(sdk.libR550()),
                "R555", exported(sdk.requireLibR555()));
        assertEquals(Set.copyOf(NvmlBinding.OPTIONAL_FUNCTIONS), OPTIONAL_PRESENCE.keySet(),
                "every optional function has its presence listed");
        List<String> wrong = new ArrayList<>();
        for (NvmlFunction function : NvmlBinding.OPTIONAL_FUNCTIONS) {
            Set<String> present = new TreeSet<>();
            builds.forEach((build, names) -> {
                if (names.contains(function.name())) {
                    present.add(build);
                }
            });
            if (!present.equals(new TreeSet<>(OPTIONAL_PRESENCE.get(function)))) {
                wrong.add(function + ": exported by " + present + ", listed " + OPTIONAL_PRESENCE.get(function));
            }
            System.out.println("optional: " + function + " exported by " + present);
        }
        assertTrue(wrong.isEmpty(), String.join("; ", wrong));
    }

    @Test
    void r555ExportsEveryRequiredAndEveryOptionalFunctionOfR550() throws Exception {
        Set<String> r555 = exported(NvmlSdk.require().requireLibR555());
        List<String> missing = new ArrayList<>();
        for (String f : NvmlBinding.requiredFunctions()) {
            if (!r555.contains(f)) {
                missing.add(f);
            }
        }
        for (NvmlFunction function : NvmlBinding.OPTIONAL_FUNCTIONS) {
            String f = function.name();
            if (OPTIONAL_PRESENCE.get(function).contains("R550") && !r555.contains(f)) {
                missing.add(f + " (optional)");
            }
        }
        assertTrue(missing.isEmpty(), "not exported by R555: " + missing);
        System.out.printf("R555 exports all %d required functions and the optional ones R550 exports%n",
                NvmlBinding.requiredFunctions().size());
    }

    @Test
    void everyNewerOptionalFunctionIsExportedByNoneOfR535R550AndR555() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        Set<String> r535 = exported(sdk.libR535());
        Set<String> r550 = exported(sdk.libR550());
        Set<String> r555 = exported(sdk.requireLibR555());
        for (NvmlFunction function : NvmlBinding.NEWER_OPTIONAL_FUNCTIONS) {
            String f = function.name();
            assertFalse(r535.contains(f), f + " is exported by R535");
            assertFalse(r550.contains(f), f + " is exported by R550");
            assertFalse(r555.contains(f), f + " is exported by R555: it belongs to OPTIONAL_FUNCTIONS");
            System.out.println("newer optional: " + f + " (R535, R550, R555: absent)");
        }
        assertFalse(NvmlBinding.NEWER_OPTIONAL_FUNCTIONS.isEmpty());
    }

    @Test
    void theRequiredAndOptionalSetsDoNotOverlap() {
        Set<String> both = new TreeSet<>(NvmlBinding.requiredFunctions());
        both.retainAll(allOptionalNames());
        assertTrue(both.isEmpty(), both.toString());
    }

    @Test
    void everyNvmlFunctionIsBoundAsRequiredOrOptionalAndNothingElseIs() {
        Set<String> bound = new TreeSet<>(NvmlBinding.requiredFunctions());
        bound.addAll(allOptionalNames());
        Set<String> named = new TreeSet<>();
        for (NvmlFunction f : NvmlFunction.values()) {
            named.add(f.name());
        }
        assertEquals(named, bound);
    }

    private static List<String> optionalNames() {
        return NvmlBinding.OPTIONAL_FUNCTIONS.stream().map(NvmlFunction::name).toList();
    }

    private static List<String> allOptionalNames() {
        List<String> names = new ArrayList<>(optionalNames());
        NvmlBinding.NEWER_OPTIONAL_FUNCTIONS.forEach(f -> names.add(f.name()));
        return names;
    }

    @Test
    void theR535BuildLacksNoRequiredFunctionAccordingToJna() {
        NvmlSdk sdk = NvmlSdk.require();
        assertTrue(NvmlBinding.missingRequired(NvmlBinding.open(sdk.libR535())).isEmpty());
        assertTrue(NvmlBinding.missingRequired(NvmlBinding.open(sdk.libR550())).isEmpty());
    }

    private static Set<String> exported(Path lib) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("nm", "-D", "--defined-only", lib.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return NvmlSdk.unavailable("nm (binutils) not found: cannot list " + lib);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("nm -D " + lib + " failed:\n" + out);
        }
        Set<String> names = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                names.add(parts[2]);
            }
        }
        return names;
    }
}
