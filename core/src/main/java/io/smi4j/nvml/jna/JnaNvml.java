package io.smi4j.nvml.jna;

import static io.smi4j.nvml.jna.NvmlFunctions.*;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.ArrMode;
import io.smi4j.model.GridLicense;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.LicenseState;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerParams;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.EccMode;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseExpiry;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlUnits;
import io.smi4j.nvml.PciInfo;
import io.smi4j.nvml.ProcessInfo;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.UtilizationRates;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import io.smi4j.nvml.jna.Layouts.Constants;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Nvml} over the real {@code libnvidia-ml} through JNA.
 *
 * <h2>How it calls NVML</h2>
 * <ul>
 *   <li>Functions every supported driver (R535 and newer) exports are direct-mapped
 *       ({@link io.smi4j.nvml.jna.NvmlFunctions}), handles and buffers passed as {@code long}
 *       addresses. Functions newer than R535 ({@link NvmlBinding#OPTIONAL_FUNCTIONS}) are looked up
 *       once at load; when absent they answer {@link NvmlReturn#FUNCTION_NOT_FOUND}, never an
 *       {@code UnsatisfiedLinkError}.</li>
 *   <li>Structs are read at the offsets of {@link Layouts} (checked against {@code nvml.h} by the
 *       ABI test) from native buffers this session owns and reuses: a poll allocates only the
 *       Java values it returns.</li>
 *   <li>Count-then-fill calls start with count 0 and a real NULL, and retry while the count grows
 *       between the two calls, at most {@value #FILL_ATTEMPTS} times.</li>
 * </ul>
 *
 * <p>One {@code libnvidia-ml} per JVM at a time (see {@link NvmlBinding}): sessions on the same
 * library may coexist; a different library can be loaded once they are all closed. Like every
 * {@link Nvml}, a session is not thread-safe: its buffers belong to the thread that polls.
 */
public final class JnaNvml implements Nvml {

    /** System property naming the NVML library to load instead of searching for it. */
    public static final String LIBRARY_PROPERTY = "smi4j.nvml.library";

    static final int FILL_ATTEMPTS = 8;
    private static final String LOAD = "JnaNvml.load";
    private static final int OK = NvmlReturn.SUCCESS.code();
    private static final int INSUFFICIENT_SIZE = NvmlReturn.INSUFFICIENT_SIZE.code();
    private static final int NOT_FOUND = NvmlReturn.NOT_FOUND.code();
    private static final int NOT_SUPPORTED = NvmlReturn.NOT_SUPPORTED.code();
    private static final int FUNCTION_NOT_FOUND = NvmlReturn.FUNCTION_NOT_FOUND.code();
    private static final int INVALID_ARGUMENT = NvmlReturn.INVALID_ARGUMENT.code();
    private static final int ARGUMENT_VERSION_MISMATCH = NvmlReturn.ARGUMENT_VERSION_MISMATCH.code();
    private static final int PROCESS_NAME_BUFFER = 256;
    /** Handles one nvmlDeviceGetGpuInstances / nvmlGpuInstanceGetComputeInstances call may return. */
    private static final int MAX_MIG_HANDLES = 32;

    // The scratch buffer: structs and strings at 0, small out-parameters in cells after them.
    private static final int STRUCT_AREA = 10240;
    private static final int CELL0 = STRUCT_AREA;
    private static final int CELL1 = STRUCT_AREA + 8;
    private static final int CELL2 = STRUCT_AREA + 16;
    private static final int SCRATCH_SIZE = STRUCT_AREA + 64;

    // The count-then-fill functions, dispatched by fill() without a lambda per call.
    private static final int ACTIVE_VGPUS = 0;
    private static final int SUPPORTED_VGPUS = 1;
    private static final int CREATABLE_VGPUS = 2;
    private static final int ACCOUNTING_PIDS = 3;
    private static final int COMPUTE_PROCESSES = 4;
    private static final int VGPU_UTILIZATION = 5;
    private static final int VGPU_PROCESS_UTILIZATION = 6;
    private static final int VGPU_INSTANCES_UTILIZATION = 7;
    private static final String[] FILL_CALLS = {
        "nvmlDeviceGetActiveVgpus", "nvmlDeviceGetSupportedVgpus", "nvmlDeviceGetCreatableVgpus",
        "nvmlVgpuInstanceGetAccountingPids", "nvmlDeviceGetComputeRunningProcesses_v3",
        "nvmlDeviceGetVgpuUtilization", "nvmlDeviceGetVgpuProcessUtilization",
        "nvmlDeviceGetVgpuInstancesUtilizationInfo",
    };

    private final NativeLibrary library;
    private final NvmlBinding.Lease lease;
    private final Function heterogeneousMode;
    private final Function instancesUtilizationInfo;
    // Native buffers owned by this session, read and written through direct ByteBuffer views:
    // the JIT turns view.getInt(offset) into a plain load, where Memory.getInt would be a JNI call.
    private final Memory scratch = new Memory(SCRATCH_SIZE);
    private final long scratchAddress = Pointer.nativeValue(scratch);
    private final ByteBuffer view = scratch.getByteBuffer(0, SCRATCH_SIZE).order(ByteOrder.nativeOrder());
    private final byte[] text = new byte[PROCESS_NAME_BUFFER];
    private Memory array = new Memory(4096);
    private long arrayAddress = Pointer.nativeValue(array);
    private ByteBuffer arrayView = array.getByteBuffer(0, array.size()).order(ByteOrder.nativeOrder());
    private int initCount;
    private boolean closed;
    /** Bytes per record of nvmlDeviceGetComputeRunningProcesses_v3 for this driver; 0 until known. */
    private int processRecordSize;

    private JnaNvml(NativeLibrary library, NvmlBinding.Lease lease) {
        this.library = library;
        this.lease = lease;
        this.heterogeneousMode = NvmlBinding.resolve(library, "nvmlDeviceGetVgpuHeterogeneousMode").orElse(null);
        this.instancesUtilizationInfo =
                NvmlBinding.resolve(library, "nvmlDeviceGetVgpuInstancesUtilizationInfo").orElse(null);
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
    public boolean exports(String function) {
        return NvmlBinding.resolve(library, function).isPresent();
    }

    // ---- lifecycle and system ----

    @Override
    public void init() {
        check("nvmlInit_v2", nvmlInit_v2());
        initCount++;
    }

    @Override
    public void shutdown() {
        check("nvmlShutdown", nvmlShutdown());
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
        check("nvmlSystemGetDriverVersion", nvmlSystemGetDriverVersion(
                scratchAddress, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE));
        return string(0, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    }

    @Override
    public String systemNvmlVersion() {
        check("nvmlSystemGetNVMLVersion", nvmlSystemGetNVMLVersion(
                scratchAddress, Constants.SYSTEM_NVML_VERSION_BUFFER_SIZE));
        return string(0, Constants.SYSTEM_NVML_VERSION_BUFFER_SIZE);
    }

    @Override
    public int systemCudaDriverVersion() {
        check("nvmlSystemGetCudaDriverVersion_v2", nvmlSystemGetCudaDriverVersion_v2(cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public String systemProcessName(long pid) {
        check("nvmlSystemGetProcessName", nvmlSystemGetProcessName((int) pid, scratchAddress, PROCESS_NAME_BUFFER));
        return string(0, PROCESS_NAME_BUFFER);
    }

    @Override
    public int deviceCount() {
        check("nvmlDeviceGetCount_v2", nvmlDeviceGetCount_v2(cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public long deviceHandleByIndex(int index) {
        check("nvmlDeviceGetHandleByIndex_v2", nvmlDeviceGetHandleByIndex_v2(index, cell(CELL0)));
        return view.getLong(CELL0);
    }

    // ---- device ----

    @Override
    public String deviceName(long device) {
        check("nvmlDeviceGetName", nvmlDeviceGetName(device, scratchAddress, Constants.DEVICE_NAME_V2_BUFFER_SIZE));
        return string(0, Constants.DEVICE_NAME_V2_BUFFER_SIZE);
    }

    @Override
    public String deviceUuid(long device) {
        check("nvmlDeviceGetUUID", nvmlDeviceGetUUID(device, scratchAddress, Constants.DEVICE_UUID_V2_BUFFER_SIZE));
        return string(0, Constants.DEVICE_UUID_V2_BUFFER_SIZE);
    }

    @Override
    public PciInfo devicePciInfo(long device) {
        check("nvmlDeviceGetPciInfo_v3", nvmlDeviceGetPciInfo_v3(device, scratchAddress));
        return new PciInfo(
                string(Layouts.PciInfo.BUS_ID, Constants.DEVICE_PCI_BUS_ID_BUFFER_SIZE),
                u32(Layouts.PciInfo.DOMAIN),
                u32(Layouts.PciInfo.BUS),
                u32(Layouts.PciInfo.DEVICE),
                u32(Layouts.PciInfo.PCI_DEVICE_ID),
                u32(Layouts.PciInfo.PCI_SUB_SYSTEM_ID));
    }

    /** v2 adds the reserved memory; drivers or devices that refuse it are asked with v1. */
    @Override
    public MemoryInfo deviceMemoryInfo(long device) {
        view.putInt(Layouts.Memory_v2.VERSION_FIELD, Layouts.Memory_v2.VERSION);
        int rc = nvmlDeviceGetMemoryInfo_v2(device, scratchAddress);
        if (rc == OK) {
            return new MemoryInfo(
                    view.getLong(Layouts.Memory_v2.TOTAL),
                    view.getLong(Layouts.Memory_v2.RESERVED),
                    view.getLong(Layouts.Memory_v2.FREE),
                    view.getLong(Layouts.Memory_v2.USED));
        }
        if (rc != NOT_SUPPORTED && rc != FUNCTION_NOT_FOUND && rc != ARGUMENT_VERSION_MISMATCH) {
            throw new NvmlException("nvmlDeviceGetMemoryInfo_v2", rc);
        }
        check("nvmlDeviceGetMemoryInfo", nvmlDeviceGetMemoryInfo(device, scratchAddress));
        return new MemoryInfo(
                view.getLong(Layouts.Memory.TOTAL),
                NOT_AVAILABLE,
                view.getLong(Layouts.Memory.FREE),
                view.getLong(Layouts.Memory.USED));
    }

    @Override
    public UtilizationRates deviceUtilizationRates(long device) {
        check("nvmlDeviceGetUtilizationRates", nvmlDeviceGetUtilizationRates(device, scratchAddress));
        return new UtilizationRates(view.getInt(Layouts.Utilization.GPU), view.getInt(Layouts.Utilization.MEMORY));
    }

    @Override
    public int deviceTemperature(long device) {
        check("nvmlDeviceGetTemperature", nvmlDeviceGetTemperature(device, Constants.TEMPERATURE_GPU, cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public long devicePowerUsage(long device) {
        check("nvmlDeviceGetPowerUsage", nvmlDeviceGetPowerUsage(device, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public long deviceEnforcedPowerLimit(long device) {
        check("nvmlDeviceGetEnforcedPowerLimit", nvmlDeviceGetEnforcedPowerLimit(device, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public long deviceClock(long device, ClockType type) {
        check("nvmlDeviceGetClockInfo", nvmlDeviceGetClockInfo(device, type.code(), cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public long deviceMaxClock(long device, ClockType type) {
        check("nvmlDeviceGetMaxClockInfo", nvmlDeviceGetMaxClockInfo(device, type.code(), cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public int deviceFanSpeed(long device) {
        check("nvmlDeviceGetFanSpeed", nvmlDeviceGetFanSpeed(device, cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public int devicePerformanceState(long device) {
        check("nvmlDeviceGetPerformanceState", nvmlDeviceGetPerformanceState(device, cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public EccMode deviceEccMode(long device) {
        check("nvmlDeviceGetEccMode", nvmlDeviceGetEccMode(device, cell(CELL0), cell(CELL1)));
        return new EccMode(view.getInt(CELL0) != 0, view.getInt(CELL1) != 0);
    }

    @Override
    public List<ProcessInfo> deviceComputeRunningProcesses(long device) {
        if (processRecordSize == 0) {
            processRecordSize = processRecordSize(systemDriverVersion());
        }
        int n = fill(COMPUTE_PROCESSES, device, 0, processRecordSize);
        List<ProcessInfo> processes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int base = i * processRecordSize;
            processes.add(new ProcessInfo(
                    Integer.toUnsignedLong(arrayView.getInt(base + Layouts.ProcessInfo.PID)),
                    arrayView.getLong(base + Layouts.ProcessInfo.USED_GPU_MEMORY),
                    orNotAvailable(arrayView.getInt(base + Layouts.ProcessInfo.GPU_INSTANCE_ID)),
                    orNotAvailable(arrayView.getInt(base + Layouts.ProcessInfo.COMPUTE_INSTANCE_ID))));
        }
        return processes;
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
        check("nvmlDeviceGetVirtualizationMode", nvmlDeviceGetVirtualizationMode(device, cell(CELL0)));
        return VirtualizationMode.of(view.getInt(CELL0));
    }

    @Override
    public GridLicense deviceGridLicense(long device) {
        check("nvmlDeviceGetGridLicensableFeatures_v4", nvmlDeviceGetGridLicensableFeatures_v4(device, scratchAddress));
        int count = Math.min(Constants.GRID_LICENSE_FEATURE_MAX_COUNT,
                Math.max(0, view.getInt(Layouts.GridLicensableFeatures.LICENSABLE_FEATURES_COUNT)));
        List<GridLicense.Feature> features = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int base = Layouts.GridLicensableFeatures.GRID_LICENSABLE_FEATURES + i * Layouts.GridLicensableFeature.SIZE;
            features.add(new GridLicense.Feature(
                    view.getInt(base + Layouts.GridLicensableFeature.FEATURE_CODE),
                    view.getInt(base + Layouts.GridLicensableFeature.FEATURE_STATE),
                    string(base + Layouts.GridLicensableFeature.PRODUCT_NAME, Constants.GRID_LICENSE_BUFFER_SIZE),
                    view.getInt(base + Layouts.GridLicensableFeature.FEATURE_ENABLED) != 0));
        }
        return new GridLicense(view.getInt(Layouts.GridLicensableFeatures.IS_GRID_LICENSE_SUPPORTED) != 0, features);
    }

    // ---- MIG ----

    @Override
    public MigMode deviceMigMode(long device) {
        check("nvmlDeviceGetMigMode", nvmlDeviceGetMigMode(device, cell(CELL0), cell(CELL1)));
        return new MigMode(view.getInt(CELL0) != 0, view.getInt(CELL1) != 0);
    }

    @Override
    public int deviceMaxMigDeviceCount(long device) {
        check("nvmlDeviceGetMaxMigDeviceCount", nvmlDeviceGetMaxMigDeviceCount(device, cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public long deviceMigDeviceHandleByIndex(long device, int index) {
        check("nvmlDeviceGetMigDeviceHandleByIndex", nvmlDeviceGetMigDeviceHandleByIndex(device, index, cell(CELL0)));
        return view.getLong(CELL0);
    }

    @Override
    public long deviceGpuInstanceId(long migDevice) {
        check("nvmlDeviceGetGpuInstanceId", nvmlDeviceGetGpuInstanceId(migDevice, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public long deviceComputeInstanceId(long migDevice) {
        check("nvmlDeviceGetComputeInstanceId", nvmlDeviceGetComputeInstanceId(migDevice, cell(CELL0)));
        return u32(CELL0);
    }

    /**
     * Profile indexes the GPU does not offer answer NOT_SUPPORTED (or INVALID_ARGUMENT) and are left
     * out; a GPU that offers none (no MIG) is NOT_SUPPORTED as a whole.
     */
    @Override
    public List<GpuInstanceProfile> deviceGpuInstanceProfiles(long device) {
        List<GpuInstanceProfile> profiles = new ArrayList<>();
        boolean refused = false;
        for (int index = 0; index < Constants.GPU_INSTANCE_PROFILE_COUNT; index++) {
            int rc = nvmlDeviceGetGpuInstanceProfileInfo(device, index, scratchAddress);
            if (rc == NOT_SUPPORTED || rc == INVALID_ARGUMENT) {
                refused |= rc == NOT_SUPPORTED;
                continue;
            }
            check("nvmlDeviceGetGpuInstanceProfileInfo", rc);
            profiles.add(new GpuInstanceProfile(index,
                    u32(Layouts.GpuInstanceProfileInfo.ID),
                    u32(Layouts.GpuInstanceProfileInfo.SLICE_COUNT),
                    u32(Layouts.GpuInstanceProfileInfo.INSTANCE_COUNT),
                    u32(Layouts.GpuInstanceProfileInfo.MULTIPROCESSOR_COUNT),
                    view.getLong(Layouts.GpuInstanceProfileInfo.MEMORY_SIZE_MB)));
        }
        if (profiles.isEmpty() && refused) {
            throw new NvmlException("nvmlDeviceGetGpuInstanceProfileInfo", NOT_SUPPORTED);
        }
        return profiles;
    }

    @Override
    public List<GpuInstance> deviceGpuInstances(long device, long profileId) {
        ensureArray((long) MAX_MIG_HANDLES * Native.POINTER_SIZE);
        check("nvmlDeviceGetGpuInstances",
                nvmlDeviceGetGpuInstances(device, (int) profileId, arrayAddress, cell(CELL0)));
        long[] handles = handles();
        List<GpuInstance> instances = new ArrayList<>(handles.length);
        for (long handle : handles) {
            check("nvmlGpuInstanceGetInfo", nvmlGpuInstanceGetInfo(handle, scratchAddress));
            instances.add(new GpuInstance(handle,
                    u32(Layouts.GpuInstanceInfo.ID),
                    u32(Layouts.GpuInstanceInfo.PROFILE_ID),
                    u32(Layouts.GpuInstanceInfo.PLACEMENT_START),
                    u32(Layouts.GpuInstanceInfo.PLACEMENT_SIZE)));
        }
        return instances;
    }

    @Override
    public List<ComputeInstanceProfile> gpuInstanceComputeInstanceProfiles(long gpuInstance) {
        List<ComputeInstanceProfile> profiles = new ArrayList<>();
        for (int index = 0; index < Constants.COMPUTE_INSTANCE_PROFILE_COUNT; index++) {
            int rc = nvmlGpuInstanceGetComputeInstanceProfileInfo(
                    gpuInstance, index, Constants.COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED, scratchAddress);
            if (rc == NOT_SUPPORTED || rc == INVALID_ARGUMENT) {
                continue;
            }
            check("nvmlGpuInstanceGetComputeInstanceProfileInfo", rc);
            profiles.add(new ComputeInstanceProfile(index,
                    u32(Layouts.ComputeInstanceProfileInfo.ID),
                    u32(Layouts.ComputeInstanceProfileInfo.SLICE_COUNT),
                    u32(Layouts.ComputeInstanceProfileInfo.INSTANCE_COUNT),
                    u32(Layouts.ComputeInstanceProfileInfo.MULTIPROCESSOR_COUNT)));
        }
        return profiles;
    }

    @Override
    public List<ComputeInstance> gpuInstanceComputeInstances(long gpuInstance, long profileId) {
        check("nvmlGpuInstanceGetInfo", nvmlGpuInstanceGetInfo(gpuInstance, scratchAddress));
        long gpuInstanceId = u32(Layouts.GpuInstanceInfo.ID);
        ensureArray((long) MAX_MIG_HANDLES * Native.POINTER_SIZE);
        check("nvmlGpuInstanceGetComputeInstances",
                nvmlGpuInstanceGetComputeInstances(gpuInstance, (int) profileId, arrayAddress, cell(CELL0)));
        long[] handles = handles();
        List<ComputeInstance> instances = new ArrayList<>(handles.length);
        for (long handle : handles) {
            check("nvmlComputeInstanceGetInfo_v2", nvmlComputeInstanceGetInfo_v2(handle, scratchAddress));
            instances.add(new ComputeInstance(handle,
                    u32(Layouts.ComputeInstanceInfo.ID),
                    u32(Layouts.ComputeInstanceInfo.PROFILE_ID),
                    gpuInstanceId));
        }
        return instances;
    }

    // ---- vGPU host ----

    @Override
    public HostVgpuMode deviceHostVgpuMode(long device) {
        check("nvmlDeviceGetHostVgpuMode", nvmlDeviceGetHostVgpuMode(device, cell(CELL0)));
        return HostVgpuMode.of(view.getInt(CELL0));
    }

    @Override
    public SchedulerCapabilities deviceVgpuSchedulerCapabilities(long device) {
        check("nvmlDeviceGetVgpuSchedulerCapabilities", nvmlDeviceGetVgpuSchedulerCapabilities(device, scratchAddress));
        List<SchedulerPolicy> policies = new ArrayList<>(Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS_SLOTS);
        for (int i = 0; i < Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS_SLOTS; i++) {
            long policy = u32(Layouts.VgpuSchedulerCapabilities.SUPPORTED_SCHEDULERS + 4 * i);
            if (policy != 0) {
                policies.add(SchedulerPolicy.of(policy));
            }
        }
        return new SchedulerCapabilities(policies,
                NvmlUnits.secondsFromNanos(u32(Layouts.VgpuSchedulerCapabilities.MAX_TIMESLICE)),
                NvmlUnits.secondsFromNanos(u32(Layouts.VgpuSchedulerCapabilities.MIN_TIMESLICE)),
                view.getInt(Layouts.VgpuSchedulerCapabilities.IS_ARR_MODE_SUPPORTED) != 0,
                u32(Layouts.VgpuSchedulerCapabilities.MAX_FREQUENCY_FOR_ARR),
                u32(Layouts.VgpuSchedulerCapabilities.MIN_FREQUENCY_FOR_ARR),
                u32(Layouts.VgpuSchedulerCapabilities.MAX_AVG_FACTOR_FOR_ARR),
                u32(Layouts.VgpuSchedulerCapabilities.MIN_AVG_FACTOR_FOR_ARR));
    }

    @Override
    public SchedulerState deviceVgpuSchedulerState(long device) {
        check("nvmlDeviceGetVgpuSchedulerState", nvmlDeviceGetVgpuSchedulerState(device, scratchAddress));
        ArrMode arr = ArrMode.of(u32(Layouts.VgpuSchedulerGetState.ARR_MODE));
        return new SchedulerState(
                SchedulerPolicy.of(u32(Layouts.VgpuSchedulerGetState.SCHEDULER_POLICY)),
                arr,
                params(arr, Layouts.VgpuSchedulerGetState.SCHEDULER_PARAMS));
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLog(long device) {
        return deviceVgpuSchedulerLog(device, Long.MIN_VALUE);
    }

    /** Decodes only the entries that survive the filter: a steady poll allocates no entry it drops. */
    @Override
    public SchedulerLog deviceVgpuSchedulerLog(long device, long newerThanNs) {
        check("nvmlDeviceGetVgpuSchedulerLog", nvmlDeviceGetVgpuSchedulerLog(device, scratchAddress));
        ArrMode arr = ArrMode.of(u32(Layouts.VgpuSchedulerLog.ARR_MODE));
        long count = Math.min(Constants.SCHEDULER_SW_MAX_LOG_ENTRIES, u32(Layouts.VgpuSchedulerLog.ENTRIES_COUNT));
        List<SchedulerLogEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = Layouts.VgpuSchedulerLog.LOG_ENTRIES + i * Layouts.VgpuSchedulerLogEntry.SIZE;
            long timestamp = view.getLong(base + Layouts.VgpuSchedulerLogEntry.TIMESTAMP);
            if (timestamp <= newerThanNs) {
                continue;
            }
            entries.add(new SchedulerLogEntry(
                    timestamp,
                    NvmlUnits.secondsFromNanos(view.getLong(base + Layouts.VgpuSchedulerLogEntry.TIME_RUN_TOTAL)),
                    NvmlUnits.secondsFromNanos(view.getLong(base + Layouts.VgpuSchedulerLogEntry.TIME_RUN)),
                    u32(base + Layouts.VgpuSchedulerLogEntry.SW_RUNLIST_ID),
                    NvmlUnits.secondsFromNanos(view.getLong(base + Layouts.VgpuSchedulerLogEntry.TARGET_TIME_SLICE)),
                    NvmlUnits.secondsFromNanos(
                            view.getLong(base + Layouts.VgpuSchedulerLogEntry.CUMULATIVE_PREEMPTION_TIME))));
        }
        return new SchedulerLog(
                u32(Layouts.VgpuSchedulerLog.ENGINE_ID),
                SchedulerPolicy.of(u32(Layouts.VgpuSchedulerLog.SCHEDULER_POLICY)),
                arr,
                params(arr, Layouts.VgpuSchedulerLog.SCHEDULER_PARAMS),
                entries);
    }

    /** Writes {@code enableARRMode} as NVML's ARR constants (ENABLE 2, DISABLE 1) and the union in the matching form. */
    @Override
    public void deviceSetVgpuSchedulerState(long device, SchedulerSetState state) {
        scratch.clear(Layouts.VgpuSchedulerSetState.SIZE);
        view.putInt(Layouts.VgpuSchedulerSetState.SCHEDULER_POLICY, state.policy().code());
        int params = Layouts.VgpuSchedulerSetState.SCHEDULER_PARAMS;
        if (state.enableArr()) {
            view.putInt(Layouts.VgpuSchedulerSetState.ENABLE_ARR_MODE, Constants.VGPU_SCHEDULER_ARR_ENABLE);
            view.putInt(params + Layouts.VgpuSchedulerSetParams.WITH_ARR_AVG_FACTOR, (int) state.avgFactor());
            view.putInt(params + Layouts.VgpuSchedulerSetParams.WITH_ARR_FREQUENCY, (int) state.frequencyHertz());
        } else {
            view.putInt(Layouts.VgpuSchedulerSetState.ENABLE_ARR_MODE, Constants.VGPU_SCHEDULER_ARR_DISABLE);
            view.putInt(params + Layouts.VgpuSchedulerSetParams.TIMESLICE, (int) NvmlUnits.nanosFromSeconds(state.timesliceSeconds()));
        }
        check("nvmlDeviceSetVgpuSchedulerState", nvmlDeviceSetVgpuSchedulerState(device, scratchAddress));
    }

    @Override
    public long[] deviceSupportedVgpus(long device) {
        return ids(fill(SUPPORTED_VGPUS, device, 0, 4));
    }

    @Override
    public long[] deviceCreatableVgpus(long device) {
        return ids(fill(CREATABLE_VGPUS, device, 0, 4));
    }

    @Override
    public long[] deviceActiveVgpus(long device) {
        return ids(fill(ACTIVE_VGPUS, device, 0, 4));
    }

    @Override
    public int deviceVgpuHeterogeneousMode(long device) {
        String call = "nvmlDeviceGetVgpuHeterogeneousMode";
        if (heterogeneousMode == null) {
            throw new NvmlException(call, FUNCTION_NOT_FOUND);
        }
        scratch.clear(Layouts.VgpuHeterogeneousMode_v1.SIZE);
        view.putInt(Layouts.VgpuHeterogeneousMode_v1.VERSION_FIELD, Layouts.VgpuHeterogeneousMode_v1.VERSION);
        check(call, heterogeneousMode.invokeInt(new Object[] {new Pointer(device), scratch}));
        return view.getInt(Layouts.VgpuHeterogeneousMode_v1.MODE);
    }

    // ---- vGPU type ----

    @Override
    public String vgpuTypeName(long vgpuType) {
        view.putInt(CELL0, Constants.VGPU_NAME_BUFFER_SIZE);
        check("nvmlVgpuTypeGetName", nvmlVgpuTypeGetName((int) vgpuType, scratchAddress, cell(CELL0)));
        return string(0, Constants.VGPU_NAME_BUFFER_SIZE);
    }

    @Override
    public String vgpuTypeClass(long vgpuType) {
        view.putInt(CELL0, Constants.VGPU_NAME_BUFFER_SIZE);
        check("nvmlVgpuTypeGetClass", nvmlVgpuTypeGetClass((int) vgpuType, scratchAddress, cell(CELL0)));
        return string(0, Constants.VGPU_NAME_BUFFER_SIZE);
    }

    @Override
    public long vgpuTypeFramebufferSize(long vgpuType) {
        check("nvmlVgpuTypeGetFramebufferSize", nvmlVgpuTypeGetFramebufferSize((int) vgpuType, cell(CELL0)));
        return view.getLong(CELL0);
    }

    @Override
    public long vgpuTypeMaxInstances(long device, long vgpuType) {
        check("nvmlVgpuTypeGetMaxInstances", nvmlVgpuTypeGetMaxInstances(device, (int) vgpuType, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public long vgpuTypeGpuInstanceProfileId(long vgpuType) {
        check("nvmlVgpuTypeGetGpuInstanceProfileId", nvmlVgpuTypeGetGpuInstanceProfileId((int) vgpuType, cell(CELL0)));
        return u32(CELL0);
    }

    // ---- vGPU instance ----

    @Override
    public String vgpuInstanceUuid(long vgpu) {
        check("nvmlVgpuInstanceGetUUID",
                nvmlVgpuInstanceGetUUID((int) vgpu, scratchAddress, Constants.DEVICE_UUID_BUFFER_SIZE));
        return string(0, Constants.DEVICE_UUID_BUFFER_SIZE);
    }

    @Override
    public VmId vgpuInstanceVmId(long vgpu) {
        check("nvmlVgpuInstanceGetVmID",
                nvmlVgpuInstanceGetVmID((int) vgpu, scratchAddress, Constants.DEVICE_UUID_BUFFER_SIZE, cell(CELL0)));
        return new VmId(string(0, Constants.DEVICE_UUID_BUFFER_SIZE), VmIdType.of(view.getInt(CELL0)));
    }

    @Override
    public String vgpuInstanceVmDriverVersion(long vgpu) {
        check("nvmlVgpuInstanceGetVmDriverVersion", nvmlVgpuInstanceGetVmDriverVersion(
                (int) vgpu, scratchAddress, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE));
        return string(0, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    }

    @Override
    public long vgpuInstanceFbUsage(long vgpu) {
        check("nvmlVgpuInstanceGetFbUsage", nvmlVgpuInstanceGetFbUsage((int) vgpu, cell(CELL0)));
        return view.getLong(CELL0);
    }

    @Override
    public LicenseInfo vgpuInstanceLicenseInfo(long vgpu) {
        check("nvmlVgpuInstanceGetLicenseInfo_v2", nvmlVgpuInstanceGetLicenseInfo_v2((int) vgpu, scratchAddress));
        int e = Layouts.VgpuLicenseInfo.LICENSE_EXPIRY;
        LicenseExpiry expiry = new LicenseExpiry(
                u32(e + Layouts.VgpuLicenseExpiry.YEAR),
                u16(e + Layouts.VgpuLicenseExpiry.MONTH),
                u16(e + Layouts.VgpuLicenseExpiry.DAY),
                u16(e + Layouts.VgpuLicenseExpiry.HOUR),
                u16(e + Layouts.VgpuLicenseExpiry.MIN),
                u16(e + Layouts.VgpuLicenseExpiry.SEC),
                view.get(e + Layouts.VgpuLicenseExpiry.STATUS) & 0xFF);
        return new LicenseInfo(
                view.get(Layouts.VgpuLicenseInfo.IS_LICENSED) != 0,
                expiry,
                LicenseState.of(u32(Layouts.VgpuLicenseInfo.CURRENT_STATE)));
    }

    @Override
    public int vgpuInstanceLicenseStatus(long vgpu) {
        check("nvmlVgpuInstanceGetLicenseStatus", nvmlVgpuInstanceGetLicenseStatus((int) vgpu, cell(CELL0)));
        return view.getInt(CELL0);
    }

    @Override
    public long vgpuInstanceType(long vgpu) {
        check("nvmlVgpuInstanceGetType", nvmlVgpuInstanceGetType((int) vgpu, cell(CELL0)));
        return Integer.toUnsignedLong(view.getInt(CELL0));
    }

    @Override
    public long vgpuInstanceFrameRateLimit(long vgpu) {
        check("nvmlVgpuInstanceGetFrameRateLimit", nvmlVgpuInstanceGetFrameRateLimit((int) vgpu, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public boolean vgpuInstanceEccMode(long vgpu) {
        check("nvmlVgpuInstanceGetEccMode", nvmlVgpuInstanceGetEccMode((int) vgpu, cell(CELL0)));
        return view.getInt(CELL0) != 0;
    }

    @Override
    public long vgpuInstanceEncoderCapacity(long vgpu) {
        check("nvmlVgpuInstanceGetEncoderCapacity", nvmlVgpuInstanceGetEncoderCapacity((int) vgpu, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public EncoderStats vgpuInstanceEncoderStats(long vgpu) {
        check("nvmlVgpuInstanceGetEncoderStats",
                nvmlVgpuInstanceGetEncoderStats((int) vgpu, cell(CELL0), cell(CELL1), cell(CELL2)));
        return new EncoderStats(u32(CELL0), u32(CELL1), u32(CELL2));
    }

    @Override
    public long vgpuInstanceGpuInstanceId(long vgpu) {
        check("nvmlVgpuInstanceGetGpuInstanceId", nvmlVgpuInstanceGetGpuInstanceId((int) vgpu, cell(CELL0)));
        return u32(CELL0);
    }

    @Override
    public boolean vgpuInstanceAccountingMode(long vgpu) {
        check("nvmlVgpuInstanceGetAccountingMode", nvmlVgpuInstanceGetAccountingMode((int) vgpu, cell(CELL0)));
        return view.getInt(CELL0) != 0;
    }

    @Override
    public long[] vgpuInstanceAccountingPids(long vgpu) {
        return ids(fill(ACCOUNTING_PIDS, vgpu, 0, 4));
    }

    @Override
    public AccountingStats vgpuInstanceAccountingStats(long vgpu, long pid) {
        check("nvmlVgpuInstanceGetAccountingStats",
                nvmlVgpuInstanceGetAccountingStats((int) vgpu, (int) pid, scratchAddress));
        return new AccountingStats(
                percent(u32(Layouts.AccountingStats.GPU_UTILIZATION)),
                percent(u32(Layouts.AccountingStats.MEMORY_UTILIZATION)),
                view.getLong(Layouts.AccountingStats.MAX_MEMORY_USAGE),
                NvmlUnits.secondsFromMillis(view.getLong(Layouts.AccountingStats.TIME)),
                NvmlUnits.nanosFromMicros(view.getLong(Layouts.AccountingStats.START_TIME)),
                view.getInt(Layouts.AccountingStats.IS_RUNNING) != 0);
    }

    // ---- vGPU utilization samples ----

    @Override
    public List<VgpuUtilizationSample> deviceVgpuUtilization(long device, long lastSeenTimestampUs) {
        int n = fill(VGPU_UTILIZATION, device, lastSeenTimestampUs, Layouts.VgpuInstanceUtilizationSample.SIZE);
        int type = view.getInt(CELL1);
        List<VgpuUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuInstanceUtilizationSample.SIZE;
            samples.add(new VgpuUtilizationSample(
                    Integer.toUnsignedLong(arrayView.getInt(base + Layouts.VgpuInstanceUtilizationSample.VGPU_INSTANCE)),
                    arrayView.getLong(base + Layouts.VgpuInstanceUtilizationSample.TIME_STAMP),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationSample.SM_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationSample.MEM_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationSample.ENC_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationSample.DEC_UTIL, type),
                    Double.NaN,
                    Double.NaN));
        }
        return samples;
    }

    @Override
    public List<VgpuUtilizationSample> deviceVgpuInstancesUtilizationInfo(long device, long lastSeenTimestampUs) {
        if (instancesUtilizationInfo == null) {
            throw new NvmlException(FILL_CALLS[VGPU_INSTANCES_UTILIZATION], FUNCTION_NOT_FOUND);
        }
        int n = fill(VGPU_INSTANCES_UTILIZATION, device, lastSeenTimestampUs,
                Layouts.VgpuInstanceUtilizationInfo_v1.SIZE);
        int type = view.getInt(Layouts.VgpuInstancesUtilizationInfo_v1.SAMPLE_VAL_TYPE);
        List<VgpuUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuInstanceUtilizationInfo_v1.SIZE;
            samples.add(new VgpuUtilizationSample(
                    Integer.toUnsignedLong(arrayView.getInt(base + Layouts.VgpuInstanceUtilizationInfo_v1.VGPU_INSTANCE)),
                    arrayView.getLong(base + Layouts.VgpuInstanceUtilizationInfo_v1.TIME_STAMP),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.SM_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.MEM_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.ENC_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.DEC_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.JPG_UTIL, type),
                    value(arrayView, base + Layouts.VgpuInstanceUtilizationInfo_v1.OFA_UTIL, type)));
        }
        return samples;
    }

    @Override
    public List<VgpuProcessUtilizationSample> deviceVgpuProcessUtilization(long device, long lastSeenTimestampUs) {
        int n = fill(VGPU_PROCESS_UTILIZATION, device, lastSeenTimestampUs, Layouts.VgpuProcessUtilizationSample.SIZE);
        List<VgpuProcessUtilizationSample> samples = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int base = i * Layouts.VgpuProcessUtilizationSample.SIZE;
            samples.add(new VgpuProcessUtilizationSample(
                    Integer.toUnsignedLong(arrayView.getInt(base + Layouts.VgpuProcessUtilizationSample.VGPU_INSTANCE)),
                    Integer.toUnsignedLong(arrayView.getInt(base + Layouts.VgpuProcessUtilizationSample.PID)),
                    string(arrayView, base + Layouts.VgpuProcessUtilizationSample.PROCESS_NAME,
                            Layouts.VgpuProcessUtilizationSample.PROCESS_NAME_SIZE),
                    arrayView.getLong(base + Layouts.VgpuProcessUtilizationSample.TIME_STAMP),
                    u32(arrayView, base + Layouts.VgpuProcessUtilizationSample.SM_UTIL),
                    u32(arrayView, base + Layouts.VgpuProcessUtilizationSample.MEM_UTIL),
                    u32(arrayView, base + Layouts.VgpuProcessUtilizationSample.ENC_UTIL),
                    u32(arrayView, base + Layouts.VgpuProcessUtilizationSample.DEC_UTIL)));
        }
        return samples;
    }

    // ---- count-then-fill ----

    /**
     * Runs count-then-fill function {@code which}: first with count 0 and a NULL array, then with
     * an array of the count NVML gave, again while it reports INSUFFICIENT_SIZE because the count
     * grew, at most {@value #FILL_ATTEMPTS} fills. Leaves the entries in {@link #array} and returns
     * how many; NOT_FOUND from a utilization call (no new samples) returns 0.
     */
    private int fill(int which, long handle, long lastSeen, int elementSize) {
        view.putInt(CELL0, 0);
        int rc = fillCall(which, handle, lastSeen, 0L);
        for (int attempt = 0; rc == INSUFFICIENT_SIZE; attempt++) {
            if (attempt == FILL_ATTEMPTS) {
                throw new NvmlException(FILL_CALLS[which], rc,
                        "the count still grew after " + FILL_ATTEMPTS + " attempts");
            }
            int count = filledCount(which);
            ensureArray((long) Math.max(count, 1) * elementSize);
            rc = fillCall(which, handle, lastSeen, arrayAddress);
        }
        if (rc == NOT_FOUND && which >= VGPU_UTILIZATION) {
            return 0;
        }
        check(FILL_CALLS[which], rc);
        return filledCount(which);
    }

    private int filledCount(int which) {
        return which == VGPU_INSTANCES_UTILIZATION
                ? view.getInt(Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_INSTANCE_COUNT)
                : view.getInt(CELL0);
    }

    /** One call of count-then-fill function {@code which}; array 0 is the NULL of the count query. */
    private int fillCall(int which, long handle, long lastSeen, long arrayPointer) {
        long count = cell(CELL0);
        switch (which) {
            case ACTIVE_VGPUS:
                return nvmlDeviceGetActiveVgpus(handle, count, arrayPointer);
            case SUPPORTED_VGPUS:
                return nvmlDeviceGetSupportedVgpus(handle, count, arrayPointer);
            case CREATABLE_VGPUS:
                return nvmlDeviceGetCreatableVgpus(handle, count, arrayPointer);
            case ACCOUNTING_PIDS:
                return nvmlVgpuInstanceGetAccountingPids((int) handle, count, arrayPointer);
            case COMPUTE_PROCESSES:
                return nvmlDeviceGetComputeRunningProcesses_v3(handle, count, arrayPointer);
            case VGPU_UTILIZATION:
                return nvmlDeviceGetVgpuUtilization(handle, lastSeen, cell(CELL1), count, arrayPointer);
            case VGPU_PROCESS_UTILIZATION:
                return nvmlDeviceGetVgpuProcessUtilization(handle, lastSeen, count, arrayPointer);
            case VGPU_INSTANCES_UTILIZATION:
                return instancesUtilizationCall(handle, lastSeen, arrayPointer);
            default:
                throw new IllegalArgumentException("count-then-fill function " + which);
        }
    }

    private int instancesUtilizationCall(long device, long lastSeen, long arrayPointer) {
        int countField = Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_INSTANCE_COUNT;
        int count = arrayPointer == 0 ? 0 : view.getInt(countField);
        scratch.clear(Layouts.VgpuInstancesUtilizationInfo_v1.SIZE);
        view.putInt(Layouts.VgpuInstancesUtilizationInfo_v1.VERSION_FIELD,
                Layouts.VgpuInstancesUtilizationInfo_v1.VERSION);
        view.putInt(countField, count);
        view.putLong(Layouts.VgpuInstancesUtilizationInfo_v1.LAST_SEEN_TIME_STAMP, lastSeen);
        view.putLong(Layouts.VgpuInstancesUtilizationInfo_v1.VGPU_UTIL_ARRAY, arrayPointer);
        return instancesUtilizationInfo.invokeInt(new Object[] {new Pointer(device), scratch});
    }

    private void ensureArray(long bytes) {
        if (array.size() < bytes) {
            array.close();
            array = new Memory(Math.max(bytes, array.size() * 2));
            arrayAddress = Pointer.nativeValue(array);
            arrayView = array.getByteBuffer(0, array.size()).order(ByteOrder.nativeOrder());
        }
    }

    // ---- decoding ----

    private static void check(String call, int rc) {
        if (rc != OK) {
            throw new NvmlException(call, rc);
        }
    }

    private long cell(int offset) {
        return scratchAddress + offset;
    }

    /** An {@code unsigned int} field; all ones ({@code NVML_VALUE_NOT_AVAILABLE}) becomes {@link #NOT_AVAILABLE}. */
    private long u32(int offset) {
        return u32(view, offset);
    }

    private static long u32(ByteBuffer buffer, int offset) {
        return orNotAvailable(buffer.getInt(offset));
    }

    private static long orNotAvailable(int value) {
        return value == -1 ? NOT_AVAILABLE : Integer.toUnsignedLong(value);
    }

    private int u16(int offset) {
        return view.getShort(offset) & 0xFFFF;
    }

    /** The first {@code n} {@code unsigned int} ids a count-then-fill call left in {@link #array}. */
    private long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toUnsignedLong(arrayView.getInt(4 * i));
        }
        return ids;
    }

    /** The handles a MIG enumeration left in {@link #array}: the count in {@link #CELL0}, at most {@value #MAX_MIG_HANDLES}. */
    private long[] handles() {
        long[] handles = new long[Math.min(MAX_MIG_HANDLES, view.getInt(CELL0))];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = arrayView.getLong(i * Native.POINTER_SIZE);
        }
        return handles;
    }

    /** The parameter union as NVML lays it out for {@code arr}: {avgFactor, timeslice} with ARR enabled, else {timeslice}. */
    private SchedulerParams params(ArrMode arr, int offset) {
        if (arr == ArrMode.ENABLED) {
            return new SchedulerParams(u32(offset + Layouts.VgpuSchedulerParams.WITH_ARR_AVG_FACTOR),
                    NvmlUnits.secondsFromNanos(u32(offset + Layouts.VgpuSchedulerParams.WITH_ARR_TIMESLICE)));
        }
        return new SchedulerParams(-1, NvmlUnits.secondsFromNanos(u32(offset + Layouts.VgpuSchedulerParams.TIMESLICE)));
    }

    /** NVML's 32-bit percent, or NaN for its all-ones "not available". */
    private static double percent(long value) {
        return value == 0xFFFF_FFFFL ? Double.NaN : value;
    }

    /** An {@code nvmlValue_t} read as the member {@code type} ({@code nvmlValueType_t}) names. */
    static double value(ByteBuffer memory, int offset, int type) {
        switch (type) {
            case Layouts.Value.TYPE_DOUBLE:
                return memory.getDouble(offset);
            case Layouts.Value.TYPE_UNSIGNED_INT:
                return Integer.toUnsignedLong(memory.getInt(offset));
            case Layouts.Value.TYPE_UNSIGNED_LONG:
                return Native.LONG_SIZE == 8 ? unsignedToDouble(memory.getLong(offset))
                        : Integer.toUnsignedLong(memory.getInt(offset));
            case Layouts.Value.TYPE_UNSIGNED_LONG_LONG:
                return unsignedToDouble(memory.getLong(offset));
            case Layouts.Value.TYPE_SIGNED_LONG_LONG:
                return memory.getLong(offset);
            case Layouts.Value.TYPE_SIGNED_INT:
                return memory.getInt(offset);
            case 6: // NVML_VALUE_TYPE_UNSIGNED_SHORT (usVal), added to nvml.h after 12.4
                return memory.getShort(offset) & 0xFFFF;
            default:
                return Double.NaN;
        }
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2.0 + (value & 1);
    }

    private String string(int offset, int max) {
        return string(view, offset, max);
    }

    /** A NUL-terminated UTF-8 string of at most {@code max} bytes. */
    private String string(ByteBuffer buffer, int offset, int max) {
        byte[] bytes = max <= text.length ? text : new byte[max];
        buffer.get(offset, bytes, 0, max);
        int length = 0;
        while (length < max && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JnaNvml[" + libraryFile() + "]";
    }
}
