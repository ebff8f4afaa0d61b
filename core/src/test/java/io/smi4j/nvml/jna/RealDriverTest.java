package io.smi4j.nvml.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.NvmlReturn;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.testing.NvmlSdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * JnaNvml against Debian's real R535 and R550 {@code libnvidia-ml.so.1} on this GPU-less machine:
 * the binding loads, the library answers its version, and init reports the missing driver as a
 * typed result. Every test closes its session, so each can bind a different library in this JVM.
 */
class RealDriverTest {

    @Test
    void r535LoadsAndReportsItsNvmlVersionBeforeInit() {
        try (JnaNvml nvml = JnaNvml.load(NvmlSdk.require().libR535())) {
            assertTrue(nvml.systemNvmlVersion().startsWith("12.535."), nvml.systemNvmlVersion());
        }
    }

    @Test
    void r550LoadsAndReportsItsNvmlVersionBeforeInit() {
        try (JnaNvml nvml = JnaNvml.load(NvmlSdk.require().libR550())) {
            assertTrue(nvml.systemNvmlVersion().startsWith("12.550."), nvml.systemNvmlVersion());
        }
    }

    @Test
    void initWithoutTheKernelDriverThrowsDriverNotLoadedOnR535() {
        assertDriverNotLoaded(NvmlSdk.require().libR535());
    }

    @Test
    void initWithoutTheKernelDriverThrowsDriverNotLoadedOnR550() {
        assertDriverNotLoaded(NvmlSdk.require().libR550());
    }

