/*
 * The NVML functions of the native mock, under their real names and with the signatures of
 * NVIDIA's nvml.h (included, so gcc checks each definition against the declaration). Each one
 * answers from the state in mock.h and honours the documented protocols: UNINITIALIZED before
 * nvmlInit_v2, count-then-fill with INSUFFICIENT_SIZE, NULL arrays for a count of 0, NOT_FOUND
 * for unknown vGPU instances, NOT_SUPPORTED off a vGPU host, ARGUMENT_VERSION_MISMATCH for a
 * wrong version word. Errors injected for a function name are returned before anything else.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mock.h"

mock_state mock;
struct nvmlDevice_st mock_gpu_handles[MOCK_MAX_GPUS];
struct nvmlDevice_st mock_mig_handles[MOCK_MAX_GPUS][MOCK_MAX_MIG_DEVICES];
struct nvmlGpuInstance_st mock_gi_handles[MOCK_MAX_GPUS][MOCK_MAX_GPU_INSTANCES];
struct nvmlComputeInstance_st mock_ci_handles[MOCK_MAX_GPUS][MOCK_MAX_GPU_INSTANCES][MOCK_MAX_COMPUTE];

int mock_copy(char *dst, const char *src, unsigned int cap) {
    size_t n = strlen(src);
    if (cap == 0 || n >= cap) {
        return -1;
    }
    memcpy(dst, src, n + 1);
    return 0;
}

/* An injected error for this function, consumed once per call when counted. */
static nvmlReturn_t injected(const char *fn) {
    for (int i = 0; i < mock.injectionCount; i++) {
        mock_injection *in = &mock.injections[i];
        if (in->grow || in->aimed || in->times == 0 || strcmp(in->function, fn) != 0) {
            continue;
        }
        if (in->times > 0) {
            in->times--;
        }
        return (nvmlReturn_t) in->code;
    }
    return NVML_SUCCESS;
}

/* The count a count query reports: K lower once when a growth of K is pending, as if K entries
   appeared between the caller's count call and its fill call. */
static unsigned int reported_count(const char *fn, unsigned int actual) {
    for (int i = 0; i < mock.injectionCount; i++) {
        mock_injection *in = &mock.injections[i];
        if (in->grow && in->times != 0 && strcmp(in->function, fn) == 0) {
            in->times = 0;
            return actual > in->growBy ? actual - in->growBy : 0;
        }
    }
    return actual;
}

/* A fault aimed at GPU gpu for this function in this poll (smi4jmock_inject_aimed), else NVML_SUCCESS. */
static nvmlReturn_t aimed(const char *fn, unsigned int gpu) {
    long long poll = mock.polls;
    for (int i = 0; i < mock.injectionCount; i++) {
        mock_injection *in = &mock.injections[i];
        if (in->aimed && in->gpu == gpu && (strcmp(in->function, "*") == 0 || strcmp(in->function, fn) == 0)
                && poll >= in->fromPoll && (in->toPoll < 0 || poll <= in->toPoll)
                && (poll - in->fromPoll) % in->every == 0) {
            return (nvmlReturn_t) in->code;
        }
    }
    return NVML_SUCCESS;
}

#define AIMED(gpu) do { nvmlReturn_t aimed_r = aimed(__func__, (gpu)); if (aimed_r != NVML_SUCCESS) return aimed_r; } while (0)

static nvmlReturn_t enter(const char *fn) {
    nvmlReturn_t r = injected(fn);
    if (r != NVML_SUCCESS) {
        return r;
    }
    return mock.initCount > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
}

#define ENTER() do { nvmlReturn_t enter_r = enter(__func__); if (enter_r != NVML_SUCCESS) return enter_r; } while (0)
#define NEED(p) do { if ((p) == NULL) return NVML_ERROR_INVALID_ARGUMENT; } while (0)

/* Whether p points into the static array arr (compared as addresses: p may be any caller's value). */
#define IN_ARRAY(p, arr) ((uintptr_t) (p) >= (uintptr_t) (arr) && (uintptr_t) (p) < (uintptr_t) (arr) + sizeof(arr))

static int valid_gpu_handle(nvmlDevice_t d) {
    return IN_ARRAY(d, mock_gpu_handles) && d->gpu < mock.gpuCount;
}

static int valid_mig_handle(nvmlDevice_t d) {
    if (!IN_ARRAY(d, mock_mig_handles)) {
        return 0;
    }
    return d->gpu < mock.gpuCount && d->mig >= 0 && d->mig < mock.gpus[d->gpu].migDeviceCount;
}

/* The physical GPU behind a handle of a physical GPU only. */
static mock_gpu *phys(nvmlDevice_t d) {
    return valid_gpu_handle(d) ? &mock.gpus[d->gpu] : NULL;
}

#define PHYS(g, d) mock_gpu *g = phys(d); if (g == NULL) return valid_mig_handle(d) ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_INVALID_ARGUMENT; AIMED((d)->gpu)
#define VGPU_HOST(g) do { if (g->virtualizationMode != NVML_GPU_VIRTUALIZATION_MODE_HOST_VGPU || !g->vgpuHost) return NVML_ERROR_NOT_SUPPORTED; } while (0)
#define SCHEDULER_HOST(g) do { VGPU_HOST(g); if (g->migCurrent) return NVML_ERROR_NOT_SUPPORTED; } while (0)

static nvmlReturn_t copy_out(char *dst, const char *src, unsigned int length) {
    NEED(dst);
    return mock_copy(dst, src, length) == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
}

/*
 * The vGPU with this id. A client asks about one vGPU several times in a row, then about the next one, as a driver's
 * own table lookup would answer at once: the place of the last one found (this thread's, checked against the table
 * as it is now, since vGPUs come and go) and the place after it are tried before the whole table is scanned.
 */
static _Thread_local int last_vgpu_gpu = -1, last_vgpu_index = -1;

static mock_vgpu *vgpu_at(int g, int v, nvmlVgpuInstance_t id) {
    if (g >= 0 && g < mock.gpuCount && v >= 0 && v < mock.gpus[g].vgpuCount && mock.gpus[g].vgpus[v].id == id) {
        last_vgpu_gpu = g;
        last_vgpu_index = v;
        return &mock.gpus[g].vgpus[v];
    }
    return NULL;
}

static mock_vgpu *find_vgpu(nvmlVgpuInstance_t id) {
    mock_vgpu *hit = vgpu_at(last_vgpu_gpu, last_vgpu_index, id);
    if (hit == NULL) {
        hit = vgpu_at(last_vgpu_gpu, last_vgpu_index + 1, id);
    }
    for (int g = 0; hit == NULL && g < mock.gpuCount; g++) {
        for (int v = 0; hit == NULL && v < mock.gpus[g].vgpuCount; v++) {
            hit = vgpu_at(g, v, id);
        }
    }
    return hit;
}

static mock_vgpu_type *find_type(nvmlVgpuTypeId_t id) {
    for (int g = 0; g < mock.gpuCount; g++) {
        for (int t = 0; t < mock.gpus[g].typeCount; t++) {
            if (mock.gpus[g].types[t].id == id) {
                return &mock.gpus[g].types[t];
            }
        }
    }
    return NULL;
}

/* A numeric reading the scenario marks -1 (NVML_VALUE_NOT_AVAILABLE): this GPU has no such sensor. */
#define READING(out, value) do { if ((value) == (unsigned int) NVML_VALUE_NOT_AVAILABLE) return NVML_ERROR_NOT_SUPPORTED; *(out) = (value); } while (0)

/* The driver's major version (550 of 550.163.01). */
static int driver_major(void) {
    return atoi(mock.driverVersion);
}

/* The MIG profile indices the driver knows: nvml.h 13.3's from R570 on, 12.4's before (Scenario.gpuInstanceProfilesKnown). */
static unsigned int gpu_instance_profiles_known(void) {
    return driver_major() >= 570 ? SMI4J_GPU_INSTANCE_PROFILE_COUNT : NVML_GPU_INSTANCE_PROFILE_COUNT;
}

