/*
 * What NVML declares after nvml.h 12.4 (the build header) and the mock exports: the vGPU scheduler v2
 * (nvml.h 13.2). Laid out as NVIDIA's nvml.h 13.3 lays them out; LayoutsAbiTest's probe compiles this file,
 * and LayoutsOracleTest checks the same sizes and offsets against 13.3 as compiled by JavaCPP, so a mistake
 * here fails a test. Each name is guarded so the file also compiles against a header that has them.
 */
#ifndef SMI4J_NVML_NEWER_H
#define SMI4J_NVML_NEWER_H

#include <nvml.h>

#ifndef NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS
#define NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS 1
#endif

#ifndef NVML_VGPU_SCHEDULER_V2_DECLARED
#define NVML_VGPU_SCHEDULER_V2_DECLARED

typedef struct {
    unsigned long long timestamp;
    unsigned long long timeRunTotal;
    unsigned long long timeRun;
    unsigned int swRunlistId;
    unsigned long long targetTimeSlice;
    unsigned long long cumulativePreemptionTime;
    unsigned int weight;
} nvmlVgpuSchedulerLogEntry_v2_t;

typedef struct {
    unsigned int engineId;
    unsigned int schedulerPolicy;
    unsigned int avgFactor;
    unsigned int timeslice;
    unsigned int entriesCount;
    nvmlVgpuSchedulerLogEntry_v2_t logEntries[NVML_SCHEDULER_SW_MAX_LOG_ENTRIES];
} nvmlVgpuSchedulerLogInfo_v2_t;

typedef struct {
    unsigned int engineId;
    unsigned int schedulerPolicy;
    unsigned int avgFactor;
    unsigned int timeslice;
} nvmlVgpuSchedulerStateInfo_v2_t;

typedef struct {
    unsigned int engineId;
    unsigned int schedulerPolicy;
    unsigned int avgFactor;
    unsigned int frequency;
} nvmlVgpuSchedulerState_v2_t;

nvmlReturn_t nvmlDeviceGetVgpuSchedulerState_v2(nvmlDevice_t device, nvmlVgpuSchedulerStateInfo_v2_t *pSchedulerStateInfo);
nvmlReturn_t nvmlDeviceGetVgpuSchedulerLog_v2(nvmlDevice_t device, nvmlVgpuSchedulerLogInfo_v2_t *pSchedulerLogInfo);
nvmlReturn_t nvmlDeviceSetVgpuSchedulerState_v2(nvmlDevice_t device, nvmlVgpuSchedulerState_v2_t *pSchedulerState);

#endif
/* MIG-backed vGPU (nvml.h 12.9, R575): vGPUs on GPU instances, time-sliced inside each. */
#ifndef NVML_MIG_BACKED_VGPU_DECLARED
#define NVML_MIG_BACKED_VGPU_DECLARED

typedef struct {
    unsigned int version;
    unsigned int vgpuCount;
    nvmlVgpuInstance_t *vgpuInstances;
} nvmlActiveVgpuInstanceInfo_v1_t;
#define nvmlActiveVgpuInstanceInfo_v1 NVML_STRUCT_VERSION(ActiveVgpuInstanceInfo, 1)

typedef struct {
    unsigned int version;
    unsigned int vgpuCount;
    nvmlVgpuTypeId_t *vgpuTypeIds;
} nvmlVgpuTypeIdInfo_v1_t;
#define nvmlVgpuTypeIdInfo_v1 NVML_STRUCT_VERSION(VgpuTypeIdInfo, 1)

typedef struct {
    unsigned int version;
    nvmlVgpuTypeId_t vgpuTypeId;
    unsigned int count;
    unsigned int *placementIds;
    unsigned int placementSize;
} nvmlVgpuCreatablePlacementInfo_v1_t;
#define nvmlVgpuCreatablePlacementInfo_v1 NVML_STRUCT_VERSION(VgpuCreatablePlacementInfo, 1)

typedef struct {
    unsigned int version;
    unsigned int engineId;
    unsigned int schedulerPolicy;
    unsigned int arrMode;
    nvmlVgpuSchedulerParams_t schedulerParams;
} nvmlVgpuSchedulerStateInfo_v1_t;
#define nvmlVgpuSchedulerStateInfo_v1 NVML_STRUCT_VERSION(VgpuSchedulerStateInfo, 1)

typedef struct {
    unsigned int version;
    unsigned int engineId;
    unsigned int schedulerPolicy;
    unsigned int arrMode;
    nvmlVgpuSchedulerParams_t schedulerParams;
    unsigned int entriesCount;
    nvmlVgpuSchedulerLogEntry_t logEntries[NVML_SCHEDULER_SW_MAX_LOG_ENTRIES];
} nvmlVgpuSchedulerLogInfo_v1_t;
#define nvmlVgpuSchedulerLogInfo_v1 NVML_STRUCT_VERSION(VgpuSchedulerLogInfo, 1)

typedef struct {
    unsigned int version;
    nvmlVgpuTypeId_t vgpuTypeId;
    unsigned int maxInstancePerGI;
} nvmlVgpuTypeMaxInstance_v1_t;
#define nvmlVgpuTypeMaxInstance_v1 NVML_STRUCT_VERSION(VgpuTypeMaxInstance, 1)

nvmlReturn_t nvmlGpuInstanceGetActiveVgpus(nvmlGpuInstance_t gpuInstance, nvmlActiveVgpuInstanceInfo_v1_t *pVgpuInstanceInfo);
nvmlReturn_t nvmlGpuInstanceGetCreatableVgpus(nvmlGpuInstance_t gpuInstance, nvmlVgpuTypeIdInfo_v1_t *pVgpus);
nvmlReturn_t nvmlGpuInstanceGetVgpuTypeCreatablePlacements(nvmlGpuInstance_t gpuInstance, nvmlVgpuCreatablePlacementInfo_v1_t *pCreatablePlacementInfo);
nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerState(nvmlGpuInstance_t gpuInstance, nvmlVgpuSchedulerStateInfo_v1_t *pSchedulerStateInfo);
nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerState_v2(nvmlGpuInstance_t gpuInstance, nvmlVgpuSchedulerStateInfo_v2_t *pSchedulerStateInfo);
nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerLog(nvmlGpuInstance_t gpuInstance, nvmlVgpuSchedulerLogInfo_v1_t *pSchedulerLogInfo);
nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerLog_v2(nvmlGpuInstance_t gpuInstance, nvmlVgpuSchedulerLogInfo_v2_t *pSchedulerLogInfo);
nvmlReturn_t nvmlGpuInstanceGetVgpuHeterogeneousMode(nvmlGpuInstance_t gpuInstance, nvmlVgpuHeterogeneousMode_t *pHeterogeneousMode);
nvmlReturn_t nvmlVgpuTypeGetMaxInstancesPerGpuInstance(nvmlVgpuTypeMaxInstance_v1_t *pMaxInstance);

#endif

#endif
