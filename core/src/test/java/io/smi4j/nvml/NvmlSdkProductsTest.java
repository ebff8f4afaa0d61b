package io.smi4j.nvml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.smi4j.testing.NvmlSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SDK script's products are the real thing: NVIDIA's header and loadable drivers. */
class NvmlSdkProductsTest {

    @Test
    void headerDeclaresTheVgpuSchedulerLogFunction() throws Exception {
        NvmlSdk sdk = NvmlSdk.require();
        String header = Files.readString(sdk.header());
        assertTrue(Pattern.compile("nvmlReturn_t\\s+DECLDIR\\s+nvmlDeviceGetVgpuSchedulerLog\\s*\\(")
                        .matcher(header).find(),
                "nvml.h declares nvmlDeviceGetVgpuSchedulerLog");
        assertTrue(header.contains("NVML_API_VERSION_STR"), "it is NVIDIA's nvml.h");
    }

    @Test
    void r535LibraryLoadsAndExportsTheVgpuSchedulerLog() {
        assertExports(NvmlSdk.require().libR535());
    }

    @Test
    void r550LibraryLoadsAndExportsTheVgpuSchedulerLog() {
        assertExports(NvmlSdk.require().libR550());
    }

    private static void assertExports(Path lib) {
        NativeLibrary library = NativeLibrary.getInstance(lib.toString());
        // getFunction looks the symbol up with dlsym and throws UnsatisfiedLinkError when it is missing
        Function fn = library.getFunction("nvmlDeviceGetVgpuSchedulerLog");
        assertTrue(Pointer.nativeValue(fn) != 0, lib + " exports nvmlDeviceGetVgpuSchedulerLog");
    }
}
