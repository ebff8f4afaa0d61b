package io.smi4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The NVML SDK fetched by {@code scripts/nvml-sdk.sh}: NVIDIA's 12.4 header and Debian's
 * real R535 and R550 {@code libnvidia-ml.so.1}. The build hands the cache root to the
 * tests as the system property {@code smi4j.sdk.cache}.
 *
 * <p>When the SDK could not be fetched, {@link #require()} skips the calling test with
 * the script's one-line reason, except under {@code CI=true}, where a missing SDK is a
 * failure: CI must exercise every test.
 */
public record NvmlSdk(Path root) {

    public Path header() {
        return root.resolve("include/nvml.h");
    }

    public Path includeDir() {
        return root.resolve("include");
    }

    public Path libR535() {
        return root.resolve("r535/libnvidia-ml.so.1");
    }

    public Path libR550() {
        return root.resolve("r550/libnvidia-ml.so.1");
    }

    /** Debian experimental's R555 build, fetched optionally: the test is skipped (failed under CI) without it. */
    public Path requireLibR555() {
        Path lib = root.resolve("r555/libnvidia-ml.so.1");
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        Path why = Path.of(root + ".r555.unavailable");
        try {
            return unavailable("R555 library not at " + lib
                    + (Files.isRegularFile(why) ? ": " + Files.readString(why).strip() : " (run scripts/nvml-sdk.sh)"));
        } catch (IOException e) {
            return unavailable("R555 library not at " + lib + " (" + e.getMessage() + ")");
        }
    }

    /** The SDK, or the test is skipped (failed under CI) with the reason it is missing. */
    public static NvmlSdk require() {
        String prop = System.getProperty("smi4j.sdk.cache");
        if (prop == null || prop.isBlank()) {
            return unavailable("system property smi4j.sdk.cache not set (run the tests through Maven)");
        }
        NvmlSdk sdk = new NvmlSdk(Path.of(prop));
        if (Files.isRegularFile(sdk.header()) && Files.isRegularFile(sdk.libR535())
                && Files.isRegularFile(sdk.libR550())) {
            return sdk;
        }
        String reason = "NVML SDK not at " + sdk.root();
        Path why = Path.of(prop + ".unavailable");
        try {
            if (Files.isRegularFile(why)) {
                reason = "NVML SDK unavailable: " + Files.readString(why).strip();
            }
        } catch (IOException e) {
            reason += " (" + e.getMessage() + ")";
        }
        return unavailable(reason);
    }

    /** A file the build produced, or the test is skipped (failed under CI) naming it. */
    public static Path requireBuilt(String property, String what) {
        String prop = System.getProperty(property);
        if (prop == null || prop.isBlank()) {
            unavailable("system property " + property + " not set (run the tests through Maven)");
        }
        Path path = Path.of(prop);
        if (!Files.isRegularFile(path)) {
            unavailable(what + " not built at " + path + " (see the build log: needs gcc and the NVML SDK)");
        }
        return path;
    }

    /** Skips the test with {@code reason}, or fails it when {@code CI=true}. */
    public static <T> T unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " [CI=true: a missing prerequisite is a failure]");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
