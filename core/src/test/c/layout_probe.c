/*
 * Prints, for every constant of io.smi4j.nvml.jna.Layouts, the value gcc computes from
 * NVIDIA's nvml.h: "Class.CONSTANT value" per line. LayoutsAbiTest compiles and runs this
 * and compares both sides in full, so each line here names the C truth behind one Java constant.
 */
#include <stddef.h>
#include <stdio.h>
#include <nvml.h>
#include "nvml_newer.h" /* the native mock's hand-defined structs of nvml.h 13.2 and newer */

/*
 * Newer than the build header (nvml.h 12.4): what the binding takes from nvml.h 13.3, written out here when the
 * header lacks it, so that these lines hold the binding to it; LayoutsOracleTest checks the same lines against 13.3.
 */
#if NVML_GPU_INSTANCE_PROFILE_COUNT < 0x12
#undef NVML_GPU_INSTANCE_PROFILE_COUNT
#define NVML_GPU_INSTANCE_PROFILE_COUNT 0x12
#endif
#if NVML_COMPUTE_INSTANCE_PROFILE_COUNT < 0x9
#undef NVML_COMPUTE_INSTANCE_PROFILE_COUNT
#define NVML_COMPUTE_INSTANCE_PROFILE_COUNT 0x9
#endif
#ifndef nvmlVgpuTypeBar1Info_v1
typedef struct {
    unsigned int version;
    unsigned long long bar1Size;
} nvmlVgpuTypeBar1Info_v1_t;
#define nvmlVgpuTypeBar1Info_v1 NVML_STRUCT_VERSION(VgpuTypeBar1Info, 1)
#endif
#ifndef nvmlVgpuRuntimeState_v1
typedef struct {
    unsigned int version;
    unsigned long long size;
} nvmlVgpuRuntimeState_v1_t;
#define nvmlVgpuRuntimeState_v1 NVML_STRUCT_VERSION(VgpuRuntimeState, 1)
#endif

#define SIZE(cls, type) printf(#cls ".SIZE %zu\n", sizeof(type))
#define OFF(cls, name, type, member) printf(#cls "." #name " %zu\n", offsetof(type, member))
#define VAL(cls, name, value) printf(#cls "." #name " %lld\n", (long long) (value))

