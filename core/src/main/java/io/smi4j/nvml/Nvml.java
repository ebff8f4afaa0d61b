package io.smi4j.nvml;

import io.smi4j.model.AccountingStats;
import io.smi4j.model.GridLicense;
import io.smi4j.model.HostVgpuMode;
import io.smi4j.model.NvmlReturn;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VirtualizationMode;
import java.util.List;
import java.util.Map;

/**
 * The NVML port: NVIDIA's management library in Java terms. Implemented over the real
 * {@code libnvidia-ml.so.1} by the JNA binding ({@code io.smi4j.nvml.jna}) and, without hardware,
 * by the mock module; each found through its {@link NvmlProvider}.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every failing call throws {@link NvmlException} naming the NVML function and its
 *       return code. A function the loaded driver does not export throws with
 *       {@link NvmlReturn#FUNCTION_NOT_FOUND} (see {@link NvmlException#isNotSupported()}).</li>
 *   <li>Handles are opaque {@code long}s: a device handle ({@code nvmlDevice_t}, also MIG
 *       device handles), a vGPU type id and a vGPU instance id ({@code unsigned int}, widened
 *       unsigned: ids above 2^31 are normal), GPU / compute instance handles.</li>
 *   <li>Unsigned 32-bit values are widened to {@code long} without sign; 64-bit counters are
 *       {@code long} and, beyond 2^63, to be read with {@link Long#toUnsignedString(long)}.</li>
 *   <li>{@link #NOT_AVAILABLE} ({@code -1}, NVML's {@code NVML_VALUE_NOT_AVAILABLE}) marks a value
 *       NVML does not have; doubles use {@link Double#NaN}.</li>
 *   <li>Arrays returned are fresh and owned by the caller. Count-then-fill calls retry while the
 *       count grows between the two calls (VMs start and stop), within a bound.</li>
 *   <li>Implementations are not required to be thread-safe: one poller thread owns a session.</li>
 * </ul>
 */
public interface Nvml extends AutoCloseable {

    /** NVML's {@code NVML_VALUE_NOT_AVAILABLE}, in every numeric field of this API. */
    long NOT_AVAILABLE = -1L;

    /** {@code NVML_INVALID_VGPU_PLACEMENT_ID}: a vGPU's placement id outside heterogeneous mode. */
    long INVALID_PLACEMENT_ID = 0xFFFF;

    /** {@code NVML_SCHEDULER_SW_MAX_LOG_ENTRIES}. */
    int SCHEDULER_MAX_LOG_ENTRIES = 200;

    // ---- lifecycle and system ----

    /** {@code nvmlInit_v2}. Throws DRIVER_NOT_LOADED on a host without the NVIDIA driver. */
    void init();

    /** {@code nvmlShutdown}. */
    void shutdown();

    /** Shuts NVML down if it was initialised; never throws. */
    @Override
    void close();

    /** {@code nvmlSystemGetDriverVersion}, e.g. {@code "550.163.01"}. */
    String systemDriverVersion();

    /** {@code nvmlSystemGetNVMLVersion}, e.g. {@code "12.550.163.01"}; answers before init. */
    String systemNvmlVersion();

    /** {@code nvmlSystemGetCudaDriverVersion_v2}, e.g. {@code 12040} for CUDA 12.4. */
    int systemCudaDriverVersion();

    /** {@code nvmlSystemGetProcessName}: the process's name, as NVML reads it. */
    String systemProcessName(long pid);

    /** {@code nvmlDeviceGetCount_v2}. */
    int deviceCount();

    /** {@code nvmlDeviceGetHandleByIndex_v2}. */
    long deviceHandleByIndex(int index);

    // ---- device ----

    /** {@code nvmlDeviceGetName}. */
    String deviceName(long device);

    /** {@code nvmlDeviceGetUUID}, e.g. {@code "GPU-..."} or {@code "MIG-..."}. */
    String deviceUuid(long device);

    /** {@code nvmlDeviceGetPciInfo_v3}. */
    PciInfo devicePciInfo(long device);

    /** {@code nvmlDeviceGetMemoryInfo_v2}, falling back to {@code nvmlDeviceGetMemoryInfo}. */
    MemoryInfo deviceMemoryInfo(long device);

