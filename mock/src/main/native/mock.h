/*
 * State of the native mock libnvidia-ml.so.1: one simulated host, set from Java through the
 * smi4jmock_* functions (mock_setup.c) and read by the NVML functions (mock_nvml.c).
 * Fixed capacities keep the library free of allocation; the setup functions refuse (return -1)
 * what does not fit, and NativeMock turns that into an exception naming the limit.
 */
#ifndef SMI4J_MOCK_H
#define SMI4J_MOCK_H

#include <nvml.h>
#include "nvml_newer.h"

#define EXPORT __attribute__((visibility("default")))

/*
 * Newer than the build header (nvml.h 12.4), as nvml.h 13.3 has them (the binding's layout probe checks the same
 * against 13.3): the MIG profile counts that grew, and the structs of two functions the mock exports beyond 12.4.
 */
#define SMI4J_GPU_INSTANCE_PROFILE_COUNT 0x12
#define SMI4J_COMPUTE_INSTANCE_PROFILE_COUNT 0x9
#define SMI4J_DEVICE_VGPU_CAP_COUNT 12
#define SMI4J_VGPU_DRIVER_CAP_COUNT 2
#ifndef nvmlVgpuTypeBar1Info_v1
typedef struct {
    unsigned int version;
    unsigned long long bar1Size;
} nvmlVgpuTypeBar1Info_v1_t;
typedef nvmlVgpuTypeBar1Info_v1_t nvmlVgpuTypeBar1Info_t;
#define nvmlVgpuTypeBar1Info_v1 NVML_STRUCT_VERSION(VgpuTypeBar1Info, 1)
#endif
#ifndef nvmlVgpuRuntimeState_v1
typedef struct {
    unsigned int version;
    unsigned long long size;
} nvmlVgpuRuntimeState_v1_t;
typedef nvmlVgpuRuntimeState_v1_t nvmlVgpuRuntimeState_t;
#define nvmlVgpuRuntimeState_v1 NVML_STRUCT_VERSION(VgpuRuntimeState, 1)
#endif

#define MOCK_MAX_GPUS 8
#define MOCK_MAX_PROCESSES 64
#define MOCK_MAX_GPU_INSTANCES 8
#define MOCK_MAX_COMPUTE 8
#define MOCK_MAX_MIG_DEVICES 8
#define MOCK_MAX_TYPES 64
#define MOCK_MAX_VGPUS 64
#define MOCK_MAX_ACCOUNTING 64
#define MOCK_MAX_SAMPLES 256
#define MOCK_MAX_INJECTIONS 32
#define MOCK_NAME 128
#define MOCK_MIG_SLOTS 7
#define MOCK_MAX_GI_VGPU_TYPES 16

typedef struct {
    unsigned int pid;
    char name[MOCK_NAME];
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
    int compute, graphics;  /* in the compute list, the graphics list */
    int sampled;            /* whether sample holds the process's newest utilization sample */
    nvmlProcessUtilizationInfo_v1_t sample;
} mock_process;

typedef struct {
    unsigned int profileIndex;
    nvmlComputeInstanceProfileInfo_t info;
} mock_compute_profile;

typedef struct {
    struct nvmlComputeInstance_st *handle;
    unsigned int id;
    unsigned int profileId;
} mock_compute_instance;

/* A vGPU type on a GPU instance (MIG-backed vGPU, R575). */
typedef struct {
    unsigned int id;
    int creatable;
    unsigned int placementSize;
    unsigned int maxPerGpuInstance;
    int placementCount;
    unsigned int placements[MOCK_MAX_VGPUS];
} mock_gi_vgpu_type;

