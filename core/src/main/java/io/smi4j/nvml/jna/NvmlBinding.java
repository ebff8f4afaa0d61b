package io.smi4j.nvml.jna;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.smi4j.nvml.NvmlFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds {@link NvmlFunctions} to one loaded {@code libnvidia-ml}, and resolves the optional functions.
 *
 * <p>JNA's direct mapping attaches a class's static natives to one library at a time for the
 * whole JVM. A JVM normally talks to one NVML, but tests use several (Debian's R535 and R550
 * builds, the native mock) in one JVM. So binding is leased: while any lease on a library is
 * open, other sessions may share it; a different library is accepted only once every lease is
 * released, and then the natives are unregistered and registered again against it. Asking for a
 * second library while the first is in use is refused with {@link IllegalStateException}.
 */
public final class NvmlBinding {

    /**
     * Functions bound optionally: resolved once, never registered, FUNCTION_NOT_FOUND where the library lacks them
     * (which each driver exports: DriverSymbolsTest).
     */
    public static final List<NvmlFunction> OPTIONAL_FUNCTIONS = List.of(
            NvmlFunction.nvmlDeviceGetProcessesUtilizationInfo,
            NvmlFunction.nvmlDeviceGetVgpuHeterogeneousMode,
            NvmlFunction.nvmlDeviceGetVgpuInstancesUtilizationInfo,
            NvmlFunction.nvmlDeviceGetVgpuTypeSupportedPlacements,
            NvmlFunction.nvmlDeviceGetVgpuTypeCreatablePlacements,
            NvmlFunction.nvmlVgpuInstanceGetPlacementId,
            // newer vGPU facts (issue 13 part B): R535 exports the two capability calls, R550 the type sizes
            NvmlFunction.nvmlVgpuTypeGetBAR1Info,
            NvmlFunction.nvmlVgpuTypeGetFbReservation,
            NvmlFunction.nvmlVgpuTypeGetGspHeapSize,
            NvmlFunction.nvmlVgpuInstanceGetRuntimeStateSize,
            NvmlFunction.nvmlDeviceGetVgpuCapabilities,
            NvmlFunction.nvmlGetVgpuDriverCapabilities);

    /**
     * Optional functions of drivers newer than any this project can load (none of R535, R550, R555 exports them):
     * resolved once like {@link #OPTIONAL_FUNCTIONS}; on today's libraries each answers FUNCTION_NOT_FOUND.
     */
    public static final List<NvmlFunction> NEWER_OPTIONAL_FUNCTIONS = List.of(
            NvmlFunction.nvmlDeviceGetVgpuSchedulerState_v2,
            NvmlFunction.nvmlDeviceGetVgpuSchedulerLog_v2,
            NvmlFunction.nvmlDeviceSetVgpuSchedulerState_v2,
            NvmlFunction.nvmlGpuInstanceGetActiveVgpus,
            NvmlFunction.nvmlGpuInstanceGetCreatableVgpus,
            NvmlFunction.nvmlGpuInstanceGetVgpuTypeCreatablePlacements,
            NvmlFunction.nvmlGpuInstanceGetVgpuSchedulerState,
            NvmlFunction.nvmlGpuInstanceGetVgpuSchedulerState_v2,
            NvmlFunction.nvmlGpuInstanceGetVgpuSchedulerLog,
            NvmlFunction.nvmlGpuInstanceGetVgpuSchedulerLog_v2,
            NvmlFunction.nvmlGpuInstanceGetVgpuHeterogeneousMode,
            NvmlFunction.nvmlVgpuTypeGetMaxInstancesPerGpuInstance);

    private static final Object LOCK = new Object();
    private static NativeLibrary bound;
    private static int leases;

    private NvmlBinding() {
    }

    /** The library at {@code path}, as one shared JNA instance per path (so the native mock's setup
     * functions and the binding reach the same loaded image). */
    public static NativeLibrary open(Path path) {
        return NativeLibrary.getInstance(path.toAbsolutePath().normalize().toString());
    }

    /** Names of the functions {@link NvmlFunctions} binds: every supported driver must export them. */
    public static List<String> requiredFunctions() {
        List<String> names = new ArrayList<>();
        for (Method m : NvmlFunctions.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                names.add(m.getName());
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /** Required functions {@code library} does not export (empty for any R535 or newer driver). */
    public static List<String> missingRequired(NativeLibrary library) {
        List<String> missing = new ArrayList<>();
        for (String name : requiredFunctions()) {
            if (resolve(library, name).isEmpty()) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** {@code name} in {@code library}, or empty when the library does not export it. */
    public static Optional<Function> resolve(NativeLibrary library, String name) {
        try {
            return Optional.of(library.getFunction(name));
        } catch (UnsatisfiedLinkError e) {
            return Optional.empty();
        }
    }

    /**
     * Binds {@link NvmlFunctions} to {@code library} for as long as the returned lease is open.
     *
     * @throws UnsatisfiedLinkError naming the required functions the library lacks
     * @throws IllegalStateException when another library is bound and still leased
     */
    public static Lease bind(NativeLibrary library) {
        synchronized (LOCK) {
            if (bound == library) {
                leases++;
                return new Lease();
            }
            if (leases > 0) {
                throw new IllegalStateException("NVML is already bound to " + bound.getFile()
                        + " in this JVM; close every session on it before loading " + library.getFile());
            }
            List<String> missing = missingRequired(library);
            if (!missing.isEmpty()) {
                throw new UnsatisfiedLinkError(library.getFile() + " lacks " + lacking(missing));
            }
            if (bound != null) {
                Native.unregister(NvmlFunctions.class);
                bound = null;
            }
            Native.register(NvmlFunctions.class, library);
            bound = library;
            leases = 1;
            return new Lease();
        }
    }

    /** {@code missing} for a one-line message: a count and the first few names, {@code nvmlInit_v2} first. */
    private static String lacking(List<String> missing) {
        List<String> named = new ArrayList<>(missing);
        if (named.remove("nvmlInit_v2")) {
            named.add(0, "nvmlInit_v2");
        }
        int shown = Math.min(3, named.size());
        return missing.size() + " of the " + requiredFunctions().size() + " NVML functions smi4j binds ("
                + String.join(", ", named.subList(0, shown)) + (named.size() > shown ? ", ..." : "") + ")";
    }

    /** One session's hold on the binding; {@link #close()} is idempotent. */
    public static final class Lease implements AutoCloseable {
        private boolean open = true;

        private Lease() {
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (open) {
                    open = false;
                    leases--;
                }
            }
        }
    }
}
