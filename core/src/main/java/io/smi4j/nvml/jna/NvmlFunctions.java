package io.smi4j.nvml.jna;

/**
 * The NVML functions every supported driver exports (R535 and R550 both do), direct-mapped by
 * {@link NvmlBinding} with {@code Native.register}: no reflection, no argument conversion per call.
 * Pointers, including {@code nvmlDevice_t} and GPU / compute instance handles, are passed as
 * {@code long} addresses (64-bit platforms only), {@code unsigned int} as {@code int} (same bits).
 * Functions a supported driver may lack are not here (registration fails for the whole class when
 * one symbol is missing): see {@link NvmlBinding#OPTIONAL_FUNCTIONS}.
 */
public final class NvmlFunctions {

    private NvmlFunctions() {
    }

    public static native int nvmlInit_v2();

    public static native int nvmlShutdown();

    public static native int nvmlSystemGetDriverVersion(long version, int length);

    public static native int nvmlSystemGetNVMLVersion(long version, int length);

    public static native int nvmlSystemGetCudaDriverVersion_v2(long cudaDriverVersion);

    public static native int nvmlSystemGetProcessName(int pid, long name, int length);

    public static native int nvmlDeviceGetCount_v2(long deviceCount);

    public static native int nvmlDeviceGetHandleByIndex_v2(int index, long device);

    public static native int nvmlDeviceGetName(long device, long name, int length);

    public static native int nvmlDeviceGetUUID(long device, long uuid, int length);

    public static native int nvmlDeviceGetPciInfo_v3(long device, long pci);

    public static native int nvmlDeviceGetMemoryInfo(long device, long memory);

    public static native int nvmlDeviceGetMemoryInfo_v2(long device, long memory);

    public static native int nvmlDeviceGetUtilizationRates(long device, long utilization);

    public static native int nvmlDeviceGetTemperature(long device, int sensorType, long temp);

    public static native int nvmlDeviceGetPowerUsage(long device, long power);

    public static native int nvmlDeviceGetEnforcedPowerLimit(long device, long limit);

    public static native int nvmlDeviceGetClockInfo(long device, int type, long clock);

    public static native int nvmlDeviceGetMaxClockInfo(long device, int type, long clock);

    public static native int nvmlDeviceGetFanSpeed(long device, long speed);

    public static native int nvmlDeviceGetPerformanceState(long device, long pState);

    public static native int nvmlDeviceGetEccMode(long device, long current, long pending);

    public static native int nvmlDeviceGetComputeRunningProcesses_v3(long device, long infoCount, long infos);

    public static native int nvmlDeviceGetGraphicsRunningProcesses_v3(long device, long infoCount, long infos);

    public static native int nvmlDeviceGetProcessUtilization(
            long device, long utilization, long processSamplesCount, long lastSeenTimeStamp);

    public static native int nvmlDeviceGetVirtualizationMode(long device, long virtualMode);

    public static native int nvmlDeviceGetGridLicensableFeatures_v4(long device, long features);

    public static native int nvmlDeviceGetMigMode(long device, long currentMode, long pendingMode);

    public static native int nvmlDeviceGetMaxMigDeviceCount(long device, long count);

    public static native int nvmlDeviceGetMigDeviceHandleByIndex(long device, int index, long migDevice);

    public static native int nvmlDeviceGetGpuInstanceId(long device, long id);

    public static native int nvmlDeviceGetComputeInstanceId(long device, long id);

    public static native int nvmlDeviceGetGpuInstanceProfileInfo(long device, int profile, long info);

    public static native int nvmlDeviceGetGpuInstances(long device, int profileId, long instances, long count);

    public static native int nvmlGpuInstanceGetInfo(long gpuInstance, long info);

    public static native int nvmlGpuInstanceGetComputeInstanceProfileInfo(
            long gpuInstance, int profile, int engProfile, long info);

