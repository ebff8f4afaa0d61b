package io.smi4j.nvml.jna;

import static io.smi4j.nvml.NvmlFunction.*;
import static io.smi4j.nvml.jna.NvmlFunctions.*;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.smi4j.model.GridLicense;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.ProcessUtilizationSample;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.jna.Layouts.Constants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Nvml} over the real {@code libnvidia-ml} through JNA: loading, the lifecycle, the system and
 * the device calls here, the MIG and vGPU calls in {@link JnaMigVgpuCalls}.
 *
 * <h2>How it calls NVML</h2>
 * <ul>
 *   <li>Functions every supported driver (R535 and newer) exports are direct-mapped
 *       ({@link io.smi4j.nvml.jna.NvmlFunctions}), handles and buffers passed as {@code long}
 *       addresses. Functions newer than R535 ({@link NvmlBinding#OPTIONAL_FUNCTIONS}) are looked up
 *       once at load; when absent they answer {@link NvmlReturn#FUNCTION_NOT_FOUND}, never an
 *       {@code UnsatisfiedLinkError}.</li>
 *   <li>Structs are read at the offsets of {@link Layouts} (checked against {@code nvml.h} by the
 *       ABI test) by {@link Structs}, from native {@link Buffers} this session owns and reuses: a poll
 *       allocates only the Java values it returns.</li>
 *   <li>Count-then-fill calls start with count 0 and a real NULL, and retry while the count grows
 *       between the two calls ({@link CountThenFill}).</li>
 * </ul>
 *
 * <p>One {@code libnvidia-ml} per JVM at a time (see {@link NvmlBinding}): sessions on the same
 * library may coexist; a different library can be loaded once they are all closed. Like every
 * {@link Nvml}, a session is not thread-safe: its buffers belong to the thread that polls.
 */
public final class JnaNvml extends JnaMigVgpuCalls {

    /** System property naming the NVML library to load instead of searching for it. */
    public static final String LIBRARY_PROPERTY = "smi4j.nvml.library";

    private static final String LOAD = "JnaNvml.load";
    private static final int OK = NvmlReturn.SUCCESS.code();
    private static final int NOT_SUPPORTED = NvmlReturn.NOT_SUPPORTED.code();
    private static final int FUNCTION_NOT_FOUND = NvmlReturn.FUNCTION_NOT_FOUND.code();
    private static final int ARGUMENT_VERSION_MISMATCH = NvmlReturn.ARGUMENT_VERSION_MISMATCH.code();
    private static final int PROCESS_NAME_BUFFER = 256;
    private static final int CELL0 = Buffers.CELL0;

    private final NativeLibrary library;
    private final NvmlBinding.Lease lease;
    private int initCount;
    private boolean closed;
    /** Bytes per record of nvmlDeviceGetComputeRunningProcesses_v3 for this driver; 0 until known. */
    private int processRecordSize;

    private JnaNvml(NativeLibrary library, NvmlBinding.Lease lease) {
        super(library);
        this.library = library;
        this.lease = lease;
    }

    /**
     * Loads NVML: the file named by the system property {@value #LIBRARY_PROPERTY} when set;
     * otherwise {@code libnvidia-ml.so.1} through the dynamic linker's search, then in
     * {@code /usr/lib/x86_64-linux-gnu}, {@code /usr/lib64}, {@code /usr/lib/wsl/lib}
     * ({@code nvml.dll} on Windows). Like any {@code dlopen} by name, the linker's search answers
     * with a {@code libnvidia-ml.so.1} this process already loaded (e.g. by CUDA), whatever its path.
     *
     * @throws NvmlException LIBRARY_NOT_FOUND, with one line saying what was tried, when none loads;
     *                       FUNCTION_NOT_FOUND when the library is older than R535
     */
    public static JnaNvml load() {
        String configured = System.getProperty(LIBRARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return load(Path.of(configured.strip()));
        }
        return search(candidates());
    }

    /** The first of {@code candidates} (file paths, or names for the dynamic linker) that loads. */
    static JnaNvml search(List<String> candidates) {
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates) {
            boolean path = candidate.contains("/") || candidate.contains("\\");
            if (path && !Files.isRegularFile(Path.of(candidate))) {
                tried.add(candidate);
                continue;
            }
            NativeLibrary library;
            try {
                library = path ? NvmlBinding.open(Path.of(candidate)) : NativeLibrary.getInstance(candidate);
            } catch (UnsatisfiedLinkError e) {
                tried.add(candidate);
                continue;
            }
            return bind(library);
        }
        throw notFound("tried " + String.join(", ", tried) + " (" + LIBRARY_PROPERTY + " not set)");
    }

    /** Loads the NVML library at {@code path}, e.g. a driver's, Debian's, or the native mock. */
    public static JnaNvml load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw notFound("no file at " + path);
        }
        NativeLibrary library;
        try {
            library = NvmlBinding.open(path);
        } catch (UnsatisfiedLinkError e) {
            throw notFound("cannot load " + path + ": " + loaderReason(e.getMessage()));
        }
        return bind(library);
    }

    private static JnaNvml bind(NativeLibrary library) {
        try {
            return new JnaNvml(library, NvmlBinding.bind(library));
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlException(LOAD, FUNCTION_NOT_FOUND,
                    firstLine(e.getMessage()) + "; smi4j needs an NVIDIA driver R535 or newer");
        }
    }

    private static List<String> candidates() {
        if (Platform.isWindows()) {
            return List.of("nvml.dll", "C:\\Windows\\System32\\nvml.dll",
                    "C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvml.dll");
        }
        return List.of("libnvidia-ml.so.1", "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
                "/usr/lib64/libnvidia-ml.so.1", "/usr/lib/wsl/lib/libnvidia-ml.so.1");
    }

    /** What was tried and why it failed; what to do about it is the front end's to say, in its own options. */
    private static NvmlException notFound(String detail) {
        return new NvmlException(LOAD, NvmlReturn.LIBRARY_NOT_FOUND.code(), detail);
    }

    /**
     * The dynamic loader's reason in JNA's message ({@code Unable to load library 'X':} then the loader's
     * lines, then where JNA looked in its resource path), on one line.
     */
    private static String loaderReason(String message) {
        if (message == null) {
            return "unknown error";
        }
        String reason = message.lines().skip(1).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Native library ("))
                .distinct().reduce((a, b) -> a + "; " + b).orElse("");
        return reason.isEmpty() ? firstLine(message) : reason;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The loaded library file. */
    public String libraryFile() {
        return library.getFile() == null ? library.getName() : library.getFile().getPath();
    }

    /** Whether the loaded driver exports {@code function} (only optional functions can be missing). */
    public boolean exports(NvmlFunction function) {
        return NvmlBinding.resolve(library, function.name()).isPresent();
    }

    // ---- lifecycle and system ----

    @Override
    public void init() {
        check(nvmlInit_v2, nvmlInit_v2());
        initCount++;
    }

    @Override
    public void shutdown() {
        check(nvmlShutdown, nvmlShutdown());
        if (initCount > 0) {
            initCount--;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (initCount > 0) {
                initCount--;
                nvmlShutdown();
            }
        } catch (RuntimeException | LinkageError e) {
            // close() never throws: a session that cannot shut down has nothing more to give.
        } finally {
            lease.close();
        }
    }

    @Override
    public String systemDriverVersion() {
        check(nvmlSystemGetDriverVersion, nvmlSystemGetDriverVersion(
                b.scratchAddress, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE));
        return b.string(0, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    }

    @Override
    public String systemNvmlVersion() {
        check(nvmlSystemGetNVMLVersion, nvmlSystemGetNVMLVersion(
                b.scratchAddress, Constants.SYSTEM_NVML_VERSION_BUFFER_SIZE));
        return b.string(0, Constants.SYSTEM_NVML_VERSION_BUFFER_SIZE);
    }

    @Override
    public int systemCudaDriverVersion() {
        check(nvmlSystemGetCudaDriverVersion_v2, nvmlSystemGetCudaDriverVersion_v2(b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public String systemProcessName(long pid) {
        check(nvmlSystemGetProcessName,
                nvmlSystemGetProcessName((int) pid, b.scratchAddress, PROCESS_NAME_BUFFER));
        return b.string(0, PROCESS_NAME_BUFFER);
    }

    @Override
    public int deviceCount() {
        check(nvmlDeviceGetCount_v2, nvmlDeviceGetCount_v2(b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public long deviceHandleByIndex(int index) {
        check(nvmlDeviceGetHandleByIndex_v2, nvmlDeviceGetHandleByIndex_v2(index, b.cell(CELL0)));
        return b.view.getLong(CELL0);
    }

    // ---- device ----

    @Override
    public String deviceName(long device) {
        check(nvmlDeviceGetName, nvmlDeviceGetName(device, b.scratchAddress, Constants.DEVICE_NAME_V2_BUFFER_SIZE));
        return b.string(0, Constants.DEVICE_NAME_V2_BUFFER_SIZE);
    }

    @Override
    public String deviceUuid(long device) {
        check(nvmlDeviceGetUUID, nvmlDeviceGetUUID(device, b.scratchAddress, Constants.DEVICE_UUID_V2_BUFFER_SIZE));
        return b.string(0, Constants.DEVICE_UUID_V2_BUFFER_SIZE);
    }

    @Override
    public PciInfo devicePciInfo(long device) {
        check(nvmlDeviceGetPciInfo_v3, nvmlDeviceGetPciInfo_v3(device, b.scratchAddress));
        return Structs.pciInfo(b);
    }

    /** v2 adds the reserved memory; drivers or devices that refuse it are asked with v1. */
    @Override
    public MemoryInfo deviceMemoryInfo(long device) {
        b.view.putInt(Layouts.Memory_v2.VERSION_FIELD, Layouts.Memory_v2.VERSION);
        int rc = nvmlDeviceGetMemoryInfo_v2(device, b.scratchAddress);
        if (rc == OK) {
            return Structs.memoryV2(b);
        }
        if (rc != NOT_SUPPORTED && rc != FUNCTION_NOT_FOUND && rc != ARGUMENT_VERSION_MISMATCH) {
            throw new NvmlException(nvmlDeviceGetMemoryInfo_v2, rc);
        }
        check(nvmlDeviceGetMemoryInfo, nvmlDeviceGetMemoryInfo(device, b.scratchAddress));
        return Structs.memoryV1(b);
    }

    @Override
    public UtilizationRates deviceUtilizationRates(long device) {
        check(nvmlDeviceGetUtilizationRates, nvmlDeviceGetUtilizationRates(device, b.scratchAddress));
        return new UtilizationRates(b.view.getInt(Layouts.Utilization.GPU), b.view.getInt(Layouts.Utilization.MEMORY));
    }

    @Override
    public int deviceTemperature(long device) {
        check(nvmlDeviceGetTemperature, nvmlDeviceGetTemperature(device, Constants.TEMPERATURE_GPU, b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public long devicePowerUsage(long device) {
        check(nvmlDeviceGetPowerUsage, nvmlDeviceGetPowerUsage(device, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long deviceEnforcedPowerLimit(long device) {
        check(nvmlDeviceGetEnforcedPowerLimit, nvmlDeviceGetEnforcedPowerLimit(device, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long deviceClock(long device, ClockType type) {
        check(nvmlDeviceGetClockInfo, nvmlDeviceGetClockInfo(device, type.code(), b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long deviceMaxClock(long device, ClockType type) {
        check(nvmlDeviceGetMaxClockInfo, nvmlDeviceGetMaxClockInfo(device, type.code(), b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public int deviceFanSpeed(long device) {
        check(nvmlDeviceGetFanSpeed, nvmlDeviceGetFanSpeed(device, b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public int devicePerformanceState(long device) {
        check(nvmlDeviceGetPerformanceState, nvmlDeviceGetPerformanceState(device, b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public EccMode deviceEccMode(long device) {
        check(nvmlDeviceGetEccMode, nvmlDeviceGetEccMode(device, b.cell(CELL0), b.cell(Buffers.CELL1)));
        return new EccMode(b.view.getInt(CELL0) != 0, b.view.getInt(Buffers.CELL1) != 0);
    }

    @Override
    public List<ProcessInfo> deviceComputeRunningProcesses(long device) {
        if (processRecordSize == 0) {
            processRecordSize = processRecordSize(systemDriverVersion());
        }
        int n = fills.fill(nvmlDeviceGetComputeRunningProcesses_v3, device, 0, processRecordSize);
        return Structs.processes(b, n, processRecordSize);
    }

    /** The same record as the compute list, and the same driver quirk (535.43 to 535.86 fill 32 bytes). */
    @Override
    public List<ProcessInfo> deviceGraphicsRunningProcesses(long device) {
        if (processRecordSize == 0) {
            processRecordSize = processRecordSize(systemDriverVersion());
        }
        int n = fills.fill(nvmlDeviceGetGraphicsRunningProcesses_v3, device, 0, processRecordSize);
        return Structs.processes(b, n, processRecordSize);
    }

    @Override
    public List<ProcessUtilizationSample> deviceProcessUtilization(long device, long lastSeenTimestampUs) {
        int n = fills.fill(nvmlDeviceGetProcessUtilization, device, lastSeenTimestampUs,
                Layouts.ProcessUtilizationSample.SIZE);
        return Structs.processUtilization(b, n);
    }

    @Override
    public List<ProcessUtilizationSample> deviceProcessesUtilizationInfo(long device, long lastSeenTimestampUs) {
        int n = fills.fill(nvmlDeviceGetProcessesUtilizationInfo, device, lastSeenTimestampUs,
                Layouts.ProcessUtilizationInfo_v1.SIZE);
        return Structs.processesUtilizationInfo(b, n);
    }

    /**
     * The record size {@code nvmlDeviceGetComputeRunningProcesses_v3} really fills: drivers 535.43 to
     * 535.86 write 32-byte records although the header says 24 (535.98 reverted it), so the buffer
     * and stride must follow the driver or the fill overruns the buffer and misreads every record.
     */
    static int processRecordSize(String driverVersion) {
        String[] parts = driverVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major == 535 && minor >= 43 && minor < 98 ? 32 : Layouts.ProcessInfo.SIZE;
        } catch (NumberFormatException e) {
            return Layouts.ProcessInfo.SIZE;
        }
    }

    @Override
    public VirtualizationMode deviceVirtualizationMode(long device) {
        check(nvmlDeviceGetVirtualizationMode, nvmlDeviceGetVirtualizationMode(device, b.cell(CELL0)));
        return VirtualizationMode.of(b.view.getInt(CELL0));
    }

    @Override
    public GridLicense deviceGridLicense(long device) {
        check(nvmlDeviceGetGridLicensableFeatures_v4, nvmlDeviceGetGridLicensableFeatures_v4(device, b.scratchAddress));
        return Structs.gridLicense(b);
    }

    @Override
    public String toString() {
        return "JnaNvml[" + libraryFile() + "]";
    }
}