int main(void) {
    VAL(Constants, DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_NAME_V2_BUFFER_SIZE);
    VAL(Constants, DEVICE_UUID_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE);
    VAL(Constants, SYSTEM_DRIVER_VERSION_BUFFER_SIZE, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE);
    VAL(Constants, SYSTEM_NVML_VERSION_BUFFER_SIZE, NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE);
    VAL(Constants, DEVICE_PCI_BUS_ID_BUFFER_SIZE, NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE);
    VAL(Constants, GRID_LICENSE_BUFFER_SIZE, NVML_GRID_LICENSE_BUFFER_SIZE);
    VAL(Constants, GRID_LICENSE_FEATURE_MAX_COUNT, NVML_GRID_LICENSE_FEATURE_MAX_COUNT);
    VAL(Constants, VGPU_NAME_BUFFER_SIZE, NVML_VGPU_NAME_BUFFER_SIZE);
    VAL(Constants, DEVICE_UUID_BUFFER_SIZE, NVML_DEVICE_UUID_BUFFER_SIZE);
    VAL(Constants, SCHEDULER_SW_MAX_LOG_ENTRIES, NVML_SCHEDULER_SW_MAX_LOG_ENTRIES);
    VAL(Constants, GPU_INSTANCE_PROFILE_COUNT, NVML_GPU_INSTANCE_PROFILE_COUNT);
    VAL(Constants, COMPUTE_INSTANCE_PROFILE_COUNT, NVML_COMPUTE_INSTANCE_PROFILE_COUNT);
    VAL(Constants, COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED, NVML_COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED);
    VAL(Constants, TEMPERATURE_GPU, NVML_TEMPERATURE_GPU);
    VAL(Constants, VGPU_SCHEDULER_ARR_DISABLE, NVML_VGPU_SCHEDULER_ARR_DISABLE);
    VAL(Constants, VGPU_SCHEDULER_ARR_ENABLE, NVML_VGPU_SCHEDULER_ARR_ENABLE);
    VAL(Constants, VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS, NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS);

    SIZE(PciInfo, nvmlPciInfo_t);
    OFF(PciInfo, BUS_ID_LEGACY, nvmlPciInfo_t, busIdLegacy);
    OFF(PciInfo, DOMAIN, nvmlPciInfo_t, domain);
    OFF(PciInfo, BUS, nvmlPciInfo_t, bus);
    OFF(PciInfo, DEVICE, nvmlPciInfo_t, device);
    OFF(PciInfo, PCI_DEVICE_ID, nvmlPciInfo_t, pciDeviceId);
    OFF(PciInfo, PCI_SUB_SYSTEM_ID, nvmlPciInfo_t, pciSubSystemId);
    OFF(PciInfo, BUS_ID, nvmlPciInfo_t, busId);

    SIZE(Memory, nvmlMemory_t);
    OFF(Memory, TOTAL, nvmlMemory_t, total);
    OFF(Memory, FREE, nvmlMemory_t, free);
    OFF(Memory, USED, nvmlMemory_t, used);

    SIZE(Memory_v2, nvmlMemory_v2_t);
    VAL(Memory_v2, VERSION, nvmlMemory_v2);
    OFF(Memory_v2, VERSION_FIELD, nvmlMemory_v2_t, version);
    OFF(Memory_v2, TOTAL, nvmlMemory_v2_t, total);
    OFF(Memory_v2, RESERVED, nvmlMemory_v2_t, reserved);
    OFF(Memory_v2, FREE, nvmlMemory_v2_t, free);
    OFF(Memory_v2, USED, nvmlMemory_v2_t, used);

    SIZE(Utilization, nvmlUtilization_t);
    OFF(Utilization, GPU, nvmlUtilization_t, gpu);
    OFF(Utilization, MEMORY, nvmlUtilization_t, memory);

    SIZE(ProcessInfo, nvmlProcessInfo_t);
    OFF(ProcessInfo, PID, nvmlProcessInfo_t, pid);
    OFF(ProcessInfo, USED_GPU_MEMORY, nvmlProcessInfo_t, usedGpuMemory);
    OFF(ProcessInfo, GPU_INSTANCE_ID, nvmlProcessInfo_t, gpuInstanceId);
    OFF(ProcessInfo, COMPUTE_INSTANCE_ID, nvmlProcessInfo_t, computeInstanceId);

    SIZE(GridLicenseExpiry, nvmlGridLicenseExpiry_t);
    OFF(GridLicenseExpiry, YEAR, nvmlGridLicenseExpiry_t, year);
    OFF(GridLicenseExpiry, MONTH, nvmlGridLicenseExpiry_t, month);
    OFF(GridLicenseExpiry, DAY, nvmlGridLicenseExpiry_t, day);
    OFF(GridLicenseExpiry, HOUR, nvmlGridLicenseExpiry_t, hour);
    OFF(GridLicenseExpiry, MIN, nvmlGridLicenseExpiry_t, min);
    OFF(GridLicenseExpiry, SEC, nvmlGridLicenseExpiry_t, sec);
    OFF(GridLicenseExpiry, STATUS, nvmlGridLicenseExpiry_t, status);

    SIZE(GridLicensableFeature, nvmlGridLicensableFeature_t);
    OFF(GridLicensableFeature, FEATURE_CODE, nvmlGridLicensableFeature_t, featureCode);
    OFF(GridLicensableFeature, FEATURE_STATE, nvmlGridLicensableFeature_t, featureState);
    OFF(GridLicensableFeature, LICENSE_INFO, nvmlGridLicensableFeature_t, licenseInfo);
    OFF(GridLicensableFeature, PRODUCT_NAME, nvmlGridLicensableFeature_t, productName);
    OFF(GridLicensableFeature, FEATURE_ENABLED, nvmlGridLicensableFeature_t, featureEnabled);
    OFF(GridLicensableFeature, LICENSE_EXPIRY, nvmlGridLicensableFeature_t, licenseExpiry);

    SIZE(GridLicensableFeatures, nvmlGridLicensableFeatures_t);
    OFF(GridLicensableFeatures, IS_GRID_LICENSE_SUPPORTED, nvmlGridLicensableFeatures_t, isGridLicenseSupported);
    OFF(GridLicensableFeatures, LICENSABLE_FEATURES_COUNT, nvmlGridLicensableFeatures_t, licensableFeaturesCount);
    OFF(GridLicensableFeatures, GRID_LICENSABLE_FEATURES, nvmlGridLicensableFeatures_t, gridLicensableFeatures);

    SIZE(GpuInstanceProfileInfo, nvmlGpuInstanceProfileInfo_t);
    OFF(GpuInstanceProfileInfo, ID, nvmlGpuInstanceProfileInfo_t, id);
    OFF(GpuInstanceProfileInfo, SLICE_COUNT, nvmlGpuInstanceProfileInfo_t, sliceCount);
    OFF(GpuInstanceProfileInfo, INSTANCE_COUNT, nvmlGpuInstanceProfileInfo_t, instanceCount);
    OFF(GpuInstanceProfileInfo, MULTIPROCESSOR_COUNT, nvmlGpuInstanceProfileInfo_t, multiprocessorCount);
    OFF(GpuInstanceProfileInfo, MEMORY_SIZE_MB, nvmlGpuInstanceProfileInfo_t, memorySizeMB);

    SIZE(GpuInstanceInfo, nvmlGpuInstanceInfo_t);
    OFF(GpuInstanceInfo, DEVICE, nvmlGpuInstanceInfo_t, device);
    OFF(GpuInstanceInfo, ID, nvmlGpuInstanceInfo_t, id);
    OFF(GpuInstanceInfo, PROFILE_ID, nvmlGpuInstanceInfo_t, profileId);
    OFF(GpuInstanceInfo, PLACEMENT_START, nvmlGpuInstanceInfo_t, placement.start);
    OFF(GpuInstanceInfo, PLACEMENT_SIZE, nvmlGpuInstanceInfo_t, placement.size);

    SIZE(ComputeInstanceProfileInfo, nvmlComputeInstanceProfileInfo_t);
    OFF(ComputeInstanceProfileInfo, ID, nvmlComputeInstanceProfileInfo_t, id);
    OFF(ComputeInstanceProfileInfo, SLICE_COUNT, nvmlComputeInstanceProfileInfo_t, sliceCount);
    OFF(ComputeInstanceProfileInfo, INSTANCE_COUNT, nvmlComputeInstanceProfileInfo_t, instanceCount);
    OFF(ComputeInstanceProfileInfo, MULTIPROCESSOR_COUNT, nvmlComputeInstanceProfileInfo_t, multiprocessorCount);

    SIZE(ComputeInstanceInfo, nvmlComputeInstanceInfo_t);
    OFF(ComputeInstanceInfo, DEVICE, nvmlComputeInstanceInfo_t, device);
    OFF(ComputeInstanceInfo, GPU_INSTANCE, nvmlComputeInstanceInfo_t, gpuInstance);
    OFF(ComputeInstanceInfo, ID, nvmlComputeInstanceInfo_t, id);
    OFF(ComputeInstanceInfo, PROFILE_ID, nvmlComputeInstanceInfo_t, profileId);
    OFF(ComputeInstanceInfo, PLACEMENT_START, nvmlComputeInstanceInfo_t, placement.start);
    OFF(ComputeInstanceInfo, PLACEMENT_SIZE, nvmlComputeInstanceInfo_t, placement.size);

    SIZE(VgpuSchedulerCapabilities, nvmlVgpuSchedulerCapabilities_t);
    OFF(VgpuSchedulerCapabilities, SUPPORTED_SCHEDULERS, nvmlVgpuSchedulerCapabilities_t, supportedSchedulers);
    VAL(VgpuSchedulerCapabilities, SUPPORTED_SCHEDULERS_SLOTS,
        sizeof(((nvmlVgpuSchedulerCapabilities_t *) 0)->supportedSchedulers) / sizeof(unsigned int));
    OFF(VgpuSchedulerCapabilities, MAX_TIMESLICE, nvmlVgpuSchedulerCapabilities_t, maxTimeslice);
    OFF(VgpuSchedulerCapabilities, MIN_TIMESLICE, nvmlVgpuSchedulerCapabilities_t, minTimeslice);
    OFF(VgpuSchedulerCapabilities, IS_ARR_MODE_SUPPORTED, nvmlVgpuSchedulerCapabilities_t, isArrModeSupported);
    OFF(VgpuSchedulerCapabilities, MAX_FREQUENCY_FOR_ARR, nvmlVgpuSchedulerCapabilities_t, maxFrequencyForARR);
    OFF(VgpuSchedulerCapabilities, MIN_FREQUENCY_FOR_ARR, nvmlVgpuSchedulerCapabilities_t, minFrequencyForARR);
    OFF(VgpuSchedulerCapabilities, MAX_AVG_FACTOR_FOR_ARR, nvmlVgpuSchedulerCapabilities_t, maxAvgFactorForARR);
    OFF(VgpuSchedulerCapabilities, MIN_AVG_FACTOR_FOR_ARR, nvmlVgpuSchedulerCapabilities_t, minAvgFactorForARR);

    SIZE(VgpuSchedulerParams, nvmlVgpuSchedulerParams_t);
    OFF(VgpuSchedulerParams, WITH_ARR_AVG_FACTOR, nvmlVgpuSchedulerParams_t, vgpuSchedDataWithARR.avgFactor);
    OFF(VgpuSchedulerParams, WITH_ARR_TIMESLICE, nvmlVgpuSchedulerParams_t, vgpuSchedDataWithARR.timeslice);
    OFF(VgpuSchedulerParams, TIMESLICE, nvmlVgpuSchedulerParams_t, vgpuSchedData.timeslice);

    SIZE(VgpuSchedulerSetParams, nvmlVgpuSchedulerSetParams_t);
    OFF(VgpuSchedulerSetParams, WITH_ARR_AVG_FACTOR, nvmlVgpuSchedulerSetParams_t, vgpuSchedDataWithARR.avgFactor);
    OFF(VgpuSchedulerSetParams, WITH_ARR_FREQUENCY, nvmlVgpuSchedulerSetParams_t, vgpuSchedDataWithARR.frequency);
    OFF(VgpuSchedulerSetParams, TIMESLICE, nvmlVgpuSchedulerSetParams_t, vgpuSchedData.timeslice);

    SIZE(VgpuSchedulerGetState, nvmlVgpuSchedulerGetState_t);
    OFF(VgpuSchedulerGetState, SCHEDULER_POLICY, nvmlVgpuSchedulerGetState_t, schedulerPolicy);
    OFF(VgpuSchedulerGetState, ARR_MODE, nvmlVgpuSchedulerGetState_t, arrMode);
    OFF(VgpuSchedulerGetState, SCHEDULER_PARAMS, nvmlVgpuSchedulerGetState_t, schedulerParams);

    SIZE(VgpuSchedulerSetState, nvmlVgpuSchedulerSetState_t);
    OFF(VgpuSchedulerSetState, SCHEDULER_POLICY, nvmlVgpuSchedulerSetState_t, schedulerPolicy);
    OFF(VgpuSchedulerSetState, ENABLE_ARR_MODE, nvmlVgpuSchedulerSetState_t, enableARRMode);
    OFF(VgpuSchedulerSetState, SCHEDULER_PARAMS, nvmlVgpuSchedulerSetState_t, schedulerParams);

    SIZE(VgpuSchedulerLogEntry, nvmlVgpuSchedulerLogEntry_t);
    OFF(VgpuSchedulerLogEntry, TIMESTAMP, nvmlVgpuSchedulerLogEntry_t, timestamp);
    OFF(VgpuSchedulerLogEntry, TIME_RUN_TOTAL, nvmlVgpuSchedulerLogEntry_t, timeRunTotal);
    OFF(VgpuSchedulerLogEntry, TIME_RUN, nvmlVgpuSchedulerLogEntry_t, timeRun);
    OFF(VgpuSchedulerLogEntry, SW_RUNLIST_ID, nvmlVgpuSchedulerLogEntry_t, swRunlistId);
    OFF(VgpuSchedulerLogEntry, TARGET_TIME_SLICE, nvmlVgpuSchedulerLogEntry_t, targetTimeSlice);
    OFF(VgpuSchedulerLogEntry, CUMULATIVE_PREEMPTION_TIME, nvmlVgpuSchedulerLogEntry_t, cumulativePreemptionTime);

    SIZE(VgpuSchedulerLog, nvmlVgpuSchedulerLog_t);
    OFF(VgpuSchedulerLog, ENGINE_ID, nvmlVgpuSchedulerLog_t, engineId);
    OFF(VgpuSchedulerLog, SCHEDULER_POLICY, nvmlVgpuSchedulerLog_t, schedulerPolicy);
    OFF(VgpuSchedulerLog, ARR_MODE, nvmlVgpuSchedulerLog_t, arrMode);
    OFF(VgpuSchedulerLog, SCHEDULER_PARAMS, nvmlVgpuSchedulerLog_t, schedulerParams);
    OFF(VgpuSchedulerLog, ENTRIES_COUNT, nvmlVgpuSchedulerLog_t, entriesCount);
    OFF(VgpuSchedulerLog, LOG_ENTRIES, nvmlVgpuSchedulerLog_t, logEntries);

    SIZE(VgpuLicenseExpiry, nvmlVgpuLicenseExpiry_t);
    OFF(VgpuLicenseExpiry, YEAR, nvmlVgpuLicenseExpiry_t, year);
    OFF(VgpuLicenseExpiry, MONTH, nvmlVgpuLicenseExpiry_t, month);
    OFF(VgpuLicenseExpiry, DAY, nvmlVgpuLicenseExpiry_t, day);
    OFF(VgpuLicenseExpiry, HOUR, nvmlVgpuLicenseExpiry_t, hour);
    OFF(VgpuLicenseExpiry, MIN, nvmlVgpuLicenseExpiry_t, min);
    OFF(VgpuLicenseExpiry, SEC, nvmlVgpuLicenseExpiry_t, sec);
    OFF(VgpuLicenseExpiry, STATUS, nvmlVgpuLicenseExpiry_t, status);

    SIZE(VgpuLicenseInfo, nvmlVgpuLicenseInfo_t);
    OFF(VgpuLicenseInfo, IS_LICENSED, nvmlVgpuLicenseInfo_t, isLicensed);
    OFF(VgpuLicenseInfo, LICENSE_EXPIRY, nvmlVgpuLicenseInfo_t, licenseExpiry);
    OFF(VgpuLicenseInfo, CURRENT_STATE, nvmlVgpuLicenseInfo_t, currentState);

    SIZE(AccountingStats, nvmlAccountingStats_t);
    OFF(AccountingStats, GPU_UTILIZATION, nvmlAccountingStats_t, gpuUtilization);
    OFF(AccountingStats, MEMORY_UTILIZATION, nvmlAccountingStats_t, memoryUtilization);
    OFF(AccountingStats, MAX_MEMORY_USAGE, nvmlAccountingStats_t, maxMemoryUsage);
    OFF(AccountingStats, TIME, nvmlAccountingStats_t, time);
    OFF(AccountingStats, START_TIME, nvmlAccountingStats_t, startTime);
    OFF(AccountingStats, IS_RUNNING, nvmlAccountingStats_t, isRunning);

    SIZE(Value, nvmlValue_t);
    VAL(Value, TYPE_DOUBLE, NVML_VALUE_TYPE_DOUBLE);
    VAL(Value, TYPE_UNSIGNED_INT, NVML_VALUE_TYPE_UNSIGNED_INT);
    VAL(Value, TYPE_UNSIGNED_LONG, NVML_VALUE_TYPE_UNSIGNED_LONG);
    VAL(Value, TYPE_UNSIGNED_LONG_LONG, NVML_VALUE_TYPE_UNSIGNED_LONG_LONG);
    VAL(Value, TYPE_SIGNED_LONG_LONG, NVML_VALUE_TYPE_SIGNED_LONG_LONG);
    VAL(Value, TYPE_SIGNED_INT, NVML_VALUE_TYPE_SIGNED_INT);

    SIZE(VgpuInstanceUtilizationSample, nvmlVgpuInstanceUtilizationSample_t);
    OFF(VgpuInstanceUtilizationSample, VGPU_INSTANCE, nvmlVgpuInstanceUtilizationSample_t, vgpuInstance);
    OFF(VgpuInstanceUtilizationSample, TIME_STAMP, nvmlVgpuInstanceUtilizationSample_t, timeStamp);
    OFF(VgpuInstanceUtilizationSample, SM_UTIL, nvmlVgpuInstanceUtilizationSample_t, smUtil);
    OFF(VgpuInstanceUtilizationSample, MEM_UTIL, nvmlVgpuInstanceUtilizationSample_t, memUtil);
    OFF(VgpuInstanceUtilizationSample, ENC_UTIL, nvmlVgpuInstanceUtilizationSample_t, encUtil);
    OFF(VgpuInstanceUtilizationSample, DEC_UTIL, nvmlVgpuInstanceUtilizationSample_t, decUtil);

    SIZE(VgpuInstanceUtilizationInfo_v1, nvmlVgpuInstanceUtilizationInfo_v1_t);
    OFF(VgpuInstanceUtilizationInfo_v1, TIME_STAMP, nvmlVgpuInstanceUtilizationInfo_v1_t, timeStamp);
    OFF(VgpuInstanceUtilizationInfo_v1, VGPU_INSTANCE, nvmlVgpuInstanceUtilizationInfo_v1_t, vgpuInstance);
    OFF(VgpuInstanceUtilizationInfo_v1, SM_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, smUtil);
    OFF(VgpuInstanceUtilizationInfo_v1, MEM_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, memUtil);
    OFF(VgpuInstanceUtilizationInfo_v1, ENC_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, encUtil);
    OFF(VgpuInstanceUtilizationInfo_v1, DEC_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, decUtil);
    OFF(VgpuInstanceUtilizationInfo_v1, JPG_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, jpgUtil);
    OFF(VgpuInstanceUtilizationInfo_v1, OFA_UTIL, nvmlVgpuInstanceUtilizationInfo_v1_t, ofaUtil);

    SIZE(VgpuInstancesUtilizationInfo_v1, nvmlVgpuInstancesUtilizationInfo_v1_t);
    VAL(VgpuInstancesUtilizationInfo_v1, VERSION, nvmlVgpuInstancesUtilizationInfo_v1);
    OFF(VgpuInstancesUtilizationInfo_v1, VERSION_FIELD, nvmlVgpuInstancesUtilizationInfo_v1_t, version);
    OFF(VgpuInstancesUtilizationInfo_v1, SAMPLE_VAL_TYPE, nvmlVgpuInstancesUtilizationInfo_v1_t, sampleValType);
    OFF(VgpuInstancesUtilizationInfo_v1, VGPU_INSTANCE_COUNT, nvmlVgpuInstancesUtilizationInfo_v1_t, vgpuInstanceCount);
    OFF(VgpuInstancesUtilizationInfo_v1, LAST_SEEN_TIME_STAMP, nvmlVgpuInstancesUtilizationInfo_v1_t, lastSeenTimeStamp);
    OFF(VgpuInstancesUtilizationInfo_v1, VGPU_UTIL_ARRAY, nvmlVgpuInstancesUtilizationInfo_v1_t, vgpuUtilArray);

    SIZE(VgpuProcessUtilizationSample, nvmlVgpuProcessUtilizationSample_t);
    OFF(VgpuProcessUtilizationSample, VGPU_INSTANCE, nvmlVgpuProcessUtilizationSample_t, vgpuInstance);
    OFF(VgpuProcessUtilizationSample, PID, nvmlVgpuProcessUtilizationSample_t, pid);
    OFF(VgpuProcessUtilizationSample, PROCESS_NAME, nvmlVgpuProcessUtilizationSample_t, processName);
    VAL(VgpuProcessUtilizationSample, PROCESS_NAME_SIZE, sizeof(((nvmlVgpuProcessUtilizationSample_t *) 0)->processName));
    OFF(VgpuProcessUtilizationSample, TIME_STAMP, nvmlVgpuProcessUtilizationSample_t, timeStamp);
    OFF(VgpuProcessUtilizationSample, SM_UTIL, nvmlVgpuProcessUtilizationSample_t, smUtil);
    OFF(VgpuProcessUtilizationSample, MEM_UTIL, nvmlVgpuProcessUtilizationSample_t, memUtil);
    OFF(VgpuProcessUtilizationSample, ENC_UTIL, nvmlVgpuProcessUtilizationSample_t, encUtil);
    OFF(VgpuProcessUtilizationSample, DEC_UTIL, nvmlVgpuProcessUtilizationSample_t, decUtil);

    SIZE(ProcessUtilizationSample, nvmlProcessUtilizationSample_t);
    OFF(ProcessUtilizationSample, PID, nvmlProcessUtilizationSample_t, pid);
    OFF(ProcessUtilizationSample, TIME_STAMP, nvmlProcessUtilizationSample_t, timeStamp);
    OFF(ProcessUtilizationSample, SM_UTIL, nvmlProcessUtilizationSample_t, smUtil);
    OFF(ProcessUtilizationSample, MEM_UTIL, nvmlProcessUtilizationSample_t, memUtil);
    OFF(ProcessUtilizationSample, ENC_UTIL, nvmlProcessUtilizationSample_t, encUtil);
    OFF(ProcessUtilizationSample, DEC_UTIL, nvmlProcessUtilizationSample_t, decUtil);

    SIZE(ProcessUtilizationInfo_v1, nvmlProcessUtilizationInfo_v1_t);
    OFF(ProcessUtilizationInfo_v1, TIME_STAMP, nvmlProcessUtilizationInfo_v1_t, timeStamp);
    OFF(ProcessUtilizationInfo_v1, PID, nvmlProcessUtilizationInfo_v1_t, pid);
    OFF(ProcessUtilizationInfo_v1, SM_UTIL, nvmlProcessUtilizationInfo_v1_t, smUtil);
    OFF(ProcessUtilizationInfo_v1, MEM_UTIL, nvmlProcessUtilizationInfo_v1_t, memUtil);
    OFF(ProcessUtilizationInfo_v1, ENC_UTIL, nvmlProcessUtilizationInfo_v1_t, encUtil);
    OFF(ProcessUtilizationInfo_v1, DEC_UTIL, nvmlProcessUtilizationInfo_v1_t, decUtil);
    OFF(ProcessUtilizationInfo_v1, JPG_UTIL, nvmlProcessUtilizationInfo_v1_t, jpgUtil);
    OFF(ProcessUtilizationInfo_v1, OFA_UTIL, nvmlProcessUtilizationInfo_v1_t, ofaUtil);

    SIZE(ProcessesUtilizationInfo_v1, nvmlProcessesUtilizationInfo_v1_t);
    VAL(ProcessesUtilizationInfo_v1, VERSION, nvmlProcessesUtilizationInfo_v1);
    OFF(ProcessesUtilizationInfo_v1, VERSION_FIELD, nvmlProcessesUtilizationInfo_v1_t, version);
    OFF(ProcessesUtilizationInfo_v1, PROCESS_SAMPLES_COUNT, nvmlProcessesUtilizationInfo_v1_t, processSamplesCount);
    OFF(ProcessesUtilizationInfo_v1, LAST_SEEN_TIME_STAMP, nvmlProcessesUtilizationInfo_v1_t, lastSeenTimeStamp);
    OFF(ProcessesUtilizationInfo_v1, PROC_UTIL_ARRAY, nvmlProcessesUtilizationInfo_v1_t, procUtilArray);

    SIZE(VgpuHeterogeneousMode_v1, nvmlVgpuHeterogeneousMode_v1_t);
    VAL(VgpuHeterogeneousMode_v1, VERSION, nvmlVgpuHeterogeneousMode_v1);
    OFF(VgpuHeterogeneousMode_v1, VERSION_FIELD, nvmlVgpuHeterogeneousMode_v1_t, version);
    OFF(VgpuHeterogeneousMode_v1, MODE, nvmlVgpuHeterogeneousMode_v1_t, mode);

    SIZE(FBCStats, nvmlFBCStats_t);
    OFF(FBCStats, SESSIONS_COUNT, nvmlFBCStats_t, sessionsCount);
    OFF(FBCStats, AVERAGE_FPS, nvmlFBCStats_t, averageFPS);
    OFF(FBCStats, AVERAGE_LATENCY, nvmlFBCStats_t, averageLatency);

    SIZE(VgpuPlacementId_v1, nvmlVgpuPlacementId_v1_t);
    VAL(VgpuPlacementId_v1, VERSION, nvmlVgpuPlacementId_v1);
    OFF(VgpuPlacementId_v1, VERSION_FIELD, nvmlVgpuPlacementId_v1_t, version);
    OFF(VgpuPlacementId_v1, PLACEMENT_ID, nvmlVgpuPlacementId_v1_t, placementId);

    SIZE(VgpuPlacementList_v1, nvmlVgpuPlacementList_v1_t);
    VAL(VgpuPlacementList_v1, VERSION, nvmlVgpuPlacementList_v1);
    OFF(VgpuPlacementList_v1, VERSION_FIELD, nvmlVgpuPlacementList_v1_t, version);
    OFF(VgpuPlacementList_v1, PLACEMENT_SIZE, nvmlVgpuPlacementList_v1_t, placementSize);
    OFF(VgpuPlacementList_v1, COUNT, nvmlVgpuPlacementList_v1_t, count);
    OFF(VgpuPlacementList_v1, PLACEMENT_IDS, nvmlVgpuPlacementList_v1_t, placementIds);

    SIZE(VgpuTypeBar1Info_v1, nvmlVgpuTypeBar1Info_v1_t);
    VAL(VgpuTypeBar1Info_v1, VERSION, nvmlVgpuTypeBar1Info_v1);
    OFF(VgpuTypeBar1Info_v1, VERSION_FIELD, nvmlVgpuTypeBar1Info_v1_t, version);
    OFF(VgpuTypeBar1Info_v1, BAR1_SIZE, nvmlVgpuTypeBar1Info_v1_t, bar1Size);

    SIZE(VgpuRuntimeState_v1, nvmlVgpuRuntimeState_v1_t);
    VAL(VgpuRuntimeState_v1, VERSION, nvmlVgpuRuntimeState_v1);
    OFF(VgpuRuntimeState_v1, VERSION_FIELD, nvmlVgpuRuntimeState_v1_t, version);
    OFF(VgpuRuntimeState_v1, STATE_SIZE, nvmlVgpuRuntimeState_v1_t, size);

    SIZE(VgpuSchedulerLogEntry_v2, nvmlVgpuSchedulerLogEntry_v2_t);
    OFF(VgpuSchedulerLogEntry_v2, TIMESTAMP, nvmlVgpuSchedulerLogEntry_v2_t, timestamp);
    OFF(VgpuSchedulerLogEntry_v2, TIME_RUN_TOTAL, nvmlVgpuSchedulerLogEntry_v2_t, timeRunTotal);
    OFF(VgpuSchedulerLogEntry_v2, TIME_RUN, nvmlVgpuSchedulerLogEntry_v2_t, timeRun);
    OFF(VgpuSchedulerLogEntry_v2, SW_RUNLIST_ID, nvmlVgpuSchedulerLogEntry_v2_t, swRunlistId);
    OFF(VgpuSchedulerLogEntry_v2, TARGET_TIME_SLICE, nvmlVgpuSchedulerLogEntry_v2_t, targetTimeSlice);
    OFF(VgpuSchedulerLogEntry_v2, CUMULATIVE_PREEMPTION_TIME, nvmlVgpuSchedulerLogEntry_v2_t, cumulativePreemptionTime);
    OFF(VgpuSchedulerLogEntry_v2, WEIGHT, nvmlVgpuSchedulerLogEntry_v2_t, weight);

    SIZE(VgpuSchedulerLogInfo_v2, nvmlVgpuSchedulerLogInfo_v2_t);
    OFF(VgpuSchedulerLogInfo_v2, ENGINE_ID, nvmlVgpuSchedulerLogInfo_v2_t, engineId);
    OFF(VgpuSchedulerLogInfo_v2, SCHEDULER_POLICY, nvmlVgpuSchedulerLogInfo_v2_t, schedulerPolicy);
    OFF(VgpuSchedulerLogInfo_v2, AVG_FACTOR, nvmlVgpuSchedulerLogInfo_v2_t, avgFactor);
    OFF(VgpuSchedulerLogInfo_v2, TIMESLICE, nvmlVgpuSchedulerLogInfo_v2_t, timeslice);
    OFF(VgpuSchedulerLogInfo_v2, ENTRIES_COUNT, nvmlVgpuSchedulerLogInfo_v2_t, entriesCount);
    OFF(VgpuSchedulerLogInfo_v2, LOG_ENTRIES, nvmlVgpuSchedulerLogInfo_v2_t, logEntries);

    SIZE(VgpuSchedulerStateInfo_v2, nvmlVgpuSchedulerStateInfo_v2_t);
    OFF(VgpuSchedulerStateInfo_v2, ENGINE_ID, nvmlVgpuSchedulerStateInfo_v2_t, engineId);
    OFF(VgpuSchedulerStateInfo_v2, SCHEDULER_POLICY, nvmlVgpuSchedulerStateInfo_v2_t, schedulerPolicy);
    OFF(VgpuSchedulerStateInfo_v2, AVG_FACTOR, nvmlVgpuSchedulerStateInfo_v2_t, avgFactor);
    OFF(VgpuSchedulerStateInfo_v2, TIMESLICE, nvmlVgpuSchedulerStateInfo_v2_t, timeslice);

    SIZE(VgpuSchedulerState_v2, nvmlVgpuSchedulerState_v2_t);
    OFF(VgpuSchedulerState_v2, ENGINE_ID, nvmlVgpuSchedulerState_v2_t, engineId);
    OFF(VgpuSchedulerState_v2, SCHEDULER_POLICY, nvmlVgpuSchedulerState_v2_t, schedulerPolicy);
    OFF(VgpuSchedulerState_v2, AVG_FACTOR, nvmlVgpuSchedulerState_v2_t, avgFactor);
    OFF(VgpuSchedulerState_v2, FREQUENCY, nvmlVgpuSchedulerState_v2_t, frequency);

    SIZE(ActiveVgpuInstanceInfo_v1, nvmlActiveVgpuInstanceInfo_v1_t);
    VAL(ActiveVgpuInstanceInfo_v1, VERSION, nvmlActiveVgpuInstanceInfo_v1);
    OFF(ActiveVgpuInstanceInfo_v1, VERSION_FIELD, nvmlActiveVgpuInstanceInfo_v1_t, version);
    OFF(ActiveVgpuInstanceInfo_v1, VGPU_COUNT, nvmlActiveVgpuInstanceInfo_v1_t, vgpuCount);
    OFF(ActiveVgpuInstanceInfo_v1, VGPU_INSTANCES, nvmlActiveVgpuInstanceInfo_v1_t, vgpuInstances);

    SIZE(VgpuTypeIdInfo_v1, nvmlVgpuTypeIdInfo_v1_t);
    VAL(VgpuTypeIdInfo_v1, VERSION, nvmlVgpuTypeIdInfo_v1);
    OFF(VgpuTypeIdInfo_v1, VERSION_FIELD, nvmlVgpuTypeIdInfo_v1_t, version);
    OFF(VgpuTypeIdInfo_v1, VGPU_COUNT, nvmlVgpuTypeIdInfo_v1_t, vgpuCount);
    OFF(VgpuTypeIdInfo_v1, VGPU_TYPE_IDS, nvmlVgpuTypeIdInfo_v1_t, vgpuTypeIds);

    SIZE(VgpuCreatablePlacementInfo_v1, nvmlVgpuCreatablePlacementInfo_v1_t);
    VAL(VgpuCreatablePlacementInfo_v1, VERSION, nvmlVgpuCreatablePlacementInfo_v1);
    OFF(VgpuCreatablePlacementInfo_v1, VERSION_FIELD, nvmlVgpuCreatablePlacementInfo_v1_t, version);
    OFF(VgpuCreatablePlacementInfo_v1, VGPU_TYPE_ID, nvmlVgpuCreatablePlacementInfo_v1_t, vgpuTypeId);
    OFF(VgpuCreatablePlacementInfo_v1, COUNT, nvmlVgpuCreatablePlacementInfo_v1_t, count);
    OFF(VgpuCreatablePlacementInfo_v1, PLACEMENT_IDS, nvmlVgpuCreatablePlacementInfo_v1_t, placementIds);
    OFF(VgpuCreatablePlacementInfo_v1, PLACEMENT_SIZE, nvmlVgpuCreatablePlacementInfo_v1_t, placementSize);

    SIZE(VgpuSchedulerStateInfo_v1, nvmlVgpuSchedulerStateInfo_v1_t);
    VAL(VgpuSchedulerStateInfo_v1, VERSION, nvmlVgpuSchedulerStateInfo_v1);
    OFF(VgpuSchedulerStateInfo_v1, VERSION_FIELD, nvmlVgpuSchedulerStateInfo_v1_t, version);
    OFF(VgpuSchedulerStateInfo_v1, ENGINE_ID, nvmlVgpuSchedulerStateInfo_v1_t, engineId);
    OFF(VgpuSchedulerStateInfo_v1, SCHEDULER_POLICY, nvmlVgpuSchedulerStateInfo_v1_t, schedulerPolicy);
    OFF(VgpuSchedulerStateInfo_v1, ARR_MODE, nvmlVgpuSchedulerStateInfo_v1_t, arrMode);
    OFF(VgpuSchedulerStateInfo_v1, SCHEDULER_PARAMS, nvmlVgpuSchedulerStateInfo_v1_t, schedulerParams);

    SIZE(VgpuSchedulerLogInfo_v1, nvmlVgpuSchedulerLogInfo_v1_t);
    VAL(VgpuSchedulerLogInfo_v1, VERSION, nvmlVgpuSchedulerLogInfo_v1);
    OFF(VgpuSchedulerLogInfo_v1, VERSION_FIELD, nvmlVgpuSchedulerLogInfo_v1_t, version);
    OFF(VgpuSchedulerLogInfo_v1, ENGINE_ID, nvmlVgpuSchedulerLogInfo_v1_t, engineId);
    OFF(VgpuSchedulerLogInfo_v1, SCHEDULER_POLICY, nvmlVgpuSchedulerLogInfo_v1_t, schedulerPolicy);
    OFF(VgpuSchedulerLogInfo_v1, ARR_MODE, nvmlVgpuSchedulerLogInfo_v1_t, arrMode);
    OFF(VgpuSchedulerLogInfo_v1, SCHEDULER_PARAMS, nvmlVgpuSchedulerLogInfo_v1_t, schedulerParams);
    OFF(VgpuSchedulerLogInfo_v1, ENTRIES_COUNT, nvmlVgpuSchedulerLogInfo_v1_t, entriesCount);
    OFF(VgpuSchedulerLogInfo_v1, LOG_ENTRIES, nvmlVgpuSchedulerLogInfo_v1_t, logEntries);

    SIZE(VgpuTypeMaxInstance_v1, nvmlVgpuTypeMaxInstance_v1_t);
    VAL(VgpuTypeMaxInstance_v1, VERSION, nvmlVgpuTypeMaxInstance_v1);
    OFF(VgpuTypeMaxInstance_v1, VERSION_FIELD, nvmlVgpuTypeMaxInstance_v1_t, version);
    OFF(VgpuTypeMaxInstance_v1, VGPU_TYPE_ID, nvmlVgpuTypeMaxInstance_v1_t, vgpuTypeId);
    OFF(VgpuTypeMaxInstance_v1, MAX_INSTANCE_PER_GI, nvmlVgpuTypeMaxInstance_v1_t, maxInstancePerGI);
    return 0;
}
