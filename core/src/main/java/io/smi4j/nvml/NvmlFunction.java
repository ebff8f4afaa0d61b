package io.smi4j.nvml;

/**
 * Every NVML function the port calls, named by its exported symbol: what an {@link NvmlException}
 * names, what the collector remembers as unsupported per GPU or vGPU, what a mock counts and what a
 * fault plan forces to fail. A port method may make more than one (a fallback, a struct per handle),
 * so each failure names the function that answered it.
 */
public enum NvmlFunction {

    // lifecycle and system
    nvmlInit_v2,
    nvmlShutdown,
    nvmlSystemGetDriverVersion,
    nvmlSystemGetNVMLVersion,
    nvmlSystemGetCudaDriverVersion_v2,
    nvmlSystemGetProcessName,
    nvmlDeviceGetCount_v2,
    nvmlDeviceGetHandleByIndex_v2,

    // device
    nvmlDeviceGetName,
    nvmlDeviceGetUUID,
    nvmlDeviceGetPciInfo_v3,
    nvmlDeviceGetMemoryInfo_v2,
    nvmlDeviceGetMemoryInfo,
    nvmlDeviceGetUtilizationRates,
    nvmlDeviceGetTemperature,
    nvmlDeviceGetPowerUsage,
    nvmlDeviceGetEnforcedPowerLimit,
    nvmlDeviceGetClockInfo,
    nvmlDeviceGetMaxClockInfo,
    nvmlDeviceGetFanSpeed,
    nvmlDeviceGetPerformanceState,
    nvmlDeviceGetEccMode,
    nvmlDeviceGetComputeRunningProcesses_v3,
    nvmlDeviceGetGraphicsRunningProcesses_v3,
    nvmlDeviceGetProcessUtilization,
    /** R550 and newer. */
    nvmlDeviceGetProcessesUtilizationInfo,
    nvmlDeviceGetVirtualizationMode,
    nvmlDeviceGetGridLicensableFeatures_v4,

    // MIG
    nvmlDeviceGetMigMode,
    nvmlDeviceGetMaxMigDeviceCount,
    nvmlDeviceGetMigDeviceHandleByIndex,
    nvmlDeviceGetGpuInstanceId,
    nvmlDeviceGetComputeInstanceId,
    nvmlDeviceGetGpuInstanceProfileInfo,
    nvmlDeviceGetGpuInstances,
    nvmlGpuInstanceGetInfo,
    nvmlGpuInstanceGetComputeInstanceProfileInfo,
    nvmlGpuInstanceGetComputeInstances,
    nvmlComputeInstanceGetInfo_v2,

    // vGPU host
    nvmlDeviceGetHostVgpuMode,
    nvmlDeviceGetVgpuSchedulerCapabilities,
    nvmlDeviceGetVgpuSchedulerState,
    nvmlDeviceGetVgpuSchedulerLog,
    nvmlDeviceSetVgpuSchedulerState,
    nvmlDeviceGetSupportedVgpus,
    nvmlDeviceGetCreatableVgpus,
    nvmlDeviceGetActiveVgpus,
    /** R550 and newer. */
    nvmlDeviceGetVgpuHeterogeneousMode,
    /** R550 and newer. */
    nvmlDeviceGetVgpuTypeSupportedPlacements,
    /** R550 and newer; NOT_SUPPORTED outside heterogeneous mode. */
    nvmlDeviceGetVgpuTypeCreatablePlacements,

    // vGPU scheduler v2 (issue 13 part A; nvml.h 13.2, exported by none of R535, R550, R555)
    /** nvml.h 13.2 and newer: the scheduler without an ARR mode. */
    nvmlDeviceGetVgpuSchedulerState_v2,
    /** nvml.h 13.2 and newer: log entries with the runlist's weight. */
    nvmlDeviceGetVgpuSchedulerLog_v2,
    /** nvml.h 13.2 and newer: policy, average factor and frequency; no ARR switch, no timeslice. */
    nvmlDeviceSetVgpuSchedulerState_v2,