static unsigned int compute_instance_profiles_known(void) {
    return driver_major() >= 570 ? SMI4J_COMPUTE_INSTANCE_PROFILE_COUNT : NVML_COMPUTE_INSTANCE_PROFILE_COUNT;
}

/* R550-only functions, answered FUNCTION_NOT_FOUND while the scenario's driver is an R535 one. */
#define R550_ONLY() do { if (strncmp(mock.driverVersion, "535.", 4) == 0) return NVML_ERROR_FUNCTION_NOT_FOUND; } while (0)

/* The v2 scheduler calls (nvml.h 13.2), answered FUNCTION_NOT_FOUND unless the driver is an R580 or newer one. */
#define SCHEDULER_V2_ONLY() do { if (atoi(mock.driverVersion) < 580) return NVML_ERROR_FUNCTION_NOT_FOUND; } while (0)

#define VGPU(v, id) mock_vgpu *v = find_vgpu(id); if (v == NULL) return NVML_ERROR_NOT_FOUND
#define VTYPE(t, id) mock_vgpu_type *t = find_type(id); if (t == NULL) return NVML_ERROR_INVALID_ARGUMENT

/* ---- lifecycle and system ---- */

static nvmlReturn_t init(const char *function) {
    nvmlReturn_t r = mock_script_at_init();
    if (r == NVML_SUCCESS) {
        r = injected(function);
    }
    if (r != NVML_SUCCESS) {
        return r;
    }
    if (!mock.driverLoaded) {
        return NVML_ERROR_DRIVER_NOT_LOADED;
    }
    mock.initCount++;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlInit_v2(void) {
    return init(__func__);
}

/* What NVIDIA's clients call (pynvml's nvmlInit); the flags (no GPUs, no attach) change nothing in a mock. */
EXPORT nvmlReturn_t nvmlInitWithFlags(unsigned int flags) {
    return init(__func__);
}

EXPORT nvmlReturn_t nvmlShutdown(void) {
    ENTER();
    mock.initCount--;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    ENTER();
    return copy_out(version, mock.driverVersion, length);
}

/* Answers before nvmlInit_v2, as the real library does. */
EXPORT nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    nvmlReturn_t r = injected(__func__);
    if (r != NVML_SUCCESS) {
        return r;
    }
    return copy_out(version, mock.nvmlVersion, length);
}