    /** {@code nvmlDeviceGetUtilizationRates}; NOT_SUPPORTED on MIG-enabled GPUs. */
    UtilizationRates deviceUtilizationRates(long device);

    /** {@code nvmlDeviceGetTemperature} with {@code NVML_TEMPERATURE_GPU}, degrees C. */
    int deviceTemperature(long device);

    /** {@code nvmlDeviceGetPowerUsage}, milliwatts. */
    long devicePowerUsage(long device);

    /** {@code nvmlDeviceGetEnforcedPowerLimit}, milliwatts. */
    long deviceEnforcedPowerLimit(long device);

    /** {@code nvmlDeviceGetClockInfo}, MHz. */
    long deviceClock(long device, ClockType type);

    /** {@code nvmlDeviceGetMaxClockInfo}, MHz. */
    long deviceMaxClock(long device, ClockType type);

    /** {@code nvmlDeviceGetFanSpeed}, percent of maximum. */
    int deviceFanSpeed(long device);

    /** {@code nvmlDeviceGetPerformanceState}: 0 (P0, fastest) to 15, 32 unknown. */
    int devicePerformanceState(long device);

    /** {@code nvmlDeviceGetEccMode}. */
    EccMode deviceEccMode(long device);

    /** {@code nvmlDeviceGetComputeRunningProcesses_v3}. */
    List<ProcessInfo> deviceComputeRunningProcesses(long device);

    /** {@code nvmlDeviceGetGraphicsRunningProcesses_v3}: processes with a graphics context (same record). */
    List<ProcessInfo> deviceGraphicsRunningProcesses(long device);

    /**
     * {@code nvmlDeviceGetProcessUtilization}: one sample per process that used the GPU, newer than
     * {@code lastSeenTimestampUs} (0: every buffered sample); NOT_FOUND (none newer) is answered as an empty list.
     * NOT_SUPPORTED on MIG-enabled GPUs.
     */
    List<ProcessUtilizationSample> deviceProcessUtilization(long device, long lastSeenTimestampUs);

    /** {@code nvmlDeviceGetProcessesUtilizationInfo} (R550+, adds jpg and ofa); empty for NOT_FOUND. */
    List<ProcessUtilizationSample> deviceProcessesUtilizationInfo(long device, long lastSeenTimestampUs);

    /** {@code nvmlDeviceGetVirtualizationMode}. */
    VirtualizationMode deviceVirtualizationMode(long device);

    /** {@code nvmlDeviceGetGridLicensableFeatures_v4}: vGPU licensing as a guest sees it. */
    GridLicense deviceGridLicense(long device);

    // ---- MIG ----

    /** {@code nvmlDeviceGetMigMode}. */
    MigMode deviceMigMode(long device);

    /** {@code nvmlDeviceGetMaxMigDeviceCount}. */
    int deviceMaxMigDeviceCount(long device);

    /** {@code nvmlDeviceGetMigDeviceHandleByIndex}; NOT_FOUND for an unused slot. */
    long deviceMigDeviceHandleByIndex(long device, int index);

    /** {@code nvmlDeviceGetGpuInstanceId} of a MIG device handle. */
    long deviceGpuInstanceId(long migDevice);

    /** {@code nvmlDeviceGetComputeInstanceId} of a MIG device handle. */
    long deviceComputeInstanceId(long migDevice);

    /** {@code nvmlDeviceGetGpuInstanceProfileInfo} for every profile index the GPU supports. */
    List<GpuInstanceProfile> deviceGpuInstanceProfiles(long device);

    /** {@code nvmlDeviceGetGpuInstances} of one profile id. */
    List<GpuInstance> deviceGpuInstances(long device, long profileId);

    /** {@code nvmlGpuInstanceGetComputeInstanceProfileInfo} for every supported profile index. */
    List<ComputeInstanceProfile> gpuInstanceComputeInstanceProfiles(long gpuInstance);

    /** {@code nvmlGpuInstanceGetComputeInstances} of one compute profile id. */
    List<ComputeInstance> gpuInstanceComputeInstances(long gpuInstance, long profileId);