    // MIG-backed vGPU (issue 13 part A; nvml.h 12.9, R575; exported by none of R535, R550, R555)
    /** R575 and newer: the vGPUs on one GPU instance. */
    nvmlGpuInstanceGetActiveVgpus,
    /** R575 and newer: the vGPU types one more of which can be created on the GPU instance now. */
    nvmlGpuInstanceGetCreatableVgpus,
    /** R575 and newer: where on the GPU instance a vGPU of a type can be created now. */
    nvmlGpuInstanceGetVgpuTypeCreatablePlacements,
    /** R575 and newer: the time-slice scheduler inside the GPU instance. */
    nvmlGpuInstanceGetVgpuSchedulerState,
    /** nvml.h 13.2 and newer: the GPU instance's scheduler without an ARR mode. */
    nvmlGpuInstanceGetVgpuSchedulerState_v2,
    /** R575 and newer: the GPU instance's scheduler log. */
    nvmlGpuInstanceGetVgpuSchedulerLog,
    /** nvml.h 13.2 and newer: the GPU instance's scheduler log with runlist weights. */
    nvmlGpuInstanceGetVgpuSchedulerLog_v2,
    /** R575 and newer: whether vGPUs of different types may share the GPU instance. */
    nvmlGpuInstanceGetVgpuHeterogeneousMode,
    /** R575 and newer: how many vGPUs of a type one GPU instance holds. */
    nvmlVgpuTypeGetMaxInstancesPerGpuInstance,

    // vGPU type
    nvmlVgpuTypeGetName,
    nvmlVgpuTypeGetClass,
    nvmlVgpuTypeGetFramebufferSize,
    nvmlVgpuTypeGetMaxInstances,
    nvmlVgpuTypeGetMaxInstancesPerVm,
    nvmlVgpuTypeGetGpuInstanceProfileId,

    // vGPU instance
    nvmlVgpuInstanceGetUUID,
    nvmlVgpuInstanceGetVmID,
    nvmlVgpuInstanceGetVmDriverVersion,
    nvmlVgpuInstanceGetFbUsage,
    nvmlVgpuInstanceGetLicenseInfo_v2,
    nvmlVgpuInstanceGetLicenseStatus,
    nvmlVgpuInstanceGetType,
    nvmlVgpuInstanceGetFrameRateLimit,
    nvmlVgpuInstanceGetEccMode,
    nvmlVgpuInstanceGetEncoderCapacity,
    nvmlVgpuInstanceGetEncoderStats,
    nvmlVgpuInstanceGetFBCStats,
    nvmlVgpuInstanceGetGpuInstanceId,
    /** R550 and newer. */
    nvmlVgpuInstanceGetPlacementId,
    nvmlVgpuInstanceGetAccountingMode,
    nvmlVgpuInstanceGetAccountingPids,
    nvmlVgpuInstanceGetAccountingStats,

    // vGPU utilization samples
    nvmlDeviceGetVgpuUtilization,
    /** R550 and newer. */
    nvmlDeviceGetVgpuInstancesUtilizationInfo,
    nvmlDeviceGetVgpuProcessUtilization,

    // newer vGPU type, instance and capability facts (issue 13 part B); every one optional
    /** R560 and newer ({@code nvmlVgpuTypeBar1Info_v1_t}). */
    nvmlVgpuTypeGetBAR1Info,
    /** R550 and newer. */
    nvmlVgpuTypeGetFbReservation,
    /** R550 and newer. */
    nvmlVgpuTypeGetGspHeapSize,
    /** R570 and newer ({@code nvmlVgpuRuntimeState_v1_t}). */
    nvmlVgpuInstanceGetRuntimeStateSize,
    /** Exported by R535 and newer; each driver knows the capabilities of its header. */
    nvmlDeviceGetVgpuCapabilities,
    /** Exported by R535 and newer; each driver knows the capabilities of its header. */
    nvmlGetVgpuDriverCapabilities
}