typedef struct {
    unsigned int profileIndex;
    nvmlGpuInstanceProfileInfo_t profile;
    unsigned int id;
    unsigned int placementStart;
    unsigned int placementSize;
    int computeProfileCount;
    mock_compute_profile computeProfiles[MOCK_MAX_COMPUTE];
    int computeCount;
    mock_compute_instance compute[MOCK_MAX_COMPUTE];
    /* MIG-backed vGPU (R575): the scheduler inside the instance, its heterogeneous mode and vGPU types */
    int vgpuHost;
    int vgpuHeterogeneous;
    nvmlVgpuSchedulerStateInfo_v1_t vgpuState;
    unsigned int vgpuStateV2AvgFactor, vgpuStateV2Timeslice;
    nvmlVgpuSchedulerLogInfo_v1_t vgpuLog;
    unsigned int vgpuLogWeights[NVML_SCHEDULER_SW_MAX_LOG_ENTRIES];
    unsigned int vgpuLogV2AvgFactor, vgpuLogV2Timeslice;
    int vgpuTypeCount;
    mock_gi_vgpu_type vgpuTypes[MOCK_MAX_GI_VGPU_TYPES];
} mock_gpu_instance;

typedef struct {
    char name[NVML_DEVICE_NAME_V2_BUFFER_SIZE];
    char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
    nvmlMemory_v2_t memory;
} mock_mig_device;

typedef struct {
    unsigned int id;
    char name[NVML_VGPU_NAME_BUFFER_SIZE];
    char typeClass[NVML_VGPU_NAME_BUFFER_SIZE];
    unsigned long long framebuffer;
    unsigned int maxInstances;
    unsigned int gpuInstanceProfileId;
    int creatable;
    unsigned int maxInstancesPerVm;
    unsigned int placementSize;
    int creatablePlacementCount;
    unsigned int creatablePlacements[MOCK_MAX_VGPUS];
    long long bar1, fbReservation, gspHeap; /* -1: NOT_SUPPORTED */
} mock_vgpu_type;

typedef struct {
    unsigned int pid;
    nvmlAccountingStats_t stats;
} mock_accounting;