    // ---- vGPU host ----

    /** {@code nvmlDeviceGetHostVgpuMode}. */
    HostVgpuMode deviceHostVgpuMode(long device);

    /** {@code nvmlDeviceGetVgpuSchedulerCapabilities}. */
    SchedulerCapabilities deviceVgpuSchedulerCapabilities(long device);

    /** {@code nvmlDeviceGetVgpuSchedulerState}, its parameter union decoded. */
    SchedulerState deviceVgpuSchedulerState(long device);

    /**
     * {@code nvmlDeviceGetVgpuSchedulerLog}: of the {@code entriesCount} valid entries, only those newer than
     * {@code newerThanNs} (a timestamp already seen; {@link Long#MIN_VALUE} for all), so a poll does not decode
     * entries it would drop.
     */
    SchedulerLog deviceVgpuSchedulerLog(long device, long newerThanNs);

    /**
     * {@code nvmlDeviceSetVgpuSchedulerState}. Allowed only while no vGPU runs on the GPU
     * (NOT_SUPPORTED otherwise); may fail with RESET_REQUIRED or NO_PERMISSION.
     */
    void deviceSetVgpuSchedulerState(long device, SchedulerSetState state);

    /**
     * {@code nvmlDeviceGetVgpuSchedulerState_v2} (nvml.h 13.2+) for the graphics engine: the policy, the average
     * factor and the time slice; the state has no ARR mode ({@link io.smi4j.model.ArrMode#UNKNOWN}).
     */
    SchedulerState deviceVgpuSchedulerStateV2(long device);

    /**
     * {@code nvmlDeviceGetVgpuSchedulerLog_v2} (nvml.h 13.2+) for the graphics engine: as
     * {@link #deviceVgpuSchedulerLog}, each entry with its runlist's weight, the log without an ARR mode.
     */
    SchedulerLog deviceVgpuSchedulerLogV2(long device, long newerThanNs);

    /**
     * {@code nvmlDeviceSetVgpuSchedulerState_v2} (nvml.h 13.2+) for the graphics engine: the policy, the average
     * factor and the frequency ({@link SchedulerSetState#v2}; 0 asks for the driver's default). Same refusals as
     * {@link #deviceSetVgpuSchedulerState}.
     */
    void deviceSetVgpuSchedulerStateV2(long device, SchedulerSetState state);

    // ---- MIG-backed vGPU (nvml.h 12.9, R575): vGPUs on GPU instances, time-sliced inside each ----

    /** {@code nvmlGpuInstanceGetActiveVgpus}: the vGPU instance ids on GPU instance {@code gpuInstance}. */
    long[] gpuInstanceActiveVgpus(long gpuInstance);

    /** {@code nvmlGpuInstanceGetCreatableVgpus}: the vGPU type ids one more of which can be created there now. */
    long[] gpuInstanceCreatableVgpus(long gpuInstance);

    /** {@code nvmlGpuInstanceGetVgpuTypeCreatablePlacements}: where on the GPU instance a vGPU of the type fits now. */
    VgpuPlacementList gpuInstanceVgpuTypeCreatablePlacements(long gpuInstance, long vgpuType);

    /** {@code nvmlGpuInstanceGetVgpuSchedulerState} for the graphics engine, its parameter union decoded. */
    SchedulerState gpuInstanceVgpuSchedulerState(long gpuInstance);

    /** {@code nvmlGpuInstanceGetVgpuSchedulerState_v2} (nvml.h 13.2+): no ARR mode. */
    SchedulerState gpuInstanceVgpuSchedulerStateV2(long gpuInstance);

    /** {@code nvmlGpuInstanceGetVgpuSchedulerLog} for the graphics engine: entries newer than {@code newerThanNs}. */
    SchedulerLog gpuInstanceVgpuSchedulerLog(long gpuInstance, long newerThanNs);

    /** {@code nvmlGpuInstanceGetVgpuSchedulerLog_v2} (nvml.h 13.2+): with the runlists' weights. */
    SchedulerLog gpuInstanceVgpuSchedulerLogV2(long gpuInstance, long newerThanNs);