    public static native int nvmlGpuInstanceGetComputeInstances(
            long gpuInstance, int profileId, long computeInstances, long count);

    public static native int nvmlComputeInstanceGetInfo_v2(long computeInstance, long info);

    public static native int nvmlDeviceGetHostVgpuMode(long device, long hostVgpuMode);

    public static native int nvmlDeviceGetVgpuSchedulerCapabilities(long device, long capabilities);

    public static native int nvmlDeviceGetVgpuSchedulerState(long device, long schedulerState);

    public static native int nvmlDeviceGetVgpuSchedulerLog(long device, long schedulerLog);

    public static native int nvmlDeviceSetVgpuSchedulerState(long device, long schedulerState);

    public static native int nvmlDeviceGetSupportedVgpus(long device, long vgpuCount, long vgpuTypeIds);

    public static native int nvmlDeviceGetCreatableVgpus(long device, long vgpuCount, long vgpuTypeIds);

    public static native int nvmlDeviceGetActiveVgpus(long device, long vgpuCount, long vgpuInstances);

    public static native int nvmlVgpuTypeGetName(int vgpuTypeId, long vgpuTypeName, long size);

    public static native int nvmlVgpuTypeGetClass(int vgpuTypeId, long vgpuTypeClass, long size);

    public static native int nvmlVgpuTypeGetFramebufferSize(int vgpuTypeId, long fbSize);

    public static native int nvmlVgpuTypeGetMaxInstances(long device, int vgpuTypeId, long vgpuInstanceCount);

    public static native int nvmlVgpuTypeGetMaxInstancesPerVm(int vgpuTypeId, long vgpuInstanceCountPerVm);

    public static native int nvmlVgpuTypeGetGpuInstanceProfileId(int vgpuTypeId, long gpuInstanceProfileId);

    public static native int nvmlVgpuInstanceGetUUID(int vgpuInstance, long uuid, int size);

    public static native int nvmlVgpuInstanceGetVmID(int vgpuInstance, long vmId, int size, long vmIdType);

    public static native int nvmlVgpuInstanceGetVmDriverVersion(int vgpuInstance, long version, int length);

    public static native int nvmlVgpuInstanceGetFbUsage(int vgpuInstance, long fbUsage);

    public static native int nvmlVgpuInstanceGetLicenseInfo_v2(int vgpuInstance, long licenseInfo);

    public static native int nvmlVgpuInstanceGetLicenseStatus(int vgpuInstance, long licensed);

    public static native int nvmlVgpuInstanceGetType(int vgpuInstance, long vgpuTypeId);

    public static native int nvmlVgpuInstanceGetFrameRateLimit(int vgpuInstance, long frameRateLimit);

    public static native int nvmlVgpuInstanceGetEccMode(int vgpuInstance, long eccMode);

    public static native int nvmlVgpuInstanceGetEncoderCapacity(int vgpuInstance, long encoderCapacity);

    public static native int nvmlVgpuInstanceGetEncoderStats(
            int vgpuInstance, long sessionCount, long averageFps, long averageLatency);

    public static native int nvmlVgpuInstanceGetFBCStats(int vgpuInstance, long fbcStats);

    public static native int nvmlVgpuInstanceGetGpuInstanceId(int vgpuInstance, long gpuInstanceId);

    public static native int nvmlVgpuInstanceGetAccountingMode(int vgpuInstance, long mode);

    public static native int nvmlVgpuInstanceGetAccountingPids(int vgpuInstance, long count, long pids);

    public static native int nvmlVgpuInstanceGetAccountingStats(int vgpuInstance, int pid, long stats);

    public static native int nvmlDeviceGetVgpuUtilization(
            long device, long lastSeenTimeStamp, long sampleValType, long vgpuInstanceSamplesCount,
            long utilizationSamples);

    public static native int nvmlDeviceGetVgpuProcessUtilization(
            long device, long lastSeenTimeStamp, long vgpuProcessSamplesCount, long utilizationSamples);
}
