package io.smi4j.bench;

import io.smi4j.mock.nativelib.NativeMock;
import io.smi4j.nvml.jna.JnaNvml;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native mock {@code libnvidia-ml.so.1} set up as one simulated host, and a {@link JnaNvml}
 * session on it: the real JNA path without a GPU. One host per JVM at a time (the mock keeps one).
 */
final class NativeHost {

    /** System property: the native mock library (default: the mock module's build output). */
    static final String MOCK_PROPERTY = "smi4j.native.mock";

    private NativeHost() {
    }

    static Path mockLibrary() {
        String configured = System.getProperty(MOCK_PROPERTY);
        Path path = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("smi4j.root", "."), "mock/target/native/libnvidia-ml.so.1");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("native mock not built at " + path.toAbsolutePath()
                    + " (mvn -B -q -DskipTests package, or -D" + MOCK_PROPERTY + "=PATH)");
        }
        return path.toAbsolutePath();
    }

    /** Puts {@code host} into the native mock and opens a JnaNvml session on it. */
    static JnaNvml open(String host) {
        Path lib = mockLibrary();
        NativeMock.load(lib).apply(Hosts.scenario(host));
        return JnaNvml.load(lib);
    }
}