    /** {@code nvmlGpuInstanceGetVgpuHeterogeneousMode}: 1 when mixed vGPU types may share the GPU instance. */
    int gpuInstanceVgpuHeterogeneousMode(long gpuInstance);

    /** {@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance}: how many vGPUs of the type one GPU instance holds. */
    long vgpuTypeMaxInstancesPerGpuInstance(long vgpuType);

    /** {@code nvmlDeviceGetSupportedVgpus}: vGPU type ids. */
    long[] deviceSupportedVgpus(long device);

    /** {@code nvmlDeviceGetCreatableVgpus}: vGPU type ids that can be created now. */
    long[] deviceCreatableVgpus(long device);

    /** {@code nvmlDeviceGetActiveVgpus}: vGPU instance ids. */
    long[] deviceActiveVgpus(long device);

    /** {@code nvmlDeviceGetVgpuHeterogeneousMode} (R550+): 1 when mixed vGPU types may share the GPU. */
    int deviceVgpuHeterogeneousMode(long device);

    /**
     * {@code nvmlDeviceGetVgpuTypeSupportedPlacements} (R550+): every placement id {@code vgpuType} may use on this
     * GPU, answered in and out of heterogeneous mode.
     */
    VgpuPlacementList deviceVgpuTypeSupportedPlacements(long device, long vgpuType);

    /**
     * {@code nvmlDeviceGetVgpuTypeCreatablePlacements} (R550+): the placement ids where a vGPU of {@code vgpuType}
     * can be created now; NOT_SUPPORTED unless the GPU is in heterogeneous mode.
     */
    VgpuPlacementList deviceVgpuTypeCreatablePlacements(long device, long vgpuType);

    // ---- vGPU type (static facts) ----

    /** {@code nvmlVgpuTypeGetName}, e.g. {@code "NVIDIA A100-4C"}. */
    String vgpuTypeName(long vgpuType);

    /** {@code nvmlVgpuTypeGetClass}, e.g. {@code "Compute"}, {@code "Quadro"}, {@code "NVS"}. */
    String vgpuTypeClass(long vgpuType);

    /** {@code nvmlVgpuTypeGetFramebufferSize}, bytes. */
    long vgpuTypeFramebufferSize(long vgpuType);

    /** {@code nvmlVgpuTypeGetMaxInstances} on this GPU. */
    long vgpuTypeMaxInstances(long device, long vgpuType);

    /** {@code nvmlVgpuTypeGetMaxInstancesPerVm}: how many vGPUs of this type one VM may hold. */
    long vgpuTypeMaxInstancesPerVm(long vgpuType);

    /** {@code nvmlVgpuTypeGetGpuInstanceProfileId}: the MIG profile backing this type, or {@link #NOT_AVAILABLE}. */
    long vgpuTypeGpuInstanceProfileId(long vgpuType);

    // ---- vGPU instance ----

    /** {@code nvmlVgpuInstanceGetUUID}. */
    String vgpuInstanceUuid(long vgpu);

    /** {@code nvmlVgpuInstanceGetVmID}. */
    VmId vgpuInstanceVmId(long vgpu);

    /** {@code nvmlVgpuInstanceGetVmDriverVersion}: the guest driver, or {@code "Not Available"}. */
    String vgpuInstanceVmDriverVersion(long vgpu);

    /** {@code nvmlVgpuInstanceGetFbUsage}, bytes. */
    long vgpuInstanceFbUsage(long vgpu);

    /** {@code nvmlVgpuInstanceGetLicenseInfo_v2}. */
    LicenseInfo vgpuInstanceLicenseInfo(long vgpu);

    /** {@code nvmlVgpuInstanceGetLicenseStatus} (deprecated in 13.x): 1 licensed. */
    int vgpuInstanceLicenseStatus(long vgpu);

    /** {@code nvmlVgpuInstanceGetType}: the vGPU type id. */
    long vgpuInstanceType(long vgpu);

    /** {@code nvmlVgpuInstanceGetFrameRateLimit}, frames per second (0: none). */
    long vgpuInstanceFrameRateLimit(long vgpu);

