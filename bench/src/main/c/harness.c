/*
 * The physical limit of one poll: the NVML calls a steady-state poll of smi4j's reader makes,
 * in the same order, with the same arguments, and with the same count-then-fill protocol and
 * struct versions as JnaNvml, made from C against the same loaded libnvidia-ml.so.1 (the native
 * mock, already set up by the benchmark through JNA). It reads nothing back into objects: the
 * difference to the Java path is everything JNA, the port and the reader add.
 *
 * The poll arrives as a script recorded from the reader (io.smi4j.bench.PollCalls): triples of
 * int64 {operation, argument 1, argument 2}; operation codes come from harness_op(name), where
 * name is the io.smi4j.nvml.Nvml method, so the Java side never depends on this file's order.
 *
 * Built by bench/run.sh: gcc -O2 -shared -fPIC -I<nvml.h dir> harness.c -ldl.
 */
#define _GNU_SOURCE
#define NVML_NO_UNVERSIONED_FUNC_DEFS
#include <dlfcn.h>
#include <nvml.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define FILL_ATTEMPTS 8 /* JnaNvml.FILL_ATTEMPTS */
#define MAX_ENTRIES 1024
#define TEXT 256

/* Every NVML function a poll may reach, resolved once from the loaded library. */
#define FUNCTIONS(X) \
    X(nvmlDeviceGetCount_v2) X(nvmlDeviceGetHandleByIndex_v2) X(nvmlDeviceGetName) X(nvmlDeviceGetUUID) \
    X(nvmlDeviceGetMemoryInfo_v2) X(nvmlDeviceGetUtilizationRates) X(nvmlDeviceGetTemperature) \
    X(nvmlDeviceGetPowerUsage) X(nvmlDeviceGetEnforcedPowerLimit) X(nvmlDeviceGetClockInfo) \
    X(nvmlDeviceGetMaxClockInfo) X(nvmlDeviceGetFanSpeed) X(nvmlDeviceGetPerformanceState) \
    X(nvmlDeviceGetEccMode) X(nvmlDeviceGetMigMode) X(nvmlDeviceGetComputeRunningProcesses_v3) \
    X(nvmlDeviceGetVirtualizationMode) X(nvmlDeviceGetHostVgpuMode) X(nvmlDeviceGetVgpuSchedulerState) \
    X(nvmlDeviceGetVgpuSchedulerLog) X(nvmlDeviceGetVgpuHeterogeneousMode) X(nvmlDeviceGetCreatableVgpus) \
    X(nvmlDeviceGetActiveVgpus) X(nvmlDeviceGetVgpuInstancesUtilizationInfo) X(nvmlDeviceGetVgpuUtilization) \
    X(nvmlDeviceGetVgpuProcessUtilization) X(nvmlSystemGetProcessName) X(nvmlVgpuInstanceGetVmDriverVersion) \
    X(nvmlVgpuInstanceGetFbUsage) X(nvmlVgpuInstanceGetLicenseInfo_v2) X(nvmlVgpuInstanceGetLicenseStatus) \
    X(nvmlVgpuInstanceGetEncoderCapacity) X(nvmlVgpuInstanceGetEncoderStats) \
    X(nvmlVgpuInstanceGetAccountingPids) X(nvmlVgpuInstanceGetAccountingStats) \
    X(nvmlDeviceGetVgpuTypeCreatablePlacements) X(nvmlVgpuInstanceGetFBCStats) X(nvmlDeviceGetVgpuCapabilities) \
    X(nvmlDeviceGetGraphicsRunningProcesses_v3) X(nvmlDeviceGetProcessUtilization) \
    X(nvmlDeviceGetProcessesUtilizationInfo)

#define POINTER(name) static __typeof__(name) *p_##name;
FUNCTIONS(POINTER)

