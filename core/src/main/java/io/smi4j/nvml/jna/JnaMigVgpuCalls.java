package io.smi4j.nvml.jna;

import static io.smi4j.nvml.NvmlFunction.*;
import static io.smi4j.nvml.jna.NvmlFunctions.*;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.smi4j.model.AccountingStats;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VmIdType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.DeviceVgpuCapability;
import io.smi4j.nvml.EncoderStats;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.LicenseInfo;
import io.smi4j.nvml.MigMode;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.NvmlFunction;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuDriverCapability;
import io.smi4j.nvml.VgpuPlacementList;
import io.smi4j.nvml.VgpuProcessUtilizationSample;
import io.smi4j.nvml.VgpuUtilizationSample;
import io.smi4j.nvml.VmId;
import io.smi4j.nvml.jna.Layouts.Constants;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The port's calls about GPUs shared by several tenants, over JNA: MIG instances, and the vGPU host,
 * its vGPU types, instances and utilization samples. {@link JnaNvml} adds loading, the lifecycle, the
 * system and the device calls. Each call writes its out-parameters into the session's {@link Buffers}
 * and decodes them with {@link Structs}.
 */
abstract class JnaMigVgpuCalls implements Nvml {

    private static final int OK = NvmlReturn.SUCCESS.code();
    private static final int NOT_SUPPORTED = NvmlReturn.NOT_SUPPORTED.code();
    private static final int INVALID_ARGUMENT = NvmlReturn.INVALID_ARGUMENT.code();
    private static final int CELL0 = Buffers.CELL0;

    final Buffers b = new Buffers();
    // per call kind, the last answer per vGPU (and PID, device): an unchanged answer is the same object again
    private final LastAnswers<EncoderStats> lastEncoderStats = new LastAnswers<>();
    private final LastAnswers<EncoderStats> lastFbcStats = new LastAnswers<>();
    private final LastAnswers<LicenseInfo> lastLicenses = new LastAnswers<>();
    private final LastAnswers<AccountingStats> lastAccounting = new LastAnswers<>();
    private final LastAnswers<long[]> lastPids = new LastAnswers<>();
    private final LastAnswers<long[]> lastActiveVgpus = new LastAnswers<>();
    private final LastAnswers<VgpuUtilizationSample> lastSamples = new LastAnswers<>();
    private final LastAnswers<SchedulerState> lastSchedulerStates = new LastAnswers<>();
    final CountThenFill fills;
    /** {@code nvmlDeviceGetVgpuHeterogeneousMode}, R550 and newer; null when the driver lacks it. */
    private final Function heterogeneousMode;
    /** {@code nvmlDeviceGetVgpuTypeSupportedPlacements}, R550 and newer; null when the driver lacks it. */
    private final Function supportedPlacements;
    /** {@code nvmlDeviceGetVgpuTypeCreatablePlacements}, R550 and newer; null when the driver lacks it. */
    private final Function creatablePlacements;
    /** {@code nvmlVgpuInstanceGetPlacementId}, R550 and newer; null when the driver lacks it. */
    private final Function placementId;
    /**
     * The optional functions resolved here that the driver exports: the newer vGPU facts and
     * {@link NvmlBinding#NEWER_OPTIONAL_FUNCTIONS} (scheduler v2, MIG-backed vGPU).
     */
    private final EnumMap<NvmlFunction, Function> newer = new EnumMap<>(NvmlFunction.class);

    JnaMigVgpuCalls(NativeLibrary library) {
        this.heterogeneousMode = NvmlBinding.resolve(library, nvmlDeviceGetVgpuHeterogeneousMode.name()).orElse(null);
        this.supportedPlacements =
                NvmlBinding.resolve(library, nvmlDeviceGetVgpuTypeSupportedPlacements.name()).orElse(null);
        this.creatablePlacements =
                NvmlBinding.resolve(library, nvmlDeviceGetVgpuTypeCreatablePlacements.name()).orElse(null);
        this.placementId = NvmlBinding.resolve(library, nvmlVgpuInstanceGetPlacementId.name()).orElse(null);
        for (NvmlFunction f : List.of(nvmlVgpuTypeGetBAR1Info, nvmlVgpuTypeGetFbReservation, nvmlVgpuTypeGetGspHeapSize,
                nvmlVgpuInstanceGetRuntimeStateSize, nvmlDeviceGetVgpuCapabilities, nvmlGetVgpuDriverCapabilities)) {
            NvmlBinding.resolve(library, f.name()).ifPresent(function -> newer.put(f, function));
        }
        for (NvmlFunction f : NvmlBinding.NEWER_OPTIONAL_FUNCTIONS) {
            NvmlBinding.resolve(library, f.name()).ifPresent(function -> newer.put(f, function));
        }
        this.fills = new CountThenFill(b,
                NvmlBinding.resolve(library, nvmlDeviceGetVgpuInstancesUtilizationInfo.name()).orElse(null),
                NvmlBinding.resolve(library, nvmlDeviceGetProcessesUtilizationInfo.name()).orElse(null));
    }