typedef struct {
    unsigned int id;
    char uuid[NVML_DEVICE_UUID_BUFFER_SIZE];
    unsigned int typeId;
    char vmId[NVML_DEVICE_UUID_BUFFER_SIZE];
    nvmlVgpuVmIdType_t vmIdType;
    char vmDriverVersion[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
    unsigned long long fbUsage;
    nvmlVgpuLicenseInfo_t license;
    unsigned int frameRateLimit;
    int ecc;
    unsigned int encoderCapacity;
    unsigned int encoderSessions;
    unsigned int encoderFps;
    unsigned int encoderLatency;
    unsigned int gpuInstanceId;
    unsigned int placementId;
    nvmlFBCStats_t fbc;
    long long runtimeState; /* -1: NOT_SUPPORTED */
    int accountingMode;
    int accountingCount; /* its records are the GPU's vgpuAccounting row of the same index (mock_vgpu_accounting) */
} mock_vgpu;

typedef struct {
    unsigned int vgpuInstance;
    unsigned long long timeStamp;
    double sm, mem, enc, dec, jpg, ofa;
} mock_util_sample;

typedef struct {
    int used;
    nvmlPciInfo_t pci;
    char name[NVML_DEVICE_NAME_V2_BUFFER_SIZE];
    char uuid[NVML_DEVICE_UUID_V2_BUFFER_SIZE];
    nvmlGpuVirtualizationMode_t virtualizationMode;
    nvmlMemory_v2_t memory;
    nvmlUtilization_t utilization;
    unsigned int temperature, power, powerLimit, fanSpeed;
    nvmlPstates_t pstate;
    unsigned int clocks[NVML_CLOCK_COUNT];
    unsigned int maxClocks[NVML_CLOCK_COUNT];
    int eccCurrent, eccPending, migCurrent, migPending;
    int processCount;
    mock_process processes[MOCK_MAX_PROCESSES];
    int gpuInstanceCount;
    mock_gpu_instance gpuInstances[MOCK_MAX_GPU_INSTANCES];
    int migDeviceCount;
    mock_mig_device migDevices[MOCK_MAX_MIG_DEVICES];
    int guestLicenseSet;
    nvmlGridLicensableFeatures_t guestLicense;
    int vgpuHost;
    nvmlHostVgpuMode_t hostMode;
    int heterogeneousMode; /* -1: behave like R535, which lacks the function */
    int vgpuCapabilityCount; /* capabilities from this one on are newer than the driver: INVALID_ARGUMENT */
    long long vgpuCapabilities[SMI4J_DEVICE_VGPU_CAP_COUNT]; /* -1: NOT_SUPPORTED */
    nvmlVgpuSchedulerCapabilities_t capabilities;
    nvmlVgpuSchedulerGetState_t state;
    nvmlVgpuSchedulerLog_t log;
    /* the v2 calls (driver 580 and newer in the mock): each log entry's weight, and the average factor and
       time slice the v2 state and log report (they have no ARR mode) */
    unsigned int logWeights[NVML_SCHEDULER_SW_MAX_LOG_ENTRIES];
    unsigned int stateV2AvgFactor, stateV2Timeslice, logV2AvgFactor, logV2Timeslice;
    int typeCount;
    mock_vgpu_type types[MOCK_MAX_TYPES];
    int vgpuCount;
    /* a vGPU's every-poll values lie close together (about 350 bytes each, a dozen vGPUs to a page): a poll
       touches few pages, as a driver's compact tables would; the accounting records, read once per refresh,
       lie apart in vgpuAccounting */
    mock_vgpu vgpus[MOCK_MAX_VGPUS];
    mock_accounting vgpuAccounting[MOCK_MAX_VGPUS][MOCK_MAX_ACCOUNTING];
    int sampleCount;
    mock_util_sample samples[MOCK_MAX_SAMPLES];
    int processSampleCount;
    nvmlVgpuProcessUtilizationSample_t processSamples[MOCK_MAX_SAMPLES];
} mock_gpu;

typedef struct {
    char function[MOCK_NAME];
    int code;
    int times; /* < 0: every call */
    unsigned int growBy; /* for grow entries: code is unused */
    int grow;
    /* aimed entries: calls about one GPU in polls fromPoll..toPoll (toPoll < 0: for good), every `every`-th */
    int aimed;
    unsigned int gpu;
    long long fromPoll;
    long long toPoll;
    int every;
} mock_injection;

typedef struct {
    int recorded;
    unsigned int gpu;
    nvmlVgpuSchedulerSetState_t state;
} mock_set_call;

typedef struct {
    int initCount;
    int driverLoaded;
    char driverVersion[NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
    char nvmlVersion[NVML_SYSTEM_NVML_VERSION_BUFFER_SIZE];
    int cudaVersion;
    nvmlValueType_t sampleValueType;
    int gpuCount;
    mock_gpu gpus[MOCK_MAX_GPUS];
    int driverCapabilityCount;
    long long driverCapabilities[SMI4J_VGPU_DRIVER_CAP_COUNT];
    int injectionCount;
    mock_injection injections[MOCK_MAX_INJECTIONS];
    long long polls; /* nvmlDeviceGetCount_v2 calls answered: every poll starts by counting GPUs */
    mock_set_call lastSet;
} mock_state;

struct nvmlDevice_st {
    int gpu;
    int mig; /* -1: the physical GPU */
};

struct nvmlGpuInstance_st {
    int gpu;
    int gi;
};

struct nvmlComputeInstance_st {
    int gpu;
    int gi;
    int ci;
};

extern mock_state mock;
extern struct nvmlDevice_st mock_gpu_handles[MOCK_MAX_GPUS];
extern struct nvmlDevice_st mock_mig_handles[MOCK_MAX_GPUS][MOCK_MAX_MIG_DEVICES];
extern struct nvmlGpuInstance_st mock_gi_handles[MOCK_MAX_GPUS][MOCK_MAX_GPU_INSTANCES];
extern struct nvmlComputeInstance_st mock_ci_handles[MOCK_MAX_GPUS][MOCK_MAX_GPU_INSTANCES][MOCK_MAX_COMPUTE];

/* The accounting records of vGPU v (an element of some mock.gpus[g].vgpus). */
static inline mock_accounting *mock_vgpu_accounting(const mock_vgpu *v) {
    size_t g = (size_t) ((const char *) v - (const char *) mock.gpus) / sizeof(mock_gpu);
    return mock.gpus[g].vgpuAccounting[v - mock.gpus[g].vgpus];
}

/* The setup calls (mock_setup.c), exported for NativeMock and run from a scenario script (mock_script.c). */
int smi4jmock_reset(int driverLoaded, const char *driverVersion, const char *nvmlVersion, int cudaDriverVersion);
int smi4jmock_add_gpu(const char *name, const char *uuid, int virtualizationMode);
int smi4jmock_gpu_pci(int index, const char *busId, unsigned int domain, unsigned int bus, unsigned int device, unsigned int pciDeviceId, unsigned int pciSubSystemId);
int smi4jmock_gpu_memory(int index, unsigned long long total, unsigned long long reserved, unsigned long long free, unsigned long long used);
int smi4jmock_gpu_readings(int index, unsigned int utilizationGpu, unsigned int utilizationMemory, unsigned int temperature, unsigned int power, unsigned int powerLimit, unsigned int fanSpeed, int pstate);
int smi4jmock_gpu_modes(int index, int eccCurrent, int eccPending, int migCurrent, int migPending);
int smi4jmock_gpu_clock(int index, int type, unsigned int current, unsigned int max);
int smi4jmock_gpu_add_process(int index, unsigned int pid, const char *name, unsigned long long usedGpuMemory, unsigned int gpuInstanceId, unsigned int computeInstanceId);
int smi4jmock_gpu_process_use(int index, int process, int compute, int graphics, int sampled, unsigned long long timeStamp, unsigned int sm, unsigned int mem, unsigned int enc, unsigned int dec, unsigned int jpg, unsigned int ofa);
int smi4jmock_gpu_add_gpu_instance(int index, unsigned int profileIndex, unsigned int profileId, unsigned int sliceCount, unsigned int instanceCount, unsigned int multiprocessorCount, unsigned long long memorySizeMB, unsigned int id, unsigned int placementStart, unsigned int placementSize);
int smi4jmock_gi_add_compute_profile(int index, int giIndex, unsigned int profileIndex, unsigned int id, unsigned int sliceCount, unsigned int instanceCount, unsigned int multiprocessorCount);
int smi4jmock_gi_add_compute_instance(int index, int giIndex, unsigned int id, unsigned int profileId);
int smi4jmock_gpu_add_mig_device(int index, const char *name, const char *uuid, unsigned int gpuInstanceId, unsigned int computeInstanceId, unsigned long long total, unsigned long long reserved, unsigned long long free, unsigned long long used);
int smi4jmock_gpu_guest_license(int index, int supported);
int smi4jmock_gpu_add_license_feature(int index, int featureCode, unsigned int featureState, const char *productName, int featureEnabled);
int smi4jmock_gpu_vgpu_host(int index, int hostMode, int heterogeneousMode);
int smi4jmock_gpu_scheduler_caps(int index, unsigned int policy0, unsigned int policy1, unsigned int policy2, unsigned int maxTimeslice, unsigned int minTimeslice, unsigned int arrSupported, unsigned int maxFrequency, unsigned int minFrequency, unsigned int maxAvgFactor, unsigned int minAvgFactor);
int smi4jmock_gpu_scheduler_state(int index, unsigned int policy, unsigned int arrMode, unsigned int word0, unsigned int word1);
int smi4jmock_gpu_scheduler_log(int index, unsigned int engineId, unsigned int policy, unsigned int arrMode, unsigned int word0, unsigned int word1);
int smi4jmock_gpu_add_log_entry(int index, unsigned long long timestamp, unsigned long long timeRunTotal, unsigned long long timeRun, unsigned int swRunlistId, unsigned long long targetTimeSlice, unsigned long long cumulativePreemptionTime);
int smi4jmock_gpu_scheduler_v2(int index, unsigned int stateAvgFactor, unsigned int stateTimeslice, unsigned int logAvgFactor, unsigned int logTimeslice);
int smi4jmock_log_entry_weight(int index, int entryIndex, unsigned int weight);
int smi4jmock_gi_vgpu_host(int index, int giIndex, int heterogeneousMode);
int smi4jmock_gi_vgpu_scheduler(int index, int giIndex, unsigned int policy, unsigned int arrMode, unsigned int word0, unsigned int word1, unsigned int v2AvgFactor, unsigned int v2Timeslice);
int smi4jmock_gi_vgpu_log(int index, int giIndex, unsigned int engineId, unsigned int policy, unsigned int arrMode, unsigned int word0, unsigned int word1, unsigned int v2AvgFactor, unsigned int v2Timeslice);
int smi4jmock_gi_add_log_entry(int index, int giIndex, unsigned long long timestamp, unsigned long long timeRunTotal, unsigned long long timeRun, unsigned int swRunlistId, unsigned long long targetTimeSlice, unsigned long long cumulativePreemptionTime, unsigned int weight);
int smi4jmock_gi_add_vgpu_type(int index, int giIndex, unsigned int typeId, int creatable, unsigned int placementSize, unsigned int maxPerGpuInstance);
int smi4jmock_gi_type_add_creatable_placement(int index, int giIndex, unsigned int typeId, unsigned int placementId);
int smi4jmock_gpu_add_vgpu_type(int index, unsigned int id, const char *name, const char *typeClass, unsigned long long framebuffer, unsigned int maxInstances, unsigned int gpuInstanceProfileId, int creatable);
int smi4jmock_vgpu_type_placement(int index, int typeIndex, unsigned int placementSize, unsigned int maxInstancesPerVm);
int smi4jmock_vgpu_type_add_creatable_placement(int index, int typeIndex, unsigned int placementId);
int smi4jmock_vgpu_placement(int index, int vgpuIndex, unsigned int placementId);
int smi4jmock_vgpu_fbc(int index, int vgpuIndex, unsigned int sessions, unsigned int fps, unsigned int latencyUs);
int smi4jmock_vgpu_type_sizes(int index, int typeIndex, long long bar1, long long fbReservation, long long gspHeap);
int smi4jmock_vgpu_runtime_state(int index, int vgpuIndex, long long runtimeState);
int smi4jmock_gpu_vgpu_capability(int index, unsigned int capability, long long value);
int smi4jmock_driver_vgpu_capability(unsigned int capability, long long value);
int smi4jmock_gpu_add_vgpu(int index, unsigned int id, const char *uuid, unsigned int typeId, const char *vmId, int vmIdType, const char *vmDriverVersion, unsigned long long fbUsage, unsigned int frameRateLimit, int ecc, unsigned int encoderCapacity, unsigned int encoderSessions, unsigned int encoderFps, unsigned int encoderLatency, unsigned int gpuInstanceId, int accountingMode);
int smi4jmock_vgpu_license(int index, int vgpuIndex, int isLicensed, unsigned int year, unsigned int month, unsigned int day, unsigned int hour, unsigned int min, unsigned int sec, unsigned int status, unsigned int currentState);
int smi4jmock_vgpu_add_accounting(int index, int vgpuIndex, unsigned int pid, unsigned int gpuUtilization, unsigned int memoryUtilization, unsigned long long maxMemoryUsage, unsigned long long time, unsigned long long startTime, int running);
int smi4jmock_gpu_add_util_sample(int index, unsigned int vgpuInstance, unsigned long long timeStamp, double sm, double mem, double enc, double dec, double jpg, double ofa);
int smi4jmock_gpu_add_process_sample(int index, unsigned int vgpuInstance, unsigned int pid, const char *processName, unsigned long long timeStamp, unsigned int sm, unsigned int mem, unsigned int enc, unsigned int dec);
int smi4jmock_set_sample_value_type(int type);
int smi4jmock_inject_error(const char *function, int code, int times);
int smi4jmock_grow_count_once(const char *function, unsigned int extra);
int smi4jmock_inject_aimed(const char *function, int code, int gpu, long long fromPoll, long long toPoll, int every);
int smi4jmock_last_set_scheduler(unsigned int *out);

/* Loads the scenario script at path into the mock; 0, or -1 after one line on stderr saying why. */
int mock_load_script(const char *path);
int smi4jmock_load_script(const char *path);

/* At the first init: the script SMI4J_MOCK_SCENARIO names, once per process; NVML_ERROR_UNKNOWN when it failed. */
nvmlReturn_t mock_script_at_init(void);

/* At every nvmlDeviceGetCount_v2: counts the poll, and sets up the host of the script's section for it, if any. */
void mock_script_on_count(void);

/* Copies src into a buffer of size cap, always terminated; returns 0, or -1 when it did not fit. */
int mock_copy(char *dst, const char *src, unsigned int cap);

#endif