/* The Nvml port methods the harness replays, by their Java names. */
#define OPERATIONS(X) \
    X(deviceCount) X(deviceHandleByIndex) X(deviceName) X(deviceUuid) X(deviceMemoryInfo) \
    X(deviceUtilizationRates) X(deviceTemperature) X(devicePowerUsage) X(deviceEnforcedPowerLimit) \
    X(deviceClock) X(deviceMaxClock) X(deviceFanSpeed) X(devicePerformanceState) X(deviceEccMode) \
    X(deviceMigMode) X(deviceComputeRunningProcesses) X(deviceVirtualizationMode) X(deviceHostVgpuMode) \
    X(deviceVgpuSchedulerState) X(deviceVgpuSchedulerLog) X(deviceVgpuHeterogeneousMode) \
    X(deviceCreatableVgpus) X(deviceActiveVgpus) X(deviceVgpuInstancesUtilizationInfo) \
    X(deviceVgpuUtilization) X(deviceVgpuProcessUtilization) X(systemProcessName) \
    X(vgpuInstanceVmDriverVersion) X(vgpuInstanceFbUsage) X(vgpuInstanceLicenseInfo) \
    X(vgpuInstanceLicenseStatus) X(vgpuInstanceEncoderCapacity) X(vgpuInstanceEncoderStats) \
    X(vgpuInstanceAccountingPids) X(vgpuInstanceAccountingStats) X(deviceVgpuTypeCreatablePlacements) \
    X(vgpuInstanceFbcStats) X(deviceVgpuCapabilities) X(deviceGraphicsRunningProcesses) X(deviceProcessUtilization) \
    X(deviceProcessesUtilizationInfo)

#define ENUM(name) OP_##name,
enum { OPERATIONS(ENUM) OP_COUNT };
#define NAME(name) #name,
static const char *const op_names[] = { OPERATIONS(NAME) };

/* Out-parameters and arrays, reused like JnaNvml's scratch and array buffers. */
static char text[TEXT];
static unsigned int u0, u1, u2;
static unsigned long long ull;
static nvmlDevice_t handle;
static nvmlMemory_v2_t memory;
static nvmlUtilization_t utilization;
static nvmlPstates_t pstate;
static nvmlEnableState_t e0, e1;
static nvmlGpuVirtualizationMode_t virtualization;
static nvmlHostVgpuMode_t hostMode;
static nvmlVgpuSchedulerGetState_t schedulerState;
static nvmlVgpuSchedulerLog_t schedulerLog;
static nvmlVgpuHeterogeneousMode_t heterogeneous;
static nvmlVgpuPlacementList_t placements;
static unsigned int placementIds[256]; /* JnaNvml's Buffers.MAX_PLACEMENTS */
static nvmlFBCStats_t fbcStats;
static nvmlVgpuLicenseInfo_t license;
static nvmlAccountingStats_t accounting;
static nvmlValueType_t valueType;
static nvmlVgpuInstancesUtilizationInfo_t instancesUtilization;
static nvmlProcessInfo_t processes[MAX_ENTRIES];
static unsigned int ids[MAX_ENTRIES];
static nvmlVgpuInstanceUtilizationInfo_v1_t instanceSamples[MAX_ENTRIES];
static nvmlVgpuInstanceUtilizationSample_t samples[MAX_ENTRIES];
static nvmlVgpuProcessUtilizationSample_t processSamples[MAX_ENTRIES];
static nvmlProcessUtilizationSample_t gpuProcessSamples[MAX_ENTRIES];
static nvmlProcessesUtilizationInfo_t processesUtilization;
static nvmlProcessUtilizationInfo_v1_t gpuProcessInfos[MAX_ENTRIES];

static const char *missing = "";
static int callsOfLastPoll;
static int failuresOfLastPoll;

/* Counts one NVML call and whether it failed (a count query's INSUFFICIENT_SIZE is the
   protocol, not a failure); returns its result. */