    /** Throws unless NVML answered {@code NVML_SUCCESS}. */
    static void check(NvmlFunction function, int rc) {
        if (rc != OK) {
            throw new NvmlException(function, rc);
        }
    }

    // ---- MIG ----

    @Override
    public MigMode deviceMigMode(long device) {
        check(nvmlDeviceGetMigMode, nvmlDeviceGetMigMode(device, b.cell(CELL0), b.cell(Buffers.CELL1)));
        return new MigMode(b.view.getInt(CELL0) != 0, b.view.getInt(Buffers.CELL1) != 0);
    }

    @Override
    public int deviceMaxMigDeviceCount(long device) {
        check(nvmlDeviceGetMaxMigDeviceCount, nvmlDeviceGetMaxMigDeviceCount(device, b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public long deviceMigDeviceHandleByIndex(long device, int index) {
        check(nvmlDeviceGetMigDeviceHandleByIndex, nvmlDeviceGetMigDeviceHandleByIndex(device, index, b.cell(CELL0)));
        return b.view.getLong(CELL0);
    }

    @Override
    public long deviceGpuInstanceId(long migDevice) {
        check(nvmlDeviceGetGpuInstanceId, nvmlDeviceGetGpuInstanceId(migDevice, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long deviceComputeInstanceId(long migDevice) {
        check(nvmlDeviceGetComputeInstanceId, nvmlDeviceGetComputeInstanceId(migDevice, b.cell(CELL0)));
        return b.u32(CELL0);
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
            int rc = nvmlDeviceGetGpuInstanceProfileInfo(device, index, b.scratchAddress);
            if (rc == NOT_SUPPORTED || rc == INVALID_ARGUMENT) {
                refused |= rc == NOT_SUPPORTED;
                continue;
            }
            check(nvmlDeviceGetGpuInstanceProfileInfo, rc);
            profiles.add(Structs.gpuInstanceProfile(b, index));
        }
        if (profiles.isEmpty() && refused) {
            throw new NvmlException(nvmlDeviceGetGpuInstanceProfileInfo, NOT_SUPPORTED);
        }
        return profiles;
    }

    @Override
    public List<GpuInstance> deviceGpuInstances(long device, long profileId) {
        long array = b.array((long) Buffers.MAX_MIG_HANDLES * Native.POINTER_SIZE);
        check(nvmlDeviceGetGpuInstances, nvmlDeviceGetGpuInstances(device, (int) profileId, array, b.cell(CELL0)));
        long[] handles = b.handles();
        List<GpuInstance> instances = new ArrayList<>(handles.length);
        for (long handle : handles) {
            check(nvmlGpuInstanceGetInfo, nvmlGpuInstanceGetInfo(handle, b.scratchAddress));
            instances.add(Structs.gpuInstance(b, handle));
        }
        return instances;
    }

    @Override
    public List<ComputeInstanceProfile> gpuInstanceComputeInstanceProfiles(long gpuInstance) {
        List<ComputeInstanceProfile> profiles = new ArrayList<>();
        for (int index = 0; index < Constants.COMPUTE_INSTANCE_PROFILE_COUNT; index++) {
            int rc = nvmlGpuInstanceGetComputeInstanceProfileInfo(
                    gpuInstance, index, Constants.COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED, b.scratchAddress);
            if (rc == NOT_SUPPORTED || rc == INVALID_ARGUMENT) {
                continue;
            }
            check(nvmlGpuInstanceGetComputeInstanceProfileInfo, rc);
            profiles.add(Structs.computeInstanceProfile(b, index));
        }
        return profiles;
    }

    @Override
    public List<ComputeInstance> gpuInstanceComputeInstances(long gpuInstance, long profileId) {
        check(nvmlGpuInstanceGetInfo, nvmlGpuInstanceGetInfo(gpuInstance, b.scratchAddress));
        long gpuInstanceId = b.u32(Layouts.GpuInstanceInfo.ID);
        long array = b.array((long) Buffers.MAX_MIG_HANDLES * Native.POINTER_SIZE);
        check(nvmlGpuInstanceGetComputeInstances,
                nvmlGpuInstanceGetComputeInstances(gpuInstance, (int) profileId, array, b.cell(CELL0)));
        long[] handles = b.handles();
        List<ComputeInstance> instances = new ArrayList<>(handles.length);
        for (long handle : handles) {
            check(nvmlComputeInstanceGetInfo_v2, nvmlComputeInstanceGetInfo_v2(handle, b.scratchAddress));
            instances.add(Structs.computeInstance(b, handle, gpuInstanceId));
        }
        return instances;
    }

    // ---- vGPU host ----

    @Override
    public HostVgpuMode deviceHostVgpuMode(long device) {
        check(nvmlDeviceGetHostVgpuMode, nvmlDeviceGetHostVgpuMode(device, b.cell(CELL0)));
        return HostVgpuMode.of(b.view.getInt(CELL0));
    }

    @Override
    public SchedulerCapabilities deviceVgpuSchedulerCapabilities(long device) {
        check(nvmlDeviceGetVgpuSchedulerCapabilities, nvmlDeviceGetVgpuSchedulerCapabilities(device, b.scratchAddress));
        return Structs.schedulerCapabilities(b);
    }

    @Override
    public SchedulerState deviceVgpuSchedulerState(long device) {
        check(nvmlDeviceGetVgpuSchedulerState, nvmlDeviceGetVgpuSchedulerState(device, b.scratchAddress));
        return Structs.kept(lastSchedulerStates, device, Structs.schedulerState(b));
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLog(long device, long newerThanNs) {
        check(nvmlDeviceGetVgpuSchedulerLog, nvmlDeviceGetVgpuSchedulerLog(device, b.scratchAddress));
        return Structs.schedulerLog(b, newerThanNs);
    }

    @Override
    public void deviceSetVgpuSchedulerState(long device, SchedulerSetState state) {
        Structs.writeSchedulerSetState(b, state);
        check(nvmlDeviceSetVgpuSchedulerState, nvmlDeviceSetVgpuSchedulerState(device, b.scratchAddress));
    }

    @Override
    public SchedulerState deviceVgpuSchedulerStateV2(long device) {
        b.scratch.clear(Layouts.VgpuSchedulerStateInfo_v2.SIZE);
        b.view.putInt(Layouts.VgpuSchedulerStateInfo_v2.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        check(nvmlDeviceGetVgpuSchedulerState_v2, invoke(nvmlDeviceGetVgpuSchedulerState_v2, device));
        return Structs.kept(lastSchedulerStates, device, Structs.schedulerStateV2(b));
    }

    @Override
    public SchedulerLog deviceVgpuSchedulerLogV2(long device, long newerThanNs) {
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v2.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v2.ENTRIES_COUNT, 0);
        check(nvmlDeviceGetVgpuSchedulerLog_v2, invoke(nvmlDeviceGetVgpuSchedulerLog_v2, device));
        return Structs.schedulerLogV2(b, newerThanNs);
    }

    @Override
    public void deviceSetVgpuSchedulerStateV2(long device, SchedulerSetState state) {
        Structs.writeSchedulerStateV2(b, state);
        check(nvmlDeviceSetVgpuSchedulerState_v2, invoke(nvmlDeviceSetVgpuSchedulerState_v2, device));
    }

    /** A newer optional function; FUNCTION_NOT_FOUND when the driver lacks it. */
    private Function newer(NvmlFunction name) {
        Function f = newer.get(name);
        if (f == null) {
            throw new NvmlException(name, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        return f;
    }

    /** A newer optional call on a device or GPU instance handle taking the scratch buffer. */
    private int invoke(NvmlFunction name, long handle) {
        return newer(name).invokeInt(new Object[] {new Pointer(handle), b.scratch});
    }

    // ---- MIG-backed vGPU (R575) ----

    @Override
    public long[] gpuInstanceActiveVgpus(long gpuInstance) {
        return giIds(nvmlGpuInstanceGetActiveVgpus, gpuInstance, Layouts.ActiveVgpuInstanceInfo_v1.SIZE,
                Layouts.ActiveVgpuInstanceInfo_v1.VERSION, Layouts.ActiveVgpuInstanceInfo_v1.VGPU_COUNT,
                Layouts.ActiveVgpuInstanceInfo_v1.VGPU_INSTANCES);
    }

    @Override
    public long[] gpuInstanceCreatableVgpus(long gpuInstance) {
        return giIds(nvmlGpuInstanceGetCreatableVgpus, gpuInstance, Layouts.VgpuTypeIdInfo_v1.SIZE,
                Layouts.VgpuTypeIdInfo_v1.VERSION, Layouts.VgpuTypeIdInfo_v1.VGPU_COUNT,
                Layouts.VgpuTypeIdInfo_v1.VGPU_TYPE_IDS);
    }

    /**
     * Count-then-fill through a versioned struct ({@code version, count, pointer}): the count 0 and a NULL array
     * first, INSUFFICIENT_SIZE gives the count; again while it grows, within a bound.
     */
    private long[] giIds(NvmlFunction name, long gpuInstance, int size, int version, int countOffset,
            int arrayOffset) {
        Function f = newer(name);
        int capacity = 0;
        for (int attempt = 0; attempt < CountThenFill.ATTEMPTS; attempt++) {
            long array = capacity == 0 ? 0 : b.array(4L * capacity);
            b.scratch.clear(size);
            b.view.putInt(0, version);
            b.view.putInt(countOffset, capacity);
            b.view.putLong(arrayOffset, array);
            int rc = f.invokeInt(new Object[] {new Pointer(gpuInstance), b.scratch});
            if (rc == NvmlReturn.INSUFFICIENT_SIZE.code()) {
                capacity = Math.max(capacity + 1, b.view.getInt(countOffset));
                continue;
            }
            check(name, rc);
            return b.ids(capacity == 0 ? 0 : Math.min(capacity, b.view.getInt(countOffset)));
        }
        throw new NvmlException(name, NvmlReturn.INSUFFICIENT_SIZE.code());
    }

    @Override
    public VgpuPlacementList gpuInstanceVgpuTypeCreatablePlacements(long gpuInstance, long vgpuType) {
        long ids = b.array(4L * Buffers.MAX_PLACEMENTS);
        b.scratch.clear(Layouts.VgpuCreatablePlacementInfo_v1.SIZE);
        b.view.putInt(Layouts.VgpuCreatablePlacementInfo_v1.VERSION_FIELD, Layouts.VgpuCreatablePlacementInfo_v1.VERSION);
        b.view.putInt(Layouts.VgpuCreatablePlacementInfo_v1.VGPU_TYPE_ID, (int) vgpuType);
        b.view.putInt(Layouts.VgpuCreatablePlacementInfo_v1.COUNT, Buffers.MAX_PLACEMENTS);
        b.view.putLong(Layouts.VgpuCreatablePlacementInfo_v1.PLACEMENT_IDS, ids);
        check(nvmlGpuInstanceGetVgpuTypeCreatablePlacements,
                invoke(nvmlGpuInstanceGetVgpuTypeCreatablePlacements, gpuInstance));
        int count = Math.min(Buffers.MAX_PLACEMENTS, b.view.getInt(Layouts.VgpuCreatablePlacementInfo_v1.COUNT));
        return new VgpuPlacementList(
                Integer.toUnsignedLong(b.view.getInt(Layouts.VgpuCreatablePlacementInfo_v1.PLACEMENT_SIZE)),
                b.ids(count));
    }

    @Override
    public SchedulerState gpuInstanceVgpuSchedulerState(long gpuInstance) {
        b.scratch.clear(Layouts.VgpuSchedulerStateInfo_v1.SIZE);
        b.view.putInt(Layouts.VgpuSchedulerStateInfo_v1.VERSION_FIELD, Layouts.VgpuSchedulerStateInfo_v1.VERSION);
        b.view.putInt(Layouts.VgpuSchedulerStateInfo_v1.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        check(nvmlGpuInstanceGetVgpuSchedulerState, invoke(nvmlGpuInstanceGetVgpuSchedulerState, gpuInstance));
        return Structs.schedulerStateInfoV1(b);
    }

    @Override
    public SchedulerState gpuInstanceVgpuSchedulerStateV2(long gpuInstance) {
        b.scratch.clear(Layouts.VgpuSchedulerStateInfo_v2.SIZE);
        b.view.putInt(Layouts.VgpuSchedulerStateInfo_v2.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        check(nvmlGpuInstanceGetVgpuSchedulerState_v2, invoke(nvmlGpuInstanceGetVgpuSchedulerState_v2, gpuInstance));
        return Structs.schedulerStateV2(b);
    }

    @Override
    public SchedulerLog gpuInstanceVgpuSchedulerLog(long gpuInstance, long newerThanNs) {
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v1.VERSION_FIELD, Layouts.VgpuSchedulerLogInfo_v1.VERSION);
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v1.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v1.ENTRIES_COUNT, 0);
        check(nvmlGpuInstanceGetVgpuSchedulerLog, invoke(nvmlGpuInstanceGetVgpuSchedulerLog, gpuInstance));
        return Structs.schedulerLogInfoV1(b, newerThanNs);
    }

    @Override
    public SchedulerLog gpuInstanceVgpuSchedulerLogV2(long gpuInstance, long newerThanNs) {
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v2.ENGINE_ID, Constants.VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);
        b.view.putInt(Layouts.VgpuSchedulerLogInfo_v2.ENTRIES_COUNT, 0);
        check(nvmlGpuInstanceGetVgpuSchedulerLog_v2, invoke(nvmlGpuInstanceGetVgpuSchedulerLog_v2, gpuInstance));
        return Structs.schedulerLogV2(b, newerThanNs);
    }

    @Override
    public int gpuInstanceVgpuHeterogeneousMode(long gpuInstance) {
        b.scratch.clear(Layouts.VgpuHeterogeneousMode_v1.SIZE);
        b.view.putInt(Layouts.VgpuHeterogeneousMode_v1.VERSION_FIELD, Layouts.VgpuHeterogeneousMode_v1.VERSION);
        check(nvmlGpuInstanceGetVgpuHeterogeneousMode, invoke(nvmlGpuInstanceGetVgpuHeterogeneousMode, gpuInstance));
        return b.view.getInt(Layouts.VgpuHeterogeneousMode_v1.MODE);
    }

    @Override
    public long vgpuTypeMaxInstancesPerGpuInstance(long vgpuType) {
        Function f = newer(nvmlVgpuTypeGetMaxInstancesPerGpuInstance);
        b.scratch.clear(Layouts.VgpuTypeMaxInstance_v1.SIZE);
        b.view.putInt(Layouts.VgpuTypeMaxInstance_v1.VERSION_FIELD, Layouts.VgpuTypeMaxInstance_v1.VERSION);
        b.view.putInt(Layouts.VgpuTypeMaxInstance_v1.VGPU_TYPE_ID, (int) vgpuType);
        check(nvmlVgpuTypeGetMaxInstancesPerGpuInstance, f.invokeInt(new Object[] {b.scratch}));
        return b.u32(Layouts.VgpuTypeMaxInstance_v1.MAX_INSTANCE_PER_GI);
    }

    @Override
    public long[] deviceSupportedVgpus(long device) {
        return b.ids(fills.fill(nvmlDeviceGetSupportedVgpus, device, 0, 4));
    }

    @Override
    public long[] deviceCreatableVgpus(long device) {
        return b.ids(fills.fill(nvmlDeviceGetCreatableVgpus, device, 0, 4));
    }

    @Override
    public long[] deviceActiveVgpus(long device) {
        return b.ids(fills.fill(nvmlDeviceGetActiveVgpus, device, 0, 4), lastActiveVgpus, device);
    }

    @Override
    public int deviceVgpuHeterogeneousMode(long device) {
        if (heterogeneousMode == null) {
            throw new NvmlException(nvmlDeviceGetVgpuHeterogeneousMode, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        b.scratch.clear(Layouts.VgpuHeterogeneousMode_v1.SIZE);
        b.view.putInt(Layouts.VgpuHeterogeneousMode_v1.VERSION_FIELD, Layouts.VgpuHeterogeneousMode_v1.VERSION);
        check(nvmlDeviceGetVgpuHeterogeneousMode,
                heterogeneousMode.invokeInt(new Object[] {new Pointer(device), b.scratch}));
        return b.view.getInt(Layouts.VgpuHeterogeneousMode_v1.MODE);
    }

    @Override
    public VgpuPlacementList deviceVgpuTypeSupportedPlacements(long device, long vgpuType) {
        return placements(nvmlDeviceGetVgpuTypeSupportedPlacements, supportedPlacements, device, vgpuType);
    }

    @Override
    public VgpuPlacementList deviceVgpuTypeCreatablePlacements(long device, long vgpuType) {
        return placements(nvmlDeviceGetVgpuTypeCreatablePlacements, creatablePlacements, device, vgpuType);
    }

    /** A placement list call: the ids go to the array buffer, sized for {@link Buffers#MAX_PLACEMENTS} ids. */
    private VgpuPlacementList placements(NvmlFunction name, Function function, long device, long vgpuType) {
        if (function == null) {
            throw new NvmlException(name, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        long ids = b.array(4L * Buffers.MAX_PLACEMENTS);
        b.scratch.clear(Layouts.VgpuPlacementList_v1.SIZE);
        b.view.putInt(Layouts.VgpuPlacementList_v1.VERSION_FIELD, Layouts.VgpuPlacementList_v1.VERSION);
        b.view.putInt(Layouts.VgpuPlacementList_v1.COUNT, Buffers.MAX_PLACEMENTS);
        b.view.putLong(Layouts.VgpuPlacementList_v1.PLACEMENT_IDS, ids);
        check(name, function.invokeInt(new Object[] {new Pointer(device), (int) vgpuType, b.scratch}));
        int count = Math.min(Buffers.MAX_PLACEMENTS, b.view.getInt(Layouts.VgpuPlacementList_v1.COUNT));
        return new VgpuPlacementList(Integer.toUnsignedLong(b.view.getInt(Layouts.VgpuPlacementList_v1.PLACEMENT_SIZE)),
                b.ids(count));
    }

    // ---- vGPU type ----

    @Override
    public String vgpuTypeName(long vgpuType) {
        b.view.putInt(CELL0, Constants.VGPU_NAME_BUFFER_SIZE);
        check(nvmlVgpuTypeGetName, nvmlVgpuTypeGetName((int) vgpuType, b.scratchAddress, b.cell(CELL0)));
        return b.string(0, Constants.VGPU_NAME_BUFFER_SIZE);
    }

    @Override
    public String vgpuTypeClass(long vgpuType) {
        b.view.putInt(CELL0, Constants.VGPU_NAME_BUFFER_SIZE);
        check(nvmlVgpuTypeGetClass, nvmlVgpuTypeGetClass((int) vgpuType, b.scratchAddress, b.cell(CELL0)));
        return b.string(0, Constants.VGPU_NAME_BUFFER_SIZE);
    }

    @Override
    public long vgpuTypeFramebufferSize(long vgpuType) {
        check(nvmlVgpuTypeGetFramebufferSize, nvmlVgpuTypeGetFramebufferSize((int) vgpuType, b.cell(CELL0)));
        return b.view.getLong(CELL0);
    }

    @Override
    public long vgpuTypeMaxInstances(long device, long vgpuType) {
        check(nvmlVgpuTypeGetMaxInstances, nvmlVgpuTypeGetMaxInstances(device, (int) vgpuType, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long vgpuTypeMaxInstancesPerVm(long vgpuType) {
        check(nvmlVgpuTypeGetMaxInstancesPerVm, nvmlVgpuTypeGetMaxInstancesPerVm((int) vgpuType, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public long vgpuTypeGpuInstanceProfileId(long vgpuType) {
        check(nvmlVgpuTypeGetGpuInstanceProfileId, nvmlVgpuTypeGetGpuInstanceProfileId((int) vgpuType, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    // ---- vGPU instance ----

    @Override
    public String vgpuInstanceUuid(long vgpu) {
        check(nvmlVgpuInstanceGetUUID,
                nvmlVgpuInstanceGetUUID((int) vgpu, b.scratchAddress, Constants.DEVICE_UUID_BUFFER_SIZE));
        return b.string(0, Constants.DEVICE_UUID_BUFFER_SIZE);
    }

    @Override
    public VmId vgpuInstanceVmId(long vgpu) {
        check(nvmlVgpuInstanceGetVmID, nvmlVgpuInstanceGetVmID(
                (int) vgpu, b.scratchAddress, Constants.DEVICE_UUID_BUFFER_SIZE, b.cell(CELL0)));
        return new VmId(b.string(0, Constants.DEVICE_UUID_BUFFER_SIZE), VmIdType.of(b.view.getInt(CELL0)));
    }

    @Override
    public String vgpuInstanceVmDriverVersion(long vgpu) {
        check(nvmlVgpuInstanceGetVmDriverVersion, nvmlVgpuInstanceGetVmDriverVersion(
                (int) vgpu, b.scratchAddress, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE));
        return b.string(0, Constants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    }

    @Override
    public long vgpuInstanceFbUsage(long vgpu) {
        check(nvmlVgpuInstanceGetFbUsage, nvmlVgpuInstanceGetFbUsage((int) vgpu, b.cell(CELL0)));
        return b.view.getLong(CELL0);
    }

    @Override
    public LicenseInfo vgpuInstanceLicenseInfo(long vgpu) {
        check(nvmlVgpuInstanceGetLicenseInfo_v2, nvmlVgpuInstanceGetLicenseInfo_v2((int) vgpu, b.scratchAddress));
        return Structs.licenseInfo(b, lastLicenses, vgpu);
    }

    @Override
    public int vgpuInstanceLicenseStatus(long vgpu) {
        check(nvmlVgpuInstanceGetLicenseStatus, nvmlVgpuInstanceGetLicenseStatus((int) vgpu, b.cell(CELL0)));
        return b.view.getInt(CELL0);
    }

    @Override
    public long vgpuInstanceType(long vgpu) {
        check(nvmlVgpuInstanceGetType, nvmlVgpuInstanceGetType((int) vgpu, b.cell(CELL0)));
        return Integer.toUnsignedLong(b.view.getInt(CELL0));
    }

    @Override
    public long vgpuInstanceFrameRateLimit(long vgpu) {
        check(nvmlVgpuInstanceGetFrameRateLimit, nvmlVgpuInstanceGetFrameRateLimit((int) vgpu, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public boolean vgpuInstanceEccMode(long vgpu) {
        check(nvmlVgpuInstanceGetEccMode, nvmlVgpuInstanceGetEccMode((int) vgpu, b.cell(CELL0)));
        return b.view.getInt(CELL0) != 0;
    }

    @Override
    public long vgpuInstanceEncoderCapacity(long vgpu) {
        check(nvmlVgpuInstanceGetEncoderCapacity, nvmlVgpuInstanceGetEncoderCapacity((int) vgpu, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public EncoderStats vgpuInstanceEncoderStats(long vgpu) {
        check(nvmlVgpuInstanceGetEncoderStats, nvmlVgpuInstanceGetEncoderStats(
                (int) vgpu, b.cell(CELL0), b.cell(Buffers.CELL1), b.cell(Buffers.CELL2)));
        return encoderStats(lastEncoderStats, vgpu, b.u32(CELL0), b.u32(Buffers.CELL1), b.u32(Buffers.CELL2));
    }

    @Override
    public long vgpuInstanceGpuInstanceId(long vgpu) {
        check(nvmlVgpuInstanceGetGpuInstanceId, nvmlVgpuInstanceGetGpuInstanceId((int) vgpu, b.cell(CELL0)));
        return b.u32(CELL0);
    }

    @Override
    public EncoderStats vgpuInstanceFbcStats(long vgpu) {
        b.scratch.clear(Layouts.FBCStats.SIZE);
        check(nvmlVgpuInstanceGetFBCStats, nvmlVgpuInstanceGetFBCStats((int) vgpu, b.scratchAddress));
        return encoderStats(lastFbcStats, vgpu, b.u32(Layouts.FBCStats.SESSIONS_COUNT),
                b.u32(Layouts.FBCStats.AVERAGE_FPS), b.u32(Layouts.FBCStats.AVERAGE_LATENCY));
    }

    private static EncoderStats encoderStats(LastAnswers<EncoderStats> last, long vgpu, long sessions, long fps,
            long latencyUs) {
        EncoderStats e = last.get(vgpu);
        if (e != null && e.sessionCount() == sessions && e.averageFps() == fps && e.averageLatencyUs() == latencyUs) {
            return e;
        }
        return last.put(vgpu, new EncoderStats(sessions, fps, latencyUs));
    }

    @Override
    public long vgpuInstancePlacementId(long vgpu) {
        if (placementId == null) {
            throw new NvmlException(nvmlVgpuInstanceGetPlacementId, NvmlReturn.FUNCTION_NOT_FOUND.code());
        }
        b.scratch.clear(Layouts.VgpuPlacementId_v1.SIZE);
        b.view.putInt(Layouts.VgpuPlacementId_v1.VERSION_FIELD, Layouts.VgpuPlacementId_v1.VERSION);
        check(nvmlVgpuInstanceGetPlacementId, placementId.invokeInt(new Object[] {(int) vgpu, b.scratch}));
        return Integer.toUnsignedLong(b.view.getInt(Layouts.VgpuPlacementId_v1.PLACEMENT_ID));
    }

    @Override
    public boolean vgpuInstanceAccountingMode(long vgpu) {
        check(nvmlVgpuInstanceGetAccountingMode, nvmlVgpuInstanceGetAccountingMode((int) vgpu, b.cell(CELL0)));
        return b.view.getInt(CELL0) != 0;
    }

    @Override
    public long[] vgpuInstanceAccountingPids(long vgpu) {
        return b.ids(fills.fill(nvmlVgpuInstanceGetAccountingPids, vgpu, 0, 4), lastPids, vgpu);
    }

    @Override
    public AccountingStats vgpuInstanceAccountingStats(long vgpu, long pid) {
        check(nvmlVgpuInstanceGetAccountingStats,
                nvmlVgpuInstanceGetAccountingStats((int) vgpu, (int) pid, b.scratchAddress));
        return Structs.accountingStats(b, lastAccounting, LastAnswers.pair(vgpu, pid));
    }

    // ---- vGPU utilization samples ----

    @Override
    public List<VgpuUtilizationSample> deviceVgpuUtilization(long device, long lastSeenTimestampUs) {
        int n = fills.fill(nvmlDeviceGetVgpuUtilization, device, lastSeenTimestampUs,
                Layouts.VgpuInstanceUtilizationSample.SIZE);
        return Structs.vgpuUtilization(b, n, b.view.getInt(Buffers.CELL1), lastSamples);
    }

    @Override
    public List<VgpuUtilizationSample> deviceVgpuInstancesUtilizationInfo(long device, long lastSeenTimestampUs) {
        int n = fills.fill(nvmlDeviceGetVgpuInstancesUtilizationInfo, device, lastSeenTimestampUs,
                Layouts.VgpuInstanceUtilizationInfo_v1.SIZE);
        return Structs.vgpuInstancesUtilization(b, n,
                b.view.getInt(Layouts.VgpuInstancesUtilizationInfo_v1.SAMPLE_VAL_TYPE), lastSamples);
    }

    @Override
    public List<VgpuProcessUtilizationSample> deviceVgpuProcessUtilization(long device, long lastSeenTimestampUs) {
        int n = fills.fill(nvmlDeviceGetVgpuProcessUtilization, device, lastSeenTimestampUs,
                Layouts.VgpuProcessUtilizationSample.SIZE);
        return Structs.vgpuProcessUtilization(b, n);
    }

    // ---- newer vGPU type, instance and capability facts ----

    @Override
    public long vgpuTypeBar1Size(long vgpuType) {
        Function f = newer(nvmlVgpuTypeGetBAR1Info);
        b.scratch.clear(Layouts.VgpuTypeBar1Info_v1.SIZE);
        b.view.putInt(Layouts.VgpuTypeBar1Info_v1.VERSION_FIELD, Layouts.VgpuTypeBar1Info_v1.VERSION);
        check(nvmlVgpuTypeGetBAR1Info, f.invokeInt(new Object[] {(int) vgpuType, b.scratch}));
        return b.view.getLong(Layouts.VgpuTypeBar1Info_v1.BAR1_SIZE);
    }

    @Override
    public long vgpuTypeFbReservation(long vgpuType) {
        return typeBytes(nvmlVgpuTypeGetFbReservation, vgpuType);
    }

    @Override
    public long vgpuTypeGspHeapSize(long vgpuType) {
        return typeBytes(nvmlVgpuTypeGetGspHeapSize, vgpuType);
    }

    /** A type call answering an {@code unsigned long long}. */
    private long typeBytes(NvmlFunction name, long vgpuType) {
        Function f = newer(name);
        check(name, f.invokeInt(new Object[] {(int) vgpuType, new Pointer(b.cell(CELL0))}));
        return b.view.getLong(CELL0);
    }

    @Override
    public long vgpuInstanceRuntimeStateSize(long vgpu) {
        Function f = newer(nvmlVgpuInstanceGetRuntimeStateSize);
        b.scratch.clear(Layouts.VgpuRuntimeState_v1.SIZE);
        b.view.putInt(Layouts.VgpuRuntimeState_v1.VERSION_FIELD, Layouts.VgpuRuntimeState_v1.VERSION);
        check(nvmlVgpuInstanceGetRuntimeStateSize, f.invokeInt(new Object[] {(int) vgpu, b.scratch}));
        return b.view.getLong(Layouts.VgpuRuntimeState_v1.STATE_SIZE);
    }

    @Override
    public Map<DeviceVgpuCapability, Long> deviceVgpuCapabilities(long device) {
        Function f = newer(nvmlDeviceGetVgpuCapabilities);
        Map<DeviceVgpuCapability, Long> out = new EnumMap<>(DeviceVgpuCapability.class);
        Pointer handle = new Pointer(device);
        Pointer result = new Pointer(b.cell(CELL0));
        for (DeviceVgpuCapability c : DeviceVgpuCapability.values()) {
            int rc = f.invokeInt(new Object[] {handle, c.code(), result});
            if (known(nvmlDeviceGetVgpuCapabilities, rc)) {
                out.put(c, b.u32(CELL0));
            }
        }
        return answered(nvmlDeviceGetVgpuCapabilities, out);
    }

    @Override
    public Map<VgpuDriverCapability, Long> vgpuDriverCapabilities() {
        Function f = newer(nvmlGetVgpuDriverCapabilities);
        Map<VgpuDriverCapability, Long> out = new EnumMap<>(VgpuDriverCapability.class);
        Pointer result = new Pointer(b.cell(CELL0));
        for (VgpuDriverCapability c : VgpuDriverCapability.values()) {
            if (known(nvmlGetVgpuDriverCapabilities, f.invokeInt(new Object[] {c.code(), result}))) {
                out.put(c, b.u32(CELL0));
            }
        }
        return answered(nvmlGetVgpuDriverCapabilities, out);
    }

    /**
     * Whether one capability answered: NOT_SUPPORTED (not on this GPU) and INVALID_ARGUMENT (newer than the driver)
     * leave it out; any other failure fails the whole call.
     */
    private static boolean known(NvmlFunction name, int rc) {
        if (rc == NOT_SUPPORTED || rc == INVALID_ARGUMENT) {
            return false;
        }
        check(name, rc);
        return true;
    }

    /** The capabilities that answered; NOT_SUPPORTED when none did. */
    private static <K extends Enum<K>> Map<K, Long> answered(NvmlFunction name, Map<K, Long> values) {
        if (values.isEmpty()) {
            throw new NvmlException(name, NOT_SUPPORTED);
        }
        return values;
    }
}
