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
#endif