EXPORT nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *cudaDriverVersion) {
    ENTER();
    NEED(cudaDriverVersion);
    *cudaDriverVersion = mock.cudaVersion;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlSystemGetProcessName(unsigned int pid, char *name, unsigned int length) {
    ENTER();
    for (int g = 0; g < mock.gpuCount; g++) {
        for (int p = 0; p < mock.gpus[g].processCount; p++) {
            if (mock.gpus[g].processes[p].pid == pid) {
                return copy_out(name, mock.gpus[g].processes[p].name, length);
            }
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) {
    ENTER();
    NEED(deviceCount);
    mock.polls++;
    mock_script_on_count(); /* a poll starts: a script's timeline may change the host now */
    *deviceCount = (unsigned int) mock.gpuCount;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    ENTER();
    NEED(device);
    if (index >= (unsigned int) mock.gpuCount) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    AIMED(index);
    *device = &mock_gpu_handles[index];
    return NVML_SUCCESS;
}

/* ---- device (name, UUID and memory also answer for MIG device handles) ---- */

EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    ENTER();
    if (valid_mig_handle(device)) {
        return copy_out(name, mock.gpus[device->gpu].migDevices[device->mig].name, length);
    }
    PHYS(g, device);
    return copy_out(name, g->name, length);
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    ENTER();
    if (valid_mig_handle(device)) {
        return copy_out(uuid, mock.gpus[device->gpu].migDevices[device->mig].uuid, length);
    }
    PHYS(g, device);
    return copy_out(uuid, g->uuid, length);
}

EXPORT nvmlReturn_t nvmlDeviceGetPciInfo_v3(nvmlDevice_t device, nvmlPciInfo_t *pci) {
    ENTER();
    PHYS(g, device);
    NEED(pci);
    *pci = g->pci;
    return NVML_SUCCESS;
}

static const nvmlMemory_v2_t *memory_of(nvmlDevice_t device) {
    if (valid_mig_handle(device)) {
        return &mock.gpus[device->gpu].migDevices[device->mig].memory;
    }
    mock_gpu *g = phys(device);
    return g == NULL ? NULL : &g->memory;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    ENTER();
    const nvmlMemory_v2_t *m = memory_of(device);
    if (m == NULL || memory == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    memory->total = m->total;
    memory->free = m->free;
    memory->used = m->used;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    ENTER();
    const nvmlMemory_v2_t *m = memory_of(device);
    if (m == NULL || memory == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (memory->version != nvmlMemory_v2) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    *memory = *m;
    memory->version = nvmlMemory_v2;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    ENTER();
    PHYS(g, device);
    NEED(utilization);
    if (g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *utilization = g->utilization;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp) {
    ENTER();
    PHYS(g, device);
    NEED(temp);
    if (sensorType != NVML_TEMPERATURE_GPU) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    READING(temp, g->temperature);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    ENTER();
    PHYS(g, device);
    NEED(power);
    READING(power, g->power);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(nvmlDevice_t device, unsigned int *limit) {
    ENTER();
    PHYS(g, device);
    NEED(limit);
    READING(limit, g->powerLimit);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    ENTER();
    PHYS(g, device);
    NEED(clock);
    if ((unsigned int) type >= NVML_CLOCK_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    READING(clock, g->clocks[type]);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) {
    ENTER();
    PHYS(g, device);
    NEED(clock);
    if ((unsigned int) type >= NVML_CLOCK_COUNT) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (g->maxClocks[type] == (unsigned int) -2) {
        return NVML_ERROR_UNKNOWN; /* the scenario's "answers UNKNOWN", as real vGPU guests do */
    }
    READING(clock, g->maxClocks[type]);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetFanSpeed(nvmlDevice_t device, unsigned int *speed) {
    ENTER();
    PHYS(g, device);
    NEED(speed);
    READING(speed, g->fanSpeed);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetPerformanceState(nvmlDevice_t device, nvmlPstates_t *pState) {
    ENTER();
    PHYS(g, device);
    NEED(pState);
    if ((int) g->pstate == NVML_VALUE_NOT_AVAILABLE) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *pState = g->pstate;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetEccMode(nvmlDevice_t device, nvmlEnableState_t *current, nvmlEnableState_t *pending) {
    ENTER();
    PHYS(g, device);
    NEED(current);
    NEED(pending);
    *current = g->eccCurrent ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    *pending = g->eccPending ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}

/* Drivers 535.43 to 535.86 fill 32-byte records although nvml.h says 24 (535.98 reverted it);
   the mock does the same when its driver version says so, to prove the binding follows. */
static size_t process_record_size(void) {
    unsigned int major = 0, minor = 0;
    const char *p = mock.driverVersion;
    while (*p >= '0' && *p <= '9') {
        major = major * 10 + (unsigned int) (*p++ - '0');
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            minor = minor * 10 + (unsigned int) (*p++ - '0');
        }
    }
    return major == 535 && minor >= 43 && minor < 98 ? 32 : sizeof(nvmlProcessInfo_t);
}

/* One of the two process lists: the processes with `compute` (else graphics) set. */
static nvmlReturn_t running_processes(const char *fn, mock_gpu *g, int compute, unsigned int *infoCount,
        nvmlProcessInfo_t *infos) {
    unsigned int n = 0;
    for (int i = 0; i < g->processCount; i++) {
        n += (unsigned int) (compute ? g->processes[i].compute : g->processes[i].graphics);
    }
    if (infos == NULL || *infoCount < n) {
        unsigned int reported = infos == NULL ? reported_count(fn, n) : n;
        *infoCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    size_t stride = process_record_size();
    unsigned int k = 0;
    for (int i = 0; i < g->processCount; i++) {
        if (!(compute ? g->processes[i].compute : g->processes[i].graphics)) {
            continue;
        }
        nvmlProcessInfo_t *info = (nvmlProcessInfo_t *) ((char *) infos + k++ * stride);
        info->pid = g->processes[i].pid;
        info->usedGpuMemory = g->processes[i].usedGpuMemory;
        info->gpuInstanceId = g->processes[i].gpuInstanceId;
        info->computeInstanceId = g->processes[i].computeInstanceId;
        if (stride > sizeof *info) {
            memset((char *) info + sizeof *info, 0xA5, stride - sizeof *info);
        }
    }
    *infoCount = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    ENTER();
    PHYS(g, device);
    NEED(infoCount);
    return running_processes(__func__, g, 1, infoCount, infos);
}

EXPORT nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(nvmlDevice_t device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    ENTER();
    PHYS(g, device);
    NEED(infoCount);
    return running_processes(__func__, g, 0, infoCount, infos);
}

/* Processes with a sample, and of those the ones newer than lastSeen. */
static unsigned int process_samples(const mock_gpu *g, unsigned long long lastSeen, unsigned int *newer) {
    unsigned int total = 0;
    *newer = 0;
    for (int i = 0; i < g->processCount; i++) {
        if (g->processes[i].sampled) {
            total++;
            *newer += (unsigned int) (g->processes[i].sample.timeStamp > lastSeen);
        }
    }
    return total;
}

EXPORT nvmlReturn_t nvmlDeviceGetProcessUtilization(nvmlDevice_t device, nvmlProcessUtilizationSample_t *utilization,
        unsigned int *processSamplesCount, unsigned long long lastSeenTimeStamp) {
    ENTER();
    PHYS(g, device);
    NEED(processSamplesCount);
    if (g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    unsigned int newer;
    unsigned int total = process_samples(g, lastSeenTimeStamp, &newer);
    if (utilization == NULL) {
        unsigned int reported = reported_count(__func__, total);
        *processSamplesCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (*processSamplesCount < total) {
        *processSamplesCount = total;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (newer == 0) {
        return NVML_ERROR_NOT_FOUND;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->processCount; i++) {
        const mock_process *p = &g->processes[i];
        if (!p->sampled || p->sample.timeStamp <= lastSeenTimeStamp) {
            continue;
        }
        nvmlProcessUtilizationSample_t *o = &utilization[k++];
        o->pid = p->pid;
        o->timeStamp = p->sample.timeStamp;
        o->smUtil = p->sample.smUtil;
        o->memUtil = p->sample.memUtil;
        o->encUtil = p->sample.encUtil;
        o->decUtil = p->sample.decUtil;
    }
    *processSamplesCount = k;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetProcessesUtilizationInfo(nvmlDevice_t device, nvmlProcessesUtilizationInfo_t *info) {
    ENTER();
    PHYS(g, device);
    NEED(info);
    R550_ONLY();
    if (g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (info->version != nvmlProcessesUtilizationInfo_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    unsigned int newer;
    unsigned int total = process_samples(g, info->lastSeenTimeStamp, &newer);
    if (info->procUtilArray == NULL) {
        unsigned int reported = reported_count(__func__, total);
        info->processSamplesCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (info->processSamplesCount < total) {
        info->processSamplesCount = total;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (newer == 0) {
        return NVML_ERROR_NOT_FOUND;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->processCount; i++) {
        const mock_process *p = &g->processes[i];
        if (p->sampled && p->sample.timeStamp > info->lastSeenTimeStamp) {
            info->procUtilArray[k++] = p->sample;
        }
    }
    info->processSamplesCount = k;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVirtualizationMode(nvmlDevice_t device, nvmlGpuVirtualizationMode_t *pVirtualMode) {
    ENTER();
    PHYS(g, device);
    NEED(pVirtualMode);
    *pVirtualMode = g->virtualizationMode;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGridLicensableFeatures_v4(nvmlDevice_t device, nvmlGridLicensableFeatures_t *features) {
    ENTER();
    PHYS(g, device);
    NEED(features);
    /* Off a vGPU guest NVML answers that licensing does not apply, not an error. */
    if (!g->guestLicenseSet) {
        memset(features, 0, sizeof *features);
        return NVML_SUCCESS;
    }
    *features = g->guestLicense;
    return NVML_SUCCESS;
}

/* ---- MIG ---- */

EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *currentMode, unsigned int *pendingMode) {
    ENTER();
    PHYS(g, device);
    NEED(currentMode);
    NEED(pendingMode);
    *currentMode = g->migCurrent ? NVML_DEVICE_MIG_ENABLE : NVML_DEVICE_MIG_DISABLE;
    *pendingMode = g->migPending ? NVML_DEVICE_MIG_ENABLE : NVML_DEVICE_MIG_DISABLE;
    return NVML_SUCCESS;
}

/* Seven slots (an A100 / H100) while MIG is on, or as many devices as the scenario holds. */
EXPORT nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count) {
    ENTER();
    PHYS(g, device);
    NEED(count);
    if (!g->migCurrent) {
        *count = 0;
        return NVML_SUCCESS;
    }
    *count = g->migDeviceCount > MOCK_MIG_SLOTS ? (unsigned int) g->migDeviceCount : MOCK_MIG_SLOTS;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index, nvmlDevice_t *migDevice) {
    ENTER();
    PHYS(g, device);
    NEED(migDevice);
    if (!g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    if (index >= (unsigned int) g->migDeviceCount) {
        return NVML_ERROR_NOT_FOUND;
    }
    *migDevice = &mock_mig_handles[device->gpu][index];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t device, unsigned int *id) {
    ENTER();
    NEED(id);
    if (!valid_mig_handle(device)) {
        return valid_gpu_handle(device) ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_INVALID_ARGUMENT;
    }
    *id = mock.gpus[device->gpu].migDevices[device->mig].gpuInstanceId;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeInstanceId(nvmlDevice_t device, unsigned int *id) {
    ENTER();
    NEED(id);
    if (!valid_mig_handle(device)) {
        return valid_gpu_handle(device) ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_INVALID_ARGUMENT;
    }
    *id = mock.gpus[device->gpu].migDevices[device->mig].computeInstanceId;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceProfileInfo(nvmlDevice_t device, unsigned int profile, nvmlGpuInstanceProfileInfo_t *info) {
    ENTER();
    PHYS(g, device);
    NEED(info);
    if (profile >= gpu_instance_profiles_known()) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (!g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    for (int i = 0; i < g->gpuInstanceCount; i++) {
        if (g->gpuInstances[i].profileIndex == profile) {
            *info = g->gpuInstances[i].profile;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_SUPPORTED;
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstances(nvmlDevice_t device, unsigned int profileId, nvmlGpuInstance_t *instances, unsigned int *count) {
    ENTER();
    PHYS(g, device);
    NEED(instances);
    NEED(count);
    if (!g->migCurrent) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    unsigned int n = 0;
    for (int i = 0; i < g->gpuInstanceCount; i++) {
        if (g->gpuInstances[i].profile.id == profileId) {
            instances[n++] = &mock_gi_handles[device->gpu][i];
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

static mock_gpu_instance *gpu_instance(nvmlGpuInstance_t gi) {
    if (!IN_ARRAY(gi, mock_gi_handles) || gi->gpu >= mock.gpuCount || gi->gi >= mock.gpus[gi->gpu].gpuInstanceCount) {
        return NULL;
    }
    return &mock.gpus[gi->gpu].gpuInstances[gi->gi];
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetInfo(nvmlGpuInstance_t gpuInstance, nvmlGpuInstanceInfo_t *info) {
    ENTER();
    mock_gpu_instance *gi = gpu_instance(gpuInstance);
    if (gi == NULL || info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    info->device = &mock_gpu_handles[gpuInstance->gpu];
    info->id = gi->id;
    info->profileId = gi->profile.id;
    info->placement.start = gi->placementStart;
    info->placement.size = gi->placementSize;
    return NVML_SUCCESS;
}

/* ---- MIG-backed vGPU (nvml.h 12.9, R575; declared in nvml_newer.h) ---- */

/* R575 and newer: FUNCTION_NOT_FOUND on an older driver version, as the Java mock answers. */
#define R575_ONLY() do { if (atoi(mock.driverVersion) < 575) return NVML_ERROR_FUNCTION_NOT_FOUND; } while (0)

/* The GPU instance's vGPU side: INVALID_ARGUMENT for a bad handle, FUNCTION_NOT_FOUND before R575,
   NOT_SUPPORTED unless its GPU is a vGPU host and the instance holds vGPUs. */
#define GI_VGPU(gi, h) \
    mock_gpu_instance *gi = gpu_instance(h); \
    if (gi == NULL) return NVML_ERROR_INVALID_ARGUMENT; \
    R575_ONLY(); \
    do { mock_gpu *gi##_gpu = &mock.gpus[(h)->gpu]; \
        if (!gi->vgpuHost || !gi##_gpu->vgpuHost \
                || gi##_gpu->virtualizationMode != NVML_GPU_VIRTUALIZATION_MODE_HOST_VGPU) \
            return NVML_ERROR_NOT_SUPPORTED; } while (0)

EXPORT nvmlReturn_t nvmlGpuInstanceGetActiveVgpus(nvmlGpuInstance_t gpuInstance,
        nvmlActiveVgpuInstanceInfo_v1_t *pVgpuInstanceInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pVgpuInstanceInfo);
    if (pVgpuInstanceInfo->version != nvmlActiveVgpuInstanceInfo_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    const mock_gpu *g = &mock.gpus[gpuInstance->gpu];
    unsigned int n = 0;
    for (int v = 0; v < g->vgpuCount; v++) {
        n += g->vgpus[v].gpuInstanceId == gi->id;
    }
    if (pVgpuInstanceInfo->vgpuCount < n || (n > 0 && pVgpuInstanceInfo->vgpuInstances == NULL)) {
        pVgpuInstanceInfo->vgpuCount = n;
        return n == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int v = 0; v < g->vgpuCount; v++) {
        if (g->vgpus[v].gpuInstanceId == gi->id) {
            pVgpuInstanceInfo->vgpuInstances[k++] = g->vgpus[v].id;
        }
    }
    pVgpuInstanceInfo->vgpuCount = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetCreatableVgpus(nvmlGpuInstance_t gpuInstance, nvmlVgpuTypeIdInfo_v1_t *pVgpus) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pVgpus);
    if (pVgpus->version != nvmlVgpuTypeIdInfo_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    unsigned int n = 0;
    for (int t = 0; t < gi->vgpuTypeCount; t++) {
        n += gi->vgpuTypes[t].creatable != 0;
    }
    if (pVgpus->vgpuCount < n || (n > 0 && pVgpus->vgpuTypeIds == NULL)) {
        pVgpus->vgpuCount = n;
        return n == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int t = 0; t < gi->vgpuTypeCount; t++) {
        if (gi->vgpuTypes[t].creatable) {
            pVgpus->vgpuTypeIds[k++] = gi->vgpuTypes[t].id;
        }
    }
    pVgpus->vgpuCount = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuTypeCreatablePlacements(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuCreatablePlacementInfo_v1_t *pCreatablePlacementInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    nvmlVgpuCreatablePlacementInfo_v1_t *p = pCreatablePlacementInfo;
    NEED(p);
    if (p->version != nvmlVgpuCreatablePlacementInfo_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    for (int t = 0; t < gi->vgpuTypeCount; t++) {
        const mock_gi_vgpu_type *type = &gi->vgpuTypes[t];
        if (type->id != p->vgpuTypeId) {
            continue;
        }
        unsigned int n = (unsigned int) type->placementCount;
        p->placementSize = type->placementSize;
        if (p->count < n || (n > 0 && p->placementIds == NULL)) {
            p->count = n;
            return NVML_ERROR_INSUFFICIENT_SIZE;
        }
        for (unsigned int i = 0; i < n; i++) {
            p->placementIds[i] = type->placements[i];
        }
        p->count = n;
        return NVML_SUCCESS;
    }
    return NVML_ERROR_INVALID_ARGUMENT;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerState(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuSchedulerStateInfo_v1_t *pSchedulerStateInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pSchedulerStateInfo);
    if (pSchedulerStateInfo->version != nvmlVgpuSchedulerStateInfo_v1
            || pSchedulerStateInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *pSchedulerStateInfo = gi->vgpuState;
    pSchedulerStateInfo->version = nvmlVgpuSchedulerStateInfo_v1;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerState_v2(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuSchedulerStateInfo_v2_t *pSchedulerStateInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pSchedulerStateInfo);
    SCHEDULER_V2_ONLY();
    if (pSchedulerStateInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    pSchedulerStateInfo->schedulerPolicy = gi->vgpuState.schedulerPolicy;
    pSchedulerStateInfo->avgFactor = gi->vgpuStateV2AvgFactor;
    pSchedulerStateInfo->timeslice = gi->vgpuStateV2Timeslice;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerLog(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuSchedulerLogInfo_v1_t *pSchedulerLogInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pSchedulerLogInfo);
    if (pSchedulerLogInfo->version != nvmlVgpuSchedulerLogInfo_v1
            || pSchedulerLogInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *pSchedulerLogInfo = gi->vgpuLog;
    pSchedulerLogInfo->version = nvmlVgpuSchedulerLogInfo_v1;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuSchedulerLog_v2(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuSchedulerLogInfo_v2_t *pSchedulerLogInfo) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pSchedulerLogInfo);
    SCHEDULER_V2_ONLY();
    if (pSchedulerLogInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlVgpuSchedulerLogInfo_v2_t *out = pSchedulerLogInfo;
    out->engineId = gi->vgpuLog.engineId;
    out->schedulerPolicy = gi->vgpuLog.schedulerPolicy;
    out->avgFactor = gi->vgpuLogV2AvgFactor;
    out->timeslice = gi->vgpuLogV2Timeslice;
    out->entriesCount = gi->vgpuLog.entriesCount;
    for (unsigned int i = 0; i < gi->vgpuLog.entriesCount; i++) {
        const nvmlVgpuSchedulerLogEntry_t *e = &gi->vgpuLog.logEntries[i];
        nvmlVgpuSchedulerLogEntry_v2_t *o = &out->logEntries[i];
        o->timestamp = e->timestamp;
        o->timeRunTotal = e->timeRunTotal;
        o->timeRun = e->timeRun;
        o->swRunlistId = e->swRunlistId;
        o->targetTimeSlice = e->targetTimeSlice;
        o->cumulativePreemptionTime = e->cumulativePreemptionTime;
        o->weight = gi->vgpuLogWeights[i];
    }
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetVgpuHeterogeneousMode(nvmlGpuInstance_t gpuInstance,
        nvmlVgpuHeterogeneousMode_t *pHeterogeneousMode) {
    ENTER();
    GI_VGPU(gi, gpuInstance);
    NEED(pHeterogeneousMode);
    if (pHeterogeneousMode->version != nvmlVgpuHeterogeneousMode_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    pHeterogeneousMode->mode = (unsigned int) gi->vgpuHeterogeneous;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetMaxInstancesPerGpuInstance(nvmlVgpuTypeMaxInstance_v1_t *pMaxInstance) {
    ENTER();
    R575_ONLY();
    NEED(pMaxInstance);
    if (pMaxInstance->version != nvmlVgpuTypeMaxInstance_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    for (int g = 0; g < mock.gpuCount; g++) {
        for (int i = 0; i < mock.gpus[g].gpuInstanceCount; i++) {
            const mock_gpu_instance *gi = &mock.gpus[g].gpuInstances[i];
            for (int t = 0; t < gi->vgpuTypeCount; t++) {
                if (gi->vgpuTypes[t].id == pMaxInstance->vgpuTypeId) {
                    pMaxInstance->maxInstancePerGI = gi->vgpuTypes[t].maxPerGpuInstance;
                    return NVML_SUCCESS;
                }
            }
        }
    }
    return NVML_ERROR_INVALID_ARGUMENT;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetComputeInstanceProfileInfo(nvmlGpuInstance_t gpuInstance, unsigned int profile,
        unsigned int engProfile, nvmlComputeInstanceProfileInfo_t *info) {
    ENTER();
    mock_gpu_instance *gi = gpu_instance(gpuInstance);
    if (gi == NULL || info == NULL || profile >= compute_instance_profiles_known()
            || engProfile != NVML_COMPUTE_INSTANCE_ENGINE_PROFILE_SHARED) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    for (int i = 0; i < gi->computeProfileCount; i++) {
        if (gi->computeProfiles[i].profileIndex == profile) {
            *info = gi->computeProfiles[i].info;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_SUPPORTED;
}

EXPORT nvmlReturn_t nvmlGpuInstanceGetComputeInstances(nvmlGpuInstance_t gpuInstance, unsigned int profileId,
        nvmlComputeInstance_t *computeInstances, unsigned int *count) {
    ENTER();
    mock_gpu_instance *gi = gpu_instance(gpuInstance);
    if (gi == NULL || computeInstances == NULL || count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    unsigned int n = 0;
    for (int i = 0; i < gi->computeCount; i++) {
        if (gi->compute[i].profileId == profileId) {
            computeInstances[n++] = &mock_ci_handles[gpuInstance->gpu][gpuInstance->gi][i];
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlComputeInstanceGetInfo_v2(nvmlComputeInstance_t computeInstance, nvmlComputeInstanceInfo_t *info) {
    ENTER();
    if (!IN_ARRAY(computeInstance, mock_ci_handles) || info == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    mock_gpu_instance *gi = gpu_instance(&mock_gi_handles[computeInstance->gpu][computeInstance->gi]);
    if (gi == NULL || computeInstance->ci >= gi->computeCount) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    info->device = &mock_gpu_handles[computeInstance->gpu];
    info->gpuInstance = &mock_gi_handles[computeInstance->gpu][computeInstance->gi];
    info->id = gi->compute[computeInstance->ci].id;
    info->profileId = gi->compute[computeInstance->ci].profileId;
    info->placement.start = 0;
    info->placement.size = 0;
    return NVML_SUCCESS;
}

/* ---- vGPU host ---- */

EXPORT nvmlReturn_t nvmlDeviceGetHostVgpuMode(nvmlDevice_t device, nvmlHostVgpuMode_t *pHostVgpuMode) {
    ENTER();
    PHYS(g, device);
    NEED(pHostVgpuMode);
    VGPU_HOST(g);
    *pHostVgpuMode = g->hostMode;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuSchedulerCapabilities(nvmlDevice_t device, nvmlVgpuSchedulerCapabilities_t *pCapabilities) {
    ENTER();
    PHYS(g, device);
    NEED(pCapabilities);
    SCHEDULER_HOST(g);
    *pCapabilities = g->capabilities;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuSchedulerState(nvmlDevice_t device, nvmlVgpuSchedulerGetState_t *pSchedulerState) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerState);
    SCHEDULER_HOST(g);
    *pSchedulerState = g->state;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuSchedulerLog(nvmlDevice_t device, nvmlVgpuSchedulerLog_t *pSchedulerLog) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerLog);
    SCHEDULER_HOST(g);
    *pSchedulerLog = g->log;
    return NVML_SUCCESS;
}

/*
 * Records what it received (smi4jmock_last_set_scheduler), refuses while any vGPU runs, and
 * checks the policy and the timeslice / ARR ranges against the capabilities. On success the
 * state follows: policy, ARR mode, and the timeslice (without ARR) or the average factor (with ARR).
 */
EXPORT nvmlReturn_t nvmlDeviceSetVgpuSchedulerState(nvmlDevice_t device, nvmlVgpuSchedulerSetState_t *pSchedulerState) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerState);
    SCHEDULER_HOST(g);
    mock.lastSet.recorded = 1;
    mock.lastSet.gpu = (unsigned int) device->gpu;
    mock.lastSet.state = *pSchedulerState;
    if (g->vgpuCount > 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const nvmlVgpuSchedulerSetState_t *s = pSchedulerState;
    const nvmlVgpuSchedulerCapabilities_t *c = &g->capabilities;
    int supported = 0;
    for (int i = 0; i < 3; i++) {
        supported |= s->schedulerPolicy != 0 && c->supportedSchedulers[i] == s->schedulerPolicy;
    }
    if (!supported) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (s->enableARRMode == NVML_VGPU_SCHEDULER_ARR_ENABLE) {
        unsigned int avg = s->schedulerParams.vgpuSchedDataWithARR.avgFactor;
        unsigned int freq = s->schedulerParams.vgpuSchedDataWithARR.frequency;
        if (!c->isArrModeSupported || avg < c->minAvgFactorForARR || avg > c->maxAvgFactorForARR
                || freq < c->minFrequencyForARR || freq > c->maxFrequencyForARR) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        g->state.arrMode = NVML_VGPU_SCHEDULER_ARR_ENABLE;
        g->state.schedulerParams.vgpuSchedDataWithARR.avgFactor = avg;
    } else {
        unsigned int ts = s->schedulerParams.vgpuSchedData.timeslice;
        if (ts < c->minTimeslice || ts > c->maxTimeslice) {
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        g->state.arrMode = NVML_VGPU_SCHEDULER_ARR_DISABLE;
        g->state.schedulerParams.vgpuSchedDataWithARR.avgFactor = 0;
        g->state.schedulerParams.vgpuSchedData.timeslice = ts;
    }
    g->state.schedulerPolicy = s->schedulerPolicy;
    return NVML_SUCCESS;
}

/* ---- the v2 scheduler (nvml.h 13.2; declared in nvml_newer.h): no ARR mode, weights in the log ---- */

EXPORT nvmlReturn_t nvmlDeviceGetVgpuSchedulerState_v2(nvmlDevice_t device, nvmlVgpuSchedulerStateInfo_v2_t *pSchedulerStateInfo) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerStateInfo);
    SCHEDULER_HOST(g);
    SCHEDULER_V2_ONLY();
    if (pSchedulerStateInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    pSchedulerStateInfo->schedulerPolicy = g->state.schedulerPolicy;
    pSchedulerStateInfo->avgFactor = g->stateV2AvgFactor;
    pSchedulerStateInfo->timeslice = g->stateV2Timeslice;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuSchedulerLog_v2(nvmlDevice_t device, nvmlVgpuSchedulerLogInfo_v2_t *pSchedulerLogInfo) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerLogInfo);
    SCHEDULER_HOST(g);
    SCHEDULER_V2_ONLY();
    if (pSchedulerLogInfo->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    nvmlVgpuSchedulerLogInfo_v2_t *out = pSchedulerLogInfo;
    out->engineId = g->log.engineId; /* the scenario's, as the Java mock answers */
    out->schedulerPolicy = g->log.schedulerPolicy;
    out->avgFactor = g->logV2AvgFactor;
    out->timeslice = g->logV2Timeslice;
    out->entriesCount = g->log.entriesCount;
    for (unsigned int i = 0; i < g->log.entriesCount; i++) {
        const nvmlVgpuSchedulerLogEntry_t *e = &g->log.logEntries[i];
        nvmlVgpuSchedulerLogEntry_v2_t *o = &out->logEntries[i];
        o->timestamp = e->timestamp;
        o->timeRunTotal = e->timeRunTotal;
        o->timeRun = e->timeRun;
        o->swRunlistId = e->swRunlistId;
        o->targetTimeSlice = e->targetTimeSlice;
        o->cumulativePreemptionTime = e->cumulativePreemptionTime;
        o->weight = g->logWeights[i];
    }
    return NVML_SUCCESS;
}

/*
 * As the Java mock: refuses while any vGPU runs, checks the policy and any average factor or frequency other
 * than 0 against the capabilities' ARR ranges; 0 keeps the value the GPU has. The time slice follows the frequency.
 */
EXPORT nvmlReturn_t nvmlDeviceSetVgpuSchedulerState_v2(nvmlDevice_t device, nvmlVgpuSchedulerState_v2_t *pSchedulerState) {
    ENTER();
    PHYS(g, device);
    NEED(pSchedulerState);
    SCHEDULER_HOST(g);
    SCHEDULER_V2_ONLY();
    const nvmlVgpuSchedulerState_v2_t *s = pSchedulerState;
    if (s->engineId != NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (g->vgpuCount > 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const nvmlVgpuSchedulerCapabilities_t *c = &g->capabilities;
    int supported = 0;
    for (int i = 0; i < 3; i++) {
        supported |= s->schedulerPolicy != 0 && c->supportedSchedulers[i] == s->schedulerPolicy;
    }
    if (!supported || (s->avgFactor != 0 && (s->avgFactor < c->minAvgFactorForARR || s->avgFactor > c->maxAvgFactorForARR))
            || (s->frequency != 0 && (s->frequency < c->minFrequencyForARR || s->frequency > c->maxFrequencyForARR))) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    g->state.schedulerPolicy = s->schedulerPolicy;
    if (s->avgFactor != 0) {
        g->stateV2AvgFactor = s->avgFactor;
    }
    if (s->frequency != 0) {
        g->stateV2Timeslice = 1000000000u / s->frequency;
    }
    return NVML_SUCCESS;
}

/* Count-then-fill over the vGPU type ids of a host GPU; creatable_only picks the creatable ones. */
static nvmlReturn_t type_ids(const char *fn, nvmlDevice_t device, unsigned int *count, nvmlVgpuTypeId_t *ids, int creatable_only) {
    PHYS(g, device);
    NEED(count);
    VGPU_HOST(g);
    unsigned int n = 0;
    for (int t = 0; t < g->typeCount; t++) {
        n += !creatable_only || g->types[t].creatable;
    }
    if (ids == NULL || *count < n) {
        unsigned int reported = ids == NULL ? reported_count(fn, n) : n;
        *count = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int t = 0; t < g->typeCount; t++) {
        if (!creatable_only || g->types[t].creatable) {
            ids[k++] = g->types[t].id;
        }
    }
    *count = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetSupportedVgpus(nvmlDevice_t device, unsigned int *vgpuCount, nvmlVgpuTypeId_t *vgpuTypeIds) {
    ENTER();
    return type_ids(__func__, device, vgpuCount, vgpuTypeIds, 0);
}

EXPORT nvmlReturn_t nvmlDeviceGetCreatableVgpus(nvmlDevice_t device, unsigned int *vgpuCount, nvmlVgpuTypeId_t *vgpuTypeIds) {
    ENTER();
    return type_ids(__func__, device, vgpuCount, vgpuTypeIds, 1);
}

EXPORT nvmlReturn_t nvmlDeviceGetActiveVgpus(nvmlDevice_t device, unsigned int *vgpuCount, nvmlVgpuInstance_t *vgpuInstances) {
    ENTER();
    PHYS(g, device);
    NEED(vgpuCount);
    VGPU_HOST(g);
    unsigned int n = (unsigned int) g->vgpuCount;
    if (vgpuInstances == NULL || *vgpuCount < n) {
        unsigned int reported = vgpuInstances == NULL ? reported_count(__func__, n) : n;
        *vgpuCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n; i++) {
        vgpuInstances[i] = g->vgpus[i].id;
    }
    *vgpuCount = n;
    return NVML_SUCCESS;
}

/* R550+. The real R535 library does not export it at all; the mock always exports it and
   answers FUNCTION_NOT_FOUND while its driver version is an R535 one, which is how the binding
   reports a symbol it could not resolve. Mode -1 in the scenario: this GPU does not support it. */
EXPORT nvmlReturn_t nvmlDeviceGetVgpuHeterogeneousMode(nvmlDevice_t device, nvmlVgpuHeterogeneousMode_t *pHeterogeneousMode) {
    ENTER();
    PHYS(g, device);
    NEED(pHeterogeneousMode);
    VGPU_HOST(g);
    R550_ONLY();
    if (pHeterogeneousMode->version != nvmlVgpuHeterogeneousMode_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    if (g->heterogeneousMode < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    pHeterogeneousMode->mode = (unsigned int) g->heterogeneousMode;
    return NVML_SUCCESS;
}

/*
 * Copies n placement ids into the caller's list. nvml.h (v1) documents count as an output only and tells the
 * caller to size placementIds by nvmlVgpuTypeGetMaxInstances (n never exceeds it), as pynvml does, leaving count
 * 0: then the ids are written. A caller that sets count to its array's capacity (smi4j) gets INSUFFICIENT_SIZE
 * (with the count) when it is too small, as NVML's count-then-fill calls answer.
 */
static nvmlReturn_t fill_placements(nvmlVgpuPlacementList_t *list, unsigned int size, const unsigned int *ids,
        unsigned int step, unsigned int n) {
    if (list->version != nvmlVgpuPlacementList_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    list->placementSize = size;
    if (list->placementIds == NULL || (list->count != 0 && list->count < n)) {
        list->count = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    for (unsigned int i = 0; i < n; i++) {
        list->placementIds[i] = ids != NULL ? ids[i] : i * step;
    }
    list->count = n;
    return NVML_SUCCESS;
}

static mock_vgpu_type *type_on(mock_gpu *g, nvmlVgpuTypeId_t id) {
    for (int t = 0; t < g->typeCount; t++) {
        if (g->types[t].id == id) {
            return &g->types[t];
        }
    }
    return NULL;
}

/* R550+, like nvmlDeviceGetVgpuHeterogeneousMode. Answered in and out of heterogeneous mode. */
EXPORT nvmlReturn_t nvmlDeviceGetVgpuTypeSupportedPlacements(nvmlDevice_t device, nvmlVgpuTypeId_t vgpuTypeId,
        nvmlVgpuPlacementList_t *pPlacementList) {
    ENTER();
    PHYS(g, device);
    NEED(pPlacementList);
    VGPU_HOST(g);
    R550_ONLY();
    mock_vgpu_type *t = type_on(g, vgpuTypeId);
    if (t == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    return fill_placements(pPlacementList, t->placementSize, NULL, t->placementSize, t->maxInstances);
}

/* R550+; NOT_SUPPORTED unless the GPU is in heterogeneous mode. */
EXPORT nvmlReturn_t nvmlDeviceGetVgpuTypeCreatablePlacements(nvmlDevice_t device, nvmlVgpuTypeId_t vgpuTypeId,
        nvmlVgpuPlacementList_t *pPlacementList) {
    ENTER();
    PHYS(g, device);
    NEED(pPlacementList);
    VGPU_HOST(g);
    R550_ONLY();
    if (g->heterogeneousMode != 1) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    mock_vgpu_type *t = type_on(g, vgpuTypeId);
    if (t == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    return fill_placements(pPlacementList, t->placementSize, t->creatablePlacements, 0,
            (unsigned int) t->creatablePlacementCount);
}

/* ---- vGPU type ---- */

static nvmlReturn_t copy_sized(char *dst, const char *src, unsigned int *size) {
    NEED(size);
    unsigned int needed = (unsigned int) strlen(src) + 1;
    if (dst == NULL || *size < needed) {
        *size = needed;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    memcpy(dst, src, needed);
    *size = needed;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetName(nvmlVgpuTypeId_t vgpuTypeId, char *vgpuTypeName, unsigned int *size) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    return copy_sized(vgpuTypeName, t->name, size);
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetClass(nvmlVgpuTypeId_t vgpuTypeId, char *vgpuTypeClass, unsigned int *size) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    return copy_sized(vgpuTypeClass, t->typeClass, size);
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetFramebufferSize(nvmlVgpuTypeId_t vgpuTypeId, unsigned long long *fbSize) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(fbSize);
    *fbSize = t->framebuffer;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetMaxInstances(nvmlDevice_t device, nvmlVgpuTypeId_t vgpuTypeId, unsigned int *vgpuInstanceCount) {
    ENTER();
    PHYS(g, device);
    NEED(vgpuInstanceCount);
    VGPU_HOST(g);
    for (int t = 0; t < g->typeCount; t++) {
        if (g->types[t].id == vgpuTypeId) {
            *vgpuInstanceCount = g->types[t].maxInstances;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_INVALID_ARGUMENT;
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetGpuInstanceProfileId(nvmlVgpuTypeId_t vgpuTypeId, unsigned int *gpuInstanceProfileId) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(gpuInstanceProfileId);
    *gpuInstanceProfileId = t->gpuInstanceProfileId;
    return NVML_SUCCESS;
}

/* ---- vGPU instance ---- */

EXPORT nvmlReturn_t nvmlVgpuInstanceGetUUID(nvmlVgpuInstance_t vgpuInstance, char *uuid, unsigned int size) {
    ENTER();
    VGPU(v, vgpuInstance);
    return copy_out(uuid, v->uuid, size);
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetVmID(nvmlVgpuInstance_t vgpuInstance, char *vmId, unsigned int size, nvmlVgpuVmIdType_t *vmIdType) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(vmIdType);
    nvmlReturn_t r = copy_out(vmId, v->vmId, size);
    if (r == NVML_SUCCESS) {
        *vmIdType = v->vmIdType;
    }
    return r;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetVmDriverVersion(nvmlVgpuInstance_t vgpuInstance, char *version, unsigned int length) {
    ENTER();
    VGPU(v, vgpuInstance);
    return copy_out(version, v->vmDriverVersion, length);
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetFbUsage(nvmlVgpuInstance_t vgpuInstance, unsigned long long *fbUsage) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(fbUsage);
    *fbUsage = v->fbUsage;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetLicenseInfo_v2(nvmlVgpuInstance_t vgpuInstance, nvmlVgpuLicenseInfo_t *licenseInfo) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(licenseInfo);
    *licenseInfo = v->license;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetLicenseStatus(nvmlVgpuInstance_t vgpuInstance, unsigned int *licensed) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(licensed);
    *licensed = v->license.isLicensed ? 1 : 0;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetType(nvmlVgpuInstance_t vgpuInstance, nvmlVgpuTypeId_t *vgpuTypeId) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(vgpuTypeId);
    *vgpuTypeId = v->typeId;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetFrameRateLimit(nvmlVgpuInstance_t vgpuInstance, unsigned int *frameRateLimit) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(frameRateLimit);
    *frameRateLimit = v->frameRateLimit;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetEccMode(nvmlVgpuInstance_t vgpuInstance, nvmlEnableState_t *eccMode) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(eccMode);
    *eccMode = v->ecc ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetEncoderCapacity(nvmlVgpuInstance_t vgpuInstance, unsigned int *encoderCapacity) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(encoderCapacity);
    *encoderCapacity = v->encoderCapacity;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetEncoderStats(nvmlVgpuInstance_t vgpuInstance, unsigned int *sessionCount,
        unsigned int *averageFps, unsigned int *averageLatency) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(sessionCount);
    NEED(averageFps);
    NEED(averageLatency);
    *sessionCount = v->encoderSessions;
    *averageFps = v->encoderFps;
    *averageLatency = v->encoderLatency;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetFBCStats(nvmlVgpuInstance_t vgpuInstance, nvmlFBCStats_t *fbcStats) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(fbcStats);
    *fbcStats = v->fbc;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuTypeGetMaxInstancesPerVm(nvmlVgpuTypeId_t vgpuTypeId, unsigned int *vgpuInstanceCountPerVm) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(vgpuInstanceCountPerVm);
    *vgpuInstanceCountPerVm = t->maxInstancesPerVm;
    return NVML_SUCCESS;
}

/* R550+. Outside heterogeneous mode NVML answers NVML_INVALID_VGPU_PLACEMENT_ID. */
EXPORT nvmlReturn_t nvmlVgpuInstanceGetPlacementId(nvmlVgpuInstance_t vgpuInstance, nvmlVgpuPlacementId_t *pPlacement) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(pPlacement);
    R550_ONLY();
    if (pPlacement->version != nvmlVgpuPlacementId_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    int heterogeneous = 0;
    for (int gi = 0; gi < mock.gpuCount; gi++) {
        mock_gpu *g = &mock.gpus[gi];
        if (v >= g->vgpus && v < g->vgpus + g->vgpuCount) {
            heterogeneous = g->heterogeneousMode == 1;
        }
    }
    pPlacement->placementId = heterogeneous ? v->placementId : NVML_INVALID_VGPU_PLACEMENT_ID;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetGpuInstanceId(nvmlVgpuInstance_t vgpuInstance, unsigned int *gpuInstanceId) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(gpuInstanceId);
    *gpuInstanceId = v->gpuInstanceId;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetAccountingMode(nvmlVgpuInstance_t vgpuInstance, nvmlEnableState_t *mode) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(mode);
    *mode = v->accountingMode ? NVML_FEATURE_ENABLED : NVML_FEATURE_DISABLED;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetAccountingPids(nvmlVgpuInstance_t vgpuInstance, unsigned int *count, unsigned int *pids) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(count);
    if (!v->accountingMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    unsigned int n = (unsigned int) v->accountingCount;
    if (pids == NULL || *count < n) {
        unsigned int reported = pids == NULL ? reported_count(__func__, n) : n;
        *count = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    const mock_accounting *records = mock_vgpu_accounting(v);
    for (unsigned int i = 0; i < n; i++) {
        pids[i] = records[i].pid;
    }
    *count = n;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlVgpuInstanceGetAccountingStats(nvmlVgpuInstance_t vgpuInstance, unsigned int pid, nvmlAccountingStats_t *stats) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(stats);
    if (!v->accountingMode) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    const mock_accounting *records = mock_vgpu_accounting(v);
    for (int i = 0; i < v->accountingCount; i++) {
        if (records[i].pid == pid) {
            *stats = records[i].stats;
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

/* ---- vGPU utilization samples ---- */

static nvmlValue_t encode(double value) {
    nvmlValue_t v;
    memset(&v, 0, sizeof v);
    switch (mock.sampleValueType) {
    case NVML_VALUE_TYPE_DOUBLE: v.dVal = value; break;
    case NVML_VALUE_TYPE_UNSIGNED_LONG: v.ulVal = (unsigned long) value; break;
    case NVML_VALUE_TYPE_UNSIGNED_LONG_LONG: v.ullVal = (unsigned long long) value; break;
    case NVML_VALUE_TYPE_SIGNED_LONG_LONG: v.sllVal = (signed long long) value; break;
    case NVML_VALUE_TYPE_SIGNED_INT: v.siVal = (int) value; break;
    default: v.uiVal = (unsigned int) value; break;
    }
    return v;
}

static unsigned int newer_samples(const mock_gpu *g, unsigned long long lastSeen) {
    unsigned int n = 0;
    for (int i = 0; i < g->sampleCount; i++) {
        n += g->samples[i].timeStamp > lastSeen;
    }
    return n;
}

/* The count query reports the buffered samples (standing in for NVML's vGPU instance count,
   which is never smaller than what the fill returns); the fill returns only samples newer than
   lastSeenTimeStamp, and NOT_FOUND when there are none. */
EXPORT nvmlReturn_t nvmlDeviceGetVgpuUtilization(nvmlDevice_t device, unsigned long long lastSeenTimeStamp,
        nvmlValueType_t *sampleValType, unsigned int *vgpuInstanceSamplesCount,
        nvmlVgpuInstanceUtilizationSample_t *utilizationSamples) {
    ENTER();
    PHYS(g, device);
    NEED(sampleValType);
    NEED(vgpuInstanceSamplesCount);
    VGPU_HOST(g);
    unsigned int total = (unsigned int) g->sampleCount;
    if (utilizationSamples == NULL) {
        unsigned int reported = reported_count(__func__, total);
        *vgpuInstanceSamplesCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (*vgpuInstanceSamplesCount == 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (*vgpuInstanceSamplesCount < total) {
        *vgpuInstanceSamplesCount = total;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (newer_samples(g, lastSeenTimeStamp) == 0) {
        return NVML_ERROR_NOT_FOUND;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->sampleCount; i++) {
        const mock_util_sample *s = &g->samples[i];
        if (s->timeStamp <= lastSeenTimeStamp) {
            continue;
        }
        nvmlVgpuInstanceUtilizationSample_t *o = &utilizationSamples[k++];
        o->vgpuInstance = s->vgpuInstance;
        o->timeStamp = s->timeStamp;
        o->smUtil = encode(s->sm);
        o->memUtil = encode(s->mem);
        o->encUtil = encode(s->enc);
        o->decUtil = encode(s->dec);
    }
    *sampleValType = mock.sampleValueType;
    *vgpuInstanceSamplesCount = k;
    return NVML_SUCCESS;
}

/* R550+ (FUNCTION_NOT_FOUND under an R535 driver version); same protocol as
   nvmlDeviceGetVgpuUtilization, through a versioned struct. */
EXPORT nvmlReturn_t nvmlDeviceGetVgpuInstancesUtilizationInfo(nvmlDevice_t device, nvmlVgpuInstancesUtilizationInfo_t *info) {
    ENTER();
    PHYS(g, device);
    NEED(info);
    VGPU_HOST(g);
    R550_ONLY();
    if (info->version != nvmlVgpuInstancesUtilizationInfo_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    unsigned int total = (unsigned int) g->sampleCount;
    if (info->vgpuUtilArray == NULL) {
        unsigned int reported = reported_count(__func__, total);
        info->vgpuInstanceCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (info->vgpuInstanceCount == 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (info->vgpuInstanceCount < total) {
        info->vgpuInstanceCount = total;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (newer_samples(g, info->lastSeenTimeStamp) == 0) {
        return NVML_ERROR_NOT_FOUND;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->sampleCount; i++) {
        const mock_util_sample *s = &g->samples[i];
        if (s->timeStamp <= info->lastSeenTimeStamp) {
            continue;
        }
        nvmlVgpuInstanceUtilizationInfo_v1_t *o = &info->vgpuUtilArray[k++];
        o->timeStamp = s->timeStamp;
        o->vgpuInstance = s->vgpuInstance;
        o->smUtil = encode(s->sm);
        o->memUtil = encode(s->mem);
        o->encUtil = encode(s->enc);
        o->decUtil = encode(s->dec);
        o->jpgUtil = encode(s->jpg);
        o->ofaUtil = encode(s->ofa);
    }
    info->sampleValType = mock.sampleValueType;
    info->vgpuInstanceCount = k;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuProcessUtilization(nvmlDevice_t device, unsigned long long lastSeenTimeStamp,
        unsigned int *vgpuProcessSamplesCount, nvmlVgpuProcessUtilizationSample_t *utilizationSamples) {
    ENTER();
    PHYS(g, device);
    NEED(vgpuProcessSamplesCount);
    VGPU_HOST(g);
    unsigned int total = (unsigned int) g->processSampleCount;
    if (utilizationSamples == NULL) {
        unsigned int reported = reported_count(__func__, total);
        *vgpuProcessSamplesCount = reported;
        return reported == 0 ? NVML_SUCCESS : NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (*vgpuProcessSamplesCount == 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (*vgpuProcessSamplesCount < total) {
        *vgpuProcessSamplesCount = total;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    unsigned int k = 0;
    for (int i = 0; i < g->processSampleCount; i++) {
        if (g->processSamples[i].timeStamp > lastSeenTimeStamp) {
            utilizationSamples[k++] = g->processSamples[i];
        }
    }
    if (k == 0) {
        return NVML_ERROR_NOT_FOUND;
    }
    *vgpuProcessSamplesCount = k;
    return NVML_SUCCESS;
}

/* ---- newer vGPU type, instance and capability facts ---- */

/* A function the scenario's driver generation does not have yet answers as one it does not export. */
#define SINCE(major) do { if (driver_major() < (major)) return NVML_ERROR_FUNCTION_NOT_FOUND; } while (0)

/* R560+; not in nvml.h 12.4, so declared here with 13.3's signature. */
EXPORT nvmlReturn_t nvmlVgpuTypeGetBAR1Info(nvmlVgpuTypeId_t vgpuTypeId, nvmlVgpuTypeBar1Info_t *bar1Info);
EXPORT nvmlReturn_t nvmlVgpuTypeGetBAR1Info(nvmlVgpuTypeId_t vgpuTypeId, nvmlVgpuTypeBar1Info_t *bar1Info) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(bar1Info);
    SINCE(560);
    if (bar1Info->version != nvmlVgpuTypeBar1Info_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    if (t->bar1 < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    bar1Info->bar1Size = (unsigned long long) t->bar1;
    return NVML_SUCCESS;
}

/* R550+. */
EXPORT nvmlReturn_t nvmlVgpuTypeGetFbReservation(nvmlVgpuTypeId_t vgpuTypeId, unsigned long long *fbReservation) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(fbReservation);
    SINCE(550);
    if (t->fbReservation < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *fbReservation = (unsigned long long) t->fbReservation;
    return NVML_SUCCESS;
}

/* R550+. */
EXPORT nvmlReturn_t nvmlVgpuTypeGetGspHeapSize(nvmlVgpuTypeId_t vgpuTypeId, unsigned long long *gspHeapSize) {
    ENTER();
    VTYPE(t, vgpuTypeId);
    NEED(gspHeapSize);
    SINCE(550);
    if (t->gspHeap < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *gspHeapSize = (unsigned long long) t->gspHeap;
    return NVML_SUCCESS;
}

/* R570+; not in nvml.h 12.4, so declared here with 13.3's signature. */
EXPORT nvmlReturn_t nvmlVgpuInstanceGetRuntimeStateSize(nvmlVgpuInstance_t vgpuInstance, nvmlVgpuRuntimeState_t *pState);
EXPORT nvmlReturn_t nvmlVgpuInstanceGetRuntimeStateSize(nvmlVgpuInstance_t vgpuInstance, nvmlVgpuRuntimeState_t *pState) {
    ENTER();
    VGPU(v, vgpuInstance);
    NEED(pState);
    SINCE(570);
    if (pState->version != nvmlVgpuRuntimeState_v1) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    if (v->runtimeState < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    pState->size = (unsigned long long) v->runtimeState;
    return NVML_SUCCESS;
}

/* A capability newer than the driver (INVALID_ARGUMENT), one not supported (-1), or its value. */
static nvmlReturn_t capability_answer(const long long *values, int count, unsigned int capability, unsigned int *capResult) {
    NEED(capResult);
    if ((int) capability >= count) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (values[capability] < 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *capResult = (unsigned int) values[capability];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetVgpuCapabilities(nvmlDevice_t device, nvmlDeviceVgpuCapability_t capability, unsigned int *capResult) {
    ENTER();
    PHYS(g, device);
    VGPU_HOST(g);
    return capability_answer(g->vgpuCapabilities, g->vgpuCapabilityCount, (unsigned int) capability, capResult);
}

EXPORT nvmlReturn_t nvmlGetVgpuDriverCapabilities(nvmlVgpuDriverCapability_t capability, unsigned int *capResult) {
    ENTER();
    return capability_answer(mock.driverCapabilities, mock.driverCapabilityCount, (unsigned int) capability, capResult);
}