static nvmlReturn_t counted(nvmlReturn_t r) {
    callsOfLastPoll++;
    failuresOfLastPoll += r != NVML_SUCCESS && r != NVML_ERROR_INSUFFICIENT_SIZE;
    return r;
}

/* Resolves every function from the library at path (the image the JVM already loaded). */
EXPORT int harness_open(const char *path) {
    void *lib = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (lib == NULL) {
        lib = dlopen(path, RTLD_NOW);
    }
    if (lib == NULL) {
        missing = "the library";
        return -1;
    }
#define RESOLVE(name) p_##name = (__typeof__(name) *) dlsym(lib, #name); \
    if (p_##name == NULL) { missing = #name; return -2; }
    FUNCTIONS(RESOLVE)
    return 0;
}

/* What harness_open could not resolve. */
EXPORT const char *harness_missing(void) {
    return missing;
}

/* The operation code of an Nvml port method, or -1 when the harness cannot replay it. */
EXPORT int harness_op(const char *name) {
    for (int i = 0; i < OP_COUNT; i++) {
        if (strcmp(op_names[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

/* Count-then-fill as JnaNvml.fill does it: a count query with a NULL array, then fills while
   the count grows. which: the operation. */
static void fill(int which, nvmlDevice_t device, unsigned int vgpu, unsigned long long lastSeen) {
    unsigned int count = 0;
    nvmlReturn_t r = NVML_ERROR_UNKNOWN;
    for (int attempt = 0; attempt <= FILL_ATTEMPTS; attempt++) {
        int query = attempt == 0;
        if (!query && count > MAX_ENTRIES) {
            return;
        }
        switch (which) {
        case OP_deviceComputeRunningProcesses:
            r = counted(p_nvmlDeviceGetComputeRunningProcesses_v3(device, &count, query ? NULL : processes));
            break;
        case OP_deviceGraphicsRunningProcesses:
            r = counted(p_nvmlDeviceGetGraphicsRunningProcesses_v3(device, &count, query ? NULL : processes));
            break;
        case OP_deviceProcessUtilization:
            r = counted(p_nvmlDeviceGetProcessUtilization(device, query ? NULL : gpuProcessSamples, &count, lastSeen));
            break;
        case OP_deviceProcessesUtilizationInfo:
            memset(&processesUtilization, 0, sizeof processesUtilization);
            processesUtilization.version = nvmlProcessesUtilizationInfo_v1;
            processesUtilization.processSamplesCount = query ? 0 : count;
            processesUtilization.lastSeenTimeStamp = lastSeen;
            processesUtilization.procUtilArray = query ? NULL : gpuProcessInfos;
            r = counted(p_nvmlDeviceGetProcessesUtilizationInfo(device, &processesUtilization));
            count = processesUtilization.processSamplesCount;
            break;
        case OP_deviceCreatableVgpus:
            r = counted(p_nvmlDeviceGetCreatableVgpus(device, &count, query ? NULL : ids));
            break;
        case OP_deviceActiveVgpus:
            r = counted(p_nvmlDeviceGetActiveVgpus(device, &count, query ? NULL : ids));
            break;
        case OP_vgpuInstanceAccountingPids:
            r = counted(p_nvmlVgpuInstanceGetAccountingPids(vgpu, &count, query ? NULL : ids));
            break;
        case OP_deviceVgpuUtilization:
            r = counted(p_nvmlDeviceGetVgpuUtilization(device, lastSeen, &valueType, &count, query ? NULL : samples));
            break;
        case OP_deviceVgpuProcessUtilization:
            r = counted(p_nvmlDeviceGetVgpuProcessUtilization(device, lastSeen, &count,
                    query ? NULL : processSamples));
            break;
        case OP_deviceVgpuInstancesUtilizationInfo:
            memset(&instancesUtilization, 0, sizeof instancesUtilization);
            instancesUtilization.version = nvmlVgpuInstancesUtilizationInfo_v1;
            instancesUtilization.vgpuInstanceCount = query ? 0 : count;
            instancesUtilization.lastSeenTimeStamp = lastSeen;
            instancesUtilization.vgpuUtilArray = query ? NULL : instanceSamples;
            r = counted(p_nvmlDeviceGetVgpuInstancesUtilizationInfo(device, &instancesUtilization));
            count = instancesUtilization.vgpuInstanceCount;
            break;
        default:
            return;
        }
        if (r != NVML_ERROR_INSUFFICIENT_SIZE) {
            return;
        }
    }
}

static void call(int op, int64_t a, int64_t b) {
    nvmlDevice_t device = (nvmlDevice_t) (intptr_t) a;
    unsigned int vgpu = (unsigned int) a;
    switch (op) {
    case OP_deviceCount: counted(p_nvmlDeviceGetCount_v2(&u0)); break;
    case OP_deviceHandleByIndex: counted(p_nvmlDeviceGetHandleByIndex_v2((unsigned int) a, &handle)); break;
    case OP_deviceName: counted(p_nvmlDeviceGetName(device, text, NVML_DEVICE_NAME_V2_BUFFER_SIZE)); break;
    case OP_deviceUuid: counted(p_nvmlDeviceGetUUID(device, text, NVML_DEVICE_UUID_V2_BUFFER_SIZE)); break;
    case OP_deviceMemoryInfo:
        memory.version = nvmlMemory_v2;
        counted(p_nvmlDeviceGetMemoryInfo_v2(device, &memory));
        break;
    case OP_deviceUtilizationRates: counted(p_nvmlDeviceGetUtilizationRates(device, &utilization)); break;
    case OP_deviceTemperature: counted(p_nvmlDeviceGetTemperature(device, NVML_TEMPERATURE_GPU, &u0)); break;
    case OP_devicePowerUsage: counted(p_nvmlDeviceGetPowerUsage(device, &u0)); break;
    case OP_deviceEnforcedPowerLimit: counted(p_nvmlDeviceGetEnforcedPowerLimit(device, &u0)); break;
    case OP_deviceClock: counted(p_nvmlDeviceGetClockInfo(device, (nvmlClockType_t) b, &u0)); break;
    case OP_deviceMaxClock: counted(p_nvmlDeviceGetMaxClockInfo(device, (nvmlClockType_t) b, &u0)); break;
    case OP_deviceFanSpeed: counted(p_nvmlDeviceGetFanSpeed(device, &u0)); break;
    case OP_devicePerformanceState: counted(p_nvmlDeviceGetPerformanceState(device, &pstate)); break;
    case OP_deviceEccMode: counted(p_nvmlDeviceGetEccMode(device, &e0, &e1)); break;
    case OP_deviceMigMode: counted(p_nvmlDeviceGetMigMode(device, &u0, &u1)); break;
    case OP_deviceVirtualizationMode: counted(p_nvmlDeviceGetVirtualizationMode(device, &virtualization)); break;
    case OP_deviceHostVgpuMode: counted(p_nvmlDeviceGetHostVgpuMode(device, &hostMode)); break;
    case OP_deviceVgpuSchedulerState: counted(p_nvmlDeviceGetVgpuSchedulerState(device, &schedulerState)); break;
    case OP_deviceVgpuSchedulerLog: counted(p_nvmlDeviceGetVgpuSchedulerLog(device, &schedulerLog)); break;
    case OP_deviceVgpuHeterogeneousMode:
        memset(&heterogeneous, 0, sizeof heterogeneous);
        heterogeneous.version = nvmlVgpuHeterogeneousMode_v1;
        counted(p_nvmlDeviceGetVgpuHeterogeneousMode(device, &heterogeneous));
        break;
    case OP_deviceComputeRunningProcesses:
    case OP_deviceGraphicsRunningProcesses:
    case OP_deviceProcessUtilization:
    case OP_deviceProcessesUtilizationInfo:
    case OP_deviceCreatableVgpus:
    case OP_deviceActiveVgpus:
    case OP_vgpuInstanceAccountingPids:
    case OP_deviceVgpuUtilization:
    case OP_deviceVgpuProcessUtilization:
    case OP_deviceVgpuInstancesUtilizationInfo:
        fill(op, device, vgpu, (unsigned long long) b);
        break;
    case OP_systemProcessName: counted(p_nvmlSystemGetProcessName((unsigned int) a, text, TEXT)); break;
    case OP_vgpuInstanceVmDriverVersion:
        counted(p_nvmlVgpuInstanceGetVmDriverVersion(vgpu, text, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE));
        break;
    case OP_vgpuInstanceFbUsage: counted(p_nvmlVgpuInstanceGetFbUsage(vgpu, &ull)); break;
    case OP_vgpuInstanceLicenseInfo: counted(p_nvmlVgpuInstanceGetLicenseInfo_v2(vgpu, &license)); break;
    case OP_vgpuInstanceLicenseStatus: counted(p_nvmlVgpuInstanceGetLicenseStatus(vgpu, &u0)); break;
    case OP_vgpuInstanceEncoderCapacity: counted(p_nvmlVgpuInstanceGetEncoderCapacity(vgpu, &u0)); break;
    case OP_vgpuInstanceEncoderStats: counted(p_nvmlVgpuInstanceGetEncoderStats(vgpu, &u0, &u1, &u2)); break;
    case OP_vgpuInstanceAccountingStats:
        counted(p_nvmlVgpuInstanceGetAccountingStats(vgpu, (unsigned int) b, &accounting));
        break;
    case OP_vgpuInstanceFbcStats: counted(p_nvmlVgpuInstanceGetFBCStats(vgpu, &fbcStats)); break;
    case OP_deviceVgpuCapabilities:
        /* every capability of nvml.h 13.3, as JnaNvml asks them (DeviceVgpuCapability); one newer than the driver
           (INVALID_ARGUMENT) or not supported is an answer there, not a failure */
        for (unsigned int c = 0; c < 12; c++) {
            nvmlReturn_t r = p_nvmlDeviceGetVgpuCapabilities(device, (nvmlDeviceVgpuCapability_t) c, &u0);
            counted(r == NVML_ERROR_INVALID_ARGUMENT || r == NVML_ERROR_NOT_SUPPORTED ? NVML_SUCCESS : r);
        }
        break;
    case OP_deviceVgpuTypeCreatablePlacements:
        memset(&placements, 0, sizeof placements);
        placements.version = nvmlVgpuPlacementList_v1;
        placements.count = sizeof placementIds / sizeof placementIds[0];
        placements.placementIds = placementIds;
        counted(p_nvmlDeviceGetVgpuTypeCreatablePlacements(device, (unsigned int) b, &placements));
        break;
    default:
        break;
    }
}

/* Replays the poll in script (calls triples) iterations times; returns the NVML calls of one poll. */
EXPORT int harness_run(const int64_t *script, int calls, int iterations) {
    for (int i = 0; i < iterations; i++) {
        callsOfLastPoll = 0;
        failuresOfLastPoll = 0;
        for (int c = 0; c < calls; c++) {
            const int64_t *s = script + 3 * c;
            call((int) s[0], s[1], s[2]);
        }
    }
    return callsOfLastPoll;
}

/* How many NVML calls of the last replayed poll failed (neither SUCCESS nor INSUFFICIENT_SIZE). */
EXPORT int harness_failures(void) {
    return failuresOfLastPoll;
}

/* One cheap NVML call, iterations times: the floor for a single call. */
EXPORT unsigned int harness_temperature(int64_t device, int iterations) {
    unsigned int sum = 0;
    for (int i = 0; i < iterations; i++) {
        p_nvmlDeviceGetTemperature((nvmlDevice_t) (intptr_t) device, NVML_TEMPERATURE_GPU, &u0);
        sum += u0;
    }
    return sum;
}