    @Test
    void r550OnlyFunctionsAnswerFunctionNotFoundOnR535() {
        try (JnaNvml nvml = JnaNvml.load(NvmlSdk.require().libR535())) {
            NvmlException hetero = assertThrows(NvmlException.class, () -> nvml.deviceVgpuHeterogeneousMode(0));
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, hetero.result());
            assertEquals(Optional.of(NvmlFunction.nvmlDeviceGetVgpuHeterogeneousMode), hetero.function());
            assertEquals("nvmlDeviceGetVgpuHeterogeneousMode", hetero.call());
            assertTrue(hetero.isNotSupported());
            NvmlException util = assertThrows(NvmlException.class,
                    () -> nvml.deviceVgpuInstancesUtilizationInfo(0, 0));
            assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, util.result());
            assertEquals(Optional.of(NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo), util.function());
        }
    }

    @Test
    void theSchedulerV2AndMigBackedVgpuFunctionsAnswerFunctionNotFoundOnR535AndR550WithoutALoadFailure() {
        NvmlSdk sdk = NvmlSdk.require();
        for (Path lib : List.of(sdk.libR535(), sdk.libR550())) {
            try (JnaNvml nvml = JnaNvml.load(lib)) {
                for (NvmlFunction f : NvmlBinding.NEWER_OPTIONAL_FUNCTIONS) {
                    assertFalse(nvml.exports(f), f + " in " + lib);
                }
                NvmlException state = assertThrows(NvmlException.class, () -> nvml.deviceVgpuSchedulerStateV2(0));
                assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, state.result());
                assertEquals(Optional.of(NvmlFunction.nvmlDeviceGetVgpuSchedulerState_v2), state.function());
                NvmlException log = assertThrows(NvmlException.class, () -> nvml.deviceVgpuSchedulerLogV2(0, 0));
                assertEquals(Optional.of(NvmlFunction.nvmlDeviceGetVgpuSchedulerLog_v2), log.function());
                assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, log.result());
                NvmlException set = assertThrows(NvmlException.class, () -> nvml.deviceSetVgpuSchedulerStateV2(0,
                        io.smi4j.model.SchedulerSetState.v2(io.smi4j.model.SchedulerPolicy.BEST_EFFORT, 0, 0)));
                assertEquals(Optional.of(NvmlFunction.nvmlDeviceSetVgpuSchedulerState_v2), set.function());
                assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, set.result());
                NvmlException active = assertThrows(NvmlException.class, () -> nvml.gpuInstanceActiveVgpus(0));
                assertEquals(Optional.of(NvmlFunction.nvmlGpuInstanceGetActiveVgpus), active.function());
                assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, active.result());
                NvmlException perGi = assertThrows(NvmlException.class,
                        () -> nvml.vgpuTypeMaxInstancesPerGpuInstance(1));
                assertEquals(NvmlReturn.FUNCTION_NOT_FOUND, perGi.result());
            }
        }
    }

    @Test
    void r550OnlyFunctionsReachTheRealR550Library() {
        try (JnaNvml nvml = JnaNvml.load(NvmlSdk.require().libR550())) {
            assertTrue(nvml.exports(NvmlFunction.nvmlDeviceGetVgpuHeterogeneousMode));
            NvmlException e = assertThrows(NvmlException.class, () -> nvml.deviceVgpuHeterogeneousMode(0));
            assertNotEquals(NvmlReturn.FUNCTION_NOT_FOUND, e.result(), "answered by the library itself: " + e);
        }
    }

    @Test
    void aSecondLibraryIsRefusedWhileTheFirstIsInUseAndAcceptedAfterClose() {
        NvmlSdk sdk = NvmlSdk.require();
        JnaNvml r535 = JnaNvml.load(sdk.libR535());
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> JnaNvml.load(sdk.libR550()));
            assertTrue(refused.getMessage().contains("close every session"), refused.getMessage());
            try (JnaNvml same = JnaNvml.load(sdk.libR535())) {
                assertTrue(same.systemNvmlVersion().startsWith("12.535."));
            }
        } finally {
            r535.close();
        }
        try (JnaNvml r550 = JnaNvml.load(sdk.libR550())) {
            assertTrue(r550.systemNvmlVersion().startsWith("12.550."), "rebound to R550");
        }
    }

    @Test
    void closeNeverThrowsAndMayBeRepeated() {
        JnaNvml nvml = JnaNvml.load(NvmlSdk.require().libR535());
        nvml.close();
        nvml.close();
    }

    @Test
    void aMissingLibraryFileIsLibraryNotFoundInOneLineLeavingAdviceToTheFrontEnds() {
        NvmlException e = assertThrows(NvmlException.class, () -> JnaNvml.load(Path.of("/nonexistent/libnvidia-ml.so.1")));
        assertEquals(NvmlReturn.LIBRARY_NOT_FOUND, e.result());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith("no file at /nonexistent/libnvidia-ml.so.1"), e.getMessage());
        assertFalse(e.getMessage().contains("--mock"), "the CLI says --mock, the agent mock=: " + e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryIsLibraryNotFoundSayingWhy() throws Exception {
        Path notALibrary = java.nio.file.Files.createTempFile("not-nvml", ".so.1");
        try {
            NvmlException e = assertThrows(NvmlException.class, () -> JnaNvml.load(notALibrary));
            assertEquals(NvmlReturn.LIBRARY_NOT_FOUND, e.result());
            // the dynamic loader's own reason, which names the file, not only JNA's "Unable to load library"
            assertTrue(e.getMessage().contains("cannot load " + notALibrary + ": " + notALibrary + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("resource path"), e.getMessage());
        } finally {
            java.nio.file.Files.delete(notALibrary);
        }
    }

    @Test
    void aLibraryWithoutNvmlNamesTheMissingFunctionsByCountAndTheFirstFew() {
        Path libc = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
        if (!java.nio.file.Files.isRegularFile(libc)) {
            NvmlSdk.unavailable("no " + libc + " on this machine");
        }
        NvmlException e = assertThrows(NvmlException.class, () -> JnaNvml.load(libc));
        int bound = NvmlBinding.requiredFunctions().size();
        assertTrue(e.getMessage().contains(libc + " lacks " + bound + " of the " + bound
                + " NVML functions smi4j binds (nvmlInit_v2, "), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void theLibraryPropertyIsHonouredByTheSearch() {
        NvmlSdk sdk = NvmlSdk.require();
        String previous = System.getProperty(JnaNvml.LIBRARY_PROPERTY);
        System.setProperty(JnaNvml.LIBRARY_PROPERTY, sdk.libR550().toString());
        try (JnaNvml nvml = JnaNvml.load()) {
            assertTrue(nvml.systemNvmlVersion().startsWith("12.550."));
        } finally {
            restore(previous);
        }
    }

    @Test
    void whenNoCandidateLoadsTheSearchSaysWhatItTriedInOneLine() {
        NvmlException e = assertThrows(NvmlException.class, () -> JnaNvml.search(
                List.of("libsmi4j-absent-nvml.so.1", "/nonexistent/lib64/libnvidia-ml.so.1")));
        assertEquals(NvmlReturn.LIBRARY_NOT_FOUND, e.result());
        assertEquals("JnaNvml.load", e.call());
        assertEquals(Optional.empty(), e.function(), "no NVML function ran");
        assertTrue(e.getMessage().contains("tried libsmi4j-absent-nvml.so.1, /nonexistent/lib64/libnvidia-ml.so.1"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(smi4j.nvml.library not set)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static void assertDriverNotLoaded(Path lib) {
        try (JnaNvml nvml = JnaNvml.load(lib)) {
            NvmlException e = assertThrows(NvmlException.class, nvml::init);
            assertEquals(9, e.code());
            assertEquals(NvmlReturn.DRIVER_NOT_LOADED, e.result());
            assertEquals("nvmlInit_v2", e.call());
            assertTrue(e.isFatal());
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(JnaNvml.LIBRARY_PROPERTY);
        } else {
            System.setProperty(JnaNvml.LIBRARY_PROPERTY, previous);
        }
    }
}
