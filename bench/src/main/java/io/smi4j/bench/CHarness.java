package io.smi4j.bench;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.smi4j.nvml.ClockType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The C harness ({@code bench/src/main/c/harness.c}, built by {@code bench/run.sh}) loaded into
 * this JVM: it replays a recorded poll against the same loaded native mock, calling NVML from C.
 * Reached through JNA direct mapping with primitive arguments only, once per batch of polls.
 */
final class CHarness {

    /** System property: the harness library (default {@code bench/target/native/libsmi4jbench.so}). */
    static final String PROPERTY = "smi4j.bench.harness";

    /** Holds the script's native memory for as long as the harness lives. */
    private final Memory script;
    private final long address;
    private final int calls;

    private CHarness(Memory script, int calls) {
        this.script = script;
        this.address = Pointer.nativeValue(script);
        this.calls = calls;
    }

    /**
     * A harness replaying {@code recorded} against the native mock now loaded, checked once: a
     * replay whose calls fail beyond the expected NOT_FOUND of the sample calls would time
     * error paths.
     */
    static CHarness replaying(List<CallRecorder.Call> recorded) {
        CHarness harness = script(recorded);
        harness.poll(1);
        int mayFail = PollCalls.mayFail(recorded);
        if (harness.failures() > mayFail) {
            throw new IllegalStateException("C harness: " + harness.failures() + " of the poll's NVML calls failed, "
                    + "at most " + mayFail + " may (is the NVML session initialised?)");
        }
        return harness;
    }

    private static CHarness script(List<CallRecorder.Call> poll) {
        Lib.open(NativeHost.mockLibrary());
        Memory script = new Memory(3L * Long.BYTES * Math.max(1, poll.size()));
        for (int i = 0; i < poll.size(); i++) {
            CallRecorder.Call c = poll.get(i);
            int op = Lib.harness_op(c.method());
            if (op < 0) {
                throw new IllegalStateException("the C harness cannot replay Nvml." + c.method()
                        + "; add it to bench/src/main/c/harness.c");
            }
            long base = 3L * Long.BYTES * i;
            script.setLong(base, op);
            for (int a = 0; a < 2; a++) {
                script.setLong(base + Long.BYTES * (a + 1L), a < c.args().size() ? word(c, c.args().get(a)) : 0L);
            }
        }
        return new CHarness(script, poll.size());
    }

    private static long word(CallRecorder.Call call, Object arg) {
        if (arg instanceof Long l) {
            return l;
        }
        if (arg instanceof Integer i) {
            return i;
        }
        if (arg instanceof ClockType t) {
            return t.code();
        }
        throw new IllegalStateException("the C harness cannot pass " + arg + " to Nvml." + call.method());
    }

    /** Replays the poll {@code iterations} times; returns the NVML calls one poll made. */
    int poll(int iterations) {
        return Lib.harness_run(address, calls, iterations);
    }

    /** NVML calls of the last replayed poll that did not return NVML_SUCCESS. */
    int failures() {
        return Lib.harness_failures();
    }

    /** {@code nvmlDeviceGetTemperature} {@code iterations} times from C. */
    static int temperature(long device, int iterations) {
        Lib.open(NativeHost.mockLibrary());
        return Lib.harness_temperature(device, iterations);
    }

    /** The direct-mapped functions, bound when first used. */
    private static final class Lib {
        private static boolean opened;

        static {
            Native.register(Lib.class, NativeLibrary.getInstance(library().toString()));
        }

        static synchronized void open(Path mock) {
            if (!opened) {
                if (harness_open(mock.toString()) != 0) {
                    throw new IllegalStateException("C harness: cannot resolve " + harness_missing() + " in " + mock);
                }
                opened = true;
            }
        }

        private static Path library() {
            String configured = System.getProperty(PROPERTY);
            Path path = configured != null ? Path.of(configured)
                    : Path.of(System.getProperty("smi4j.root", "."), "bench/target/native/libsmi4jbench.so");
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("C harness not built at " + path.toAbsolutePath()
                        + " (bench/run.sh builds it)");
            }
            return path.toAbsolutePath();
        }

        static native int harness_open(String path);

        static native String harness_missing();

        static native int harness_op(String name);

        static native int harness_run(long script, int calls, int iterations);

        static native int harness_failures();

        static native int harness_temperature(long device, int iterations);
    }
}