    /** {@code nvmlVgpuInstanceGetEccMode}. */
    boolean vgpuInstanceEccMode(long vgpu);

    /** {@code nvmlVgpuInstanceGetEncoderCapacity}, percent of the encoder. */
    long vgpuInstanceEncoderCapacity(long vgpu);

    /** {@code nvmlVgpuInstanceGetEncoderStats}. */
    EncoderStats vgpuInstanceEncoderStats(long vgpu);

    /** {@code nvmlVgpuInstanceGetFBCStats}: frame buffer capture (NvFBC, remote desktops) sessions in the vGPU. */
    EncoderStats vgpuInstanceFbcStats(long vgpu);

    /** {@code nvmlVgpuInstanceGetGpuInstanceId}: the MIG GPU instance, or {@link #NOT_AVAILABLE}. */
    long vgpuInstanceGpuInstanceId(long vgpu);

    /**
     * {@code nvmlVgpuInstanceGetPlacementId} (R550+): the first slot the vGPU occupies; {@link #INVALID_PLACEMENT_ID}
     * outside heterogeneous mode.
     */
    long vgpuInstancePlacementId(long vgpu);

    /** {@code nvmlVgpuInstanceGetAccountingMode}. */
    boolean vgpuInstanceAccountingMode(long vgpu);

    /** {@code nvmlVgpuInstanceGetAccountingPids}. */
    long[] vgpuInstanceAccountingPids(long vgpu);

    /** {@code nvmlVgpuInstanceGetAccountingStats} of one process. */
    AccountingStats vgpuInstanceAccountingStats(long vgpu, long pid);

    // ---- vGPU utilization samples ----

    /**
     * {@code nvmlDeviceGetVgpuUtilization}: samples newer than {@code lastSeenTimestampUs}
     * (0: every buffered sample). NOT_FOUND (no new samples) is answered as an empty list.
     */
    List<VgpuUtilizationSample> deviceVgpuUtilization(long device, long lastSeenTimestampUs);

    /** {@code nvmlDeviceGetVgpuInstancesUtilizationInfo} (R550+, adds jpg and ofa); empty for NOT_FOUND. */
    List<VgpuUtilizationSample> deviceVgpuInstancesUtilizationInfo(long device, long lastSeenTimestampUs);

    /** {@code nvmlDeviceGetVgpuProcessUtilization}; empty for NOT_FOUND. */
    List<VgpuProcessUtilizationSample> deviceVgpuProcessUtilization(long device, long lastSeenTimestampUs);

    // ---- newer vGPU type, instance and capability facts (optional: FUNCTION_NOT_FOUND where the driver lacks them) ----

    /** {@code nvmlVgpuTypeGetBAR1Info} (R560+): BAR1 of one vGPU of this type, bytes. */
    long vgpuTypeBar1Size(long vgpuType);

    /** {@code nvmlVgpuTypeGetFbReservation} (R550+): framebuffer the driver reserves for one vGPU of this type, bytes. */
    long vgpuTypeFbReservation(long vgpuType);

    /** {@code nvmlVgpuTypeGetGspHeapSize} (R550+): GSP heap of one vGPU of this type, bytes. */
    long vgpuTypeGspHeapSize(long vgpuType);

    /**
     * {@code nvmlVgpuInstanceGetRuntimeStateSize} (R570+): the runtime state the vGPU uses now, bytes, framebuffer
     * not included: what a live migration has to move besides the framebuffer.
     */
    long vgpuInstanceRuntimeStateSize(long vgpu);

    /**
     * {@code nvmlDeviceGetVgpuCapabilities} asked for every {@link DeviceVgpuCapability}: the answers by capability.
     * A capability the driver does not know (newer than its header: INVALID_ARGUMENT) or the GPU does not support
     * (NOT_SUPPORTED) is left out; NOT_SUPPORTED as a whole when no capability answered.
     */
    Map<DeviceVgpuCapability, Long> deviceVgpuCapabilities(long device);

    /** {@code nvmlGetVgpuDriverCapabilities} for every {@link VgpuDriverCapability}, left out as above. */
    Map<VgpuDriverCapability, Long> vgpuDriverCapabilities();
}
