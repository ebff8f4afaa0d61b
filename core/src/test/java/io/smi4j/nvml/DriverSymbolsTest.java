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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The binding's symbols against the dynamic symbol tables ({@code nm -D}) of the real R535, R550 and
 * R555 builds: every direct-mapped (required) function is exported by all three, every optional one is
 * missing from R535 (so it must stay optional) and exported by R550 and R555.
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

    @Test
    void everyOptionalFunctionIsMissingFromR535AndExportedByR550() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        Set<String> r535 = exported(sdk.libR535());
        Set<String> r550 = exported(sdk.libR550());
        for (NvmlFunction function : NvmlBinding.OPTIONAL_FUNCTIONS) {
            String f = function.name();
            assertFalse(r535.contains(f), f + " is exported by R535: it could be required");
            assertTrue(r550.contains(f), f + " is not exported by R550");
            System.out.println("optional: " + f + " (R535: absent, R550: present)");
        }
    }

    @Test
    void r555ExportsEveryRequiredAndEveryOptionalFunction() throws Exception {
        Set<String> r555 = exported(NvmlSdk.require().requireLibR555());
        List<String> missing = new ArrayList<>();
        for (String f : NvmlBinding.requiredFunctions()) {
            if (!r555.contains(f)) {
                missing.add(f);
            }
        }
        for (String f : optionalNames()) {
            if (!r555.contains(f)) {
                missing.add(f + " (optional)");
            }
        }
        assertTrue(missing.isEmpty(), "not exported by R555: " + missing);
        System.out.printf("R555 exports all %d required and %d optional functions%n",
                NvmlBinding.requiredFunctions().size(), optionalNames().size());
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
