/*
 * The smi4jmock_* functions through which Java (io.smi4j.mock.nativelib.NativeMock) sets the
 * whole simulated host. Each returns 0 (or the index of what it added) on success and -1 when
 * an argument is out of range or a fixed capacity of mock.h would be exceeded.
 */
#include <string.h>
#include "mock.h"

static mock_gpu *gpu_at(int g) {
    return g >= 0 && g < mock.gpuCount ? &mock.gpus[g] : NULL;
}

#define GPU(g, index) mock_gpu *g = gpu_at(index); if (g == NULL) return -1

EXPORT int smi4jmock_reset(int driverLoaded, const char *driverVersion, const char *nvmlVersion, int cudaDriverVersion) {
    int initCount = mock.initCount;
    memset(&mock, 0, sizeof mock);
    mock.initCount = initCount;
    mock.driverLoaded = driverLoaded;
    mock.cudaVersion = cudaDriverVersion;
    mock.sampleValueType = NVML_VALUE_TYPE_UNSIGNED_INT;
    for (int g = 0; g < MOCK_MAX_GPUS; g++) {
        mock_gpu_handles[g].gpu = g;
        mock_gpu_handles[g].mig = -1;
        for (int m = 0; m < MOCK_MAX_MIG_DEVICES; m++) {
            mock_mig_handles[g][m].gpu = g;
            mock_mig_handles[g][m].mig = m;
        }
        for (int i = 0; i < MOCK_MAX_GPU_INSTANCES; i++) {
            mock_gi_handles[g][i].gpu = g;
            mock_gi_handles[g][i].gi = i;
            for (int c = 0; c < MOCK_MAX_COMPUTE; c++) {
                mock_ci_handles[g][i][c].gpu = g;
                mock_ci_handles[g][i][c].gi = i;
                mock_ci_handles[g][i][c].ci = c;
            }
        }
    }
    if (mock_copy(mock.driverVersion, driverVersion, sizeof mock.driverVersion) != 0
            || mock_copy(mock.nvmlVersion, nvmlVersion, sizeof mock.nvmlVersion) != 0) {
        return -1;
    }
    return 0;
}

EXPORT int smi4jmock_add_gpu(const char *name, const char *uuid, int virtualizationMode) {
    if (mock.gpuCount >= MOCK_MAX_GPUS) {
        return -1;
    }
    mock_gpu *g = &mock.gpus[mock.gpuCount];
    memset(g, 0, sizeof *g);
    if (mock_copy(g->name, name, sizeof g->name) != 0 || mock_copy(g->uuid, uuid, sizeof g->uuid) != 0) {
        return -1;
    }
    g->virtualizationMode = (nvmlGpuVirtualizationMode_t) virtualizationMode;
    g->heterogeneousMode = -1;
    g->memory.version = nvmlMemory_v2;
    return mock.gpuCount++;
}

EXPORT int smi4jmock_gpu_pci(int index, const char *busId, unsigned int domain, unsigned int bus, unsigned int device,
        unsigned int pciDeviceId, unsigned int pciSubSystemId) {
    GPU(g, index);
    memset(&g->pci, 0, sizeof g->pci);
    if (mock_copy(g->pci.busId, busId, sizeof g->pci.busId) != 0) {
        return -1;
    }
    /* The legacy 16-byte field holds the bus id shortened the way NVML does: domain of 4 digits. */
    size_t n = strlen(busId);
    size_t skip = n >= NVML_DEVICE_PCI_BUS_ID_BUFFER_V2_SIZE - 1 ? 4 : 0;
    if (mock_copy(g->pci.busIdLegacy, busId + (n > skip ? skip : 0), sizeof g->pci.busIdLegacy) != 0) {
        g->pci.busIdLegacy[0] = '\0';
    }
    g->pci.domain = domain;
    g->pci.bus = bus;
    g->pci.device = device;
    g->pci.pciDeviceId = pciDeviceId;
    g->pci.pciSubSystemId = pciSubSystemId;
    return 0;
}

EXPORT int smi4jmock_gpu_memory(int index, unsigned long long total, unsigned long long reserved,
        unsigned long long free, unsigned long long used) {
    GPU(g, index);
    g->memory.total = total;
    g->memory.reserved = reserved;
    g->memory.free = free;
    g->memory.used = used;
    return 0;
}

EXPORT int smi4jmock_gpu_readings(int index, unsigned int utilizationGpu, unsigned int utilizationMemory,
        unsigned int temperature, unsigned int power, unsigned int powerLimit, unsigned int fanSpeed, int pstate) {
    GPU(g, index);
    g->utilization.gpu = utilizationGpu;
    g->utilization.memory = utilizationMemory;
    g->temperature = temperature;
    g->power = power;
    g->powerLimit = powerLimit;
    g->fanSpeed = fanSpeed;
    g->pstate = (nvmlPstates_t) pstate;
    return 0;
}

EXPORT int smi4jmock_gpu_modes(int index, int eccCurrent, int eccPending, int migCurrent, int migPending) {
    GPU(g, index);
    g->eccCurrent = eccCurrent;
    g->eccPending = eccPending;
    g->migCurrent = migCurrent;
    g->migPending = migPending;
    return 0;
}

EXPORT int smi4jmock_gpu_clock(int index, int type, unsigned int current, unsigned int max) {
    GPU(g, index);
    if (type < 0 || type >= NVML_CLOCK_COUNT) {
        return -1;
    }
    g->clocks[type] = current;
    g->maxClocks[type] = max;
    return 0;
}

EXPORT int smi4jmock_gpu_add_process(int index, unsigned int pid, const char *name, unsigned long long usedGpuMemory,
        unsigned int gpuInstanceId, unsigned int computeInstanceId) {
    GPU(g, index);
    if (g->processCount >= MOCK_MAX_PROCESSES) {
        return -1;
    }
    mock_process *p = &g->processes[g->processCount];
    if (mock_copy(p->name, name, sizeof p->name) != 0) {
        return -1;
    }
    p->pid = pid;
    p->usedGpuMemory = usedGpuMemory;
    p->gpuInstanceId = gpuInstanceId;
    p->computeInstanceId = computeInstanceId;
    p->compute = 1;
    p->graphics = 0;
    p->sampled = 0;
    return g->processCount++;
}

/* Which lists hold process number `process` of GPU `index`, and its newest utilization sample (when sampled). */
EXPORT int smi4jmock_gpu_process_use(int index, int process, int compute, int graphics, int sampled,
        unsigned long long timeStamp, unsigned int sm, unsigned int mem, unsigned int enc, unsigned int dec,
        unsigned int jpg, unsigned int ofa) {
    GPU(g, index);
    if (process < 0 || process >= g->processCount) {
        return -1;
    }
    mock_process *p = &g->processes[process];
    p->compute = compute != 0;
    p->graphics = graphics != 0;
    p->sampled = sampled != 0;
    p->sample.timeStamp = timeStamp;
    p->sample.pid = p->pid;
    p->sample.smUtil = sm;
    p->sample.memUtil = mem;
    p->sample.encUtil = enc;
    p->sample.decUtil = dec;
    p->sample.jpgUtil = jpg;
    p->sample.ofaUtil = ofa;
    return 0;
}

EXPORT int smi4jmock_gpu_add_gpu_instance(int index, unsigned int profileIndex, unsigned int profileId,
        unsigned int sliceCount, unsigned int instanceCount, unsigned int multiprocessorCount,
        unsigned long long memorySizeMB, unsigned int id, unsigned int placementStart, unsigned int placementSize) {
    GPU(g, index);
    if (g->gpuInstanceCount >= MOCK_MAX_GPU_INSTANCES || profileIndex >= SMI4J_GPU_INSTANCE_PROFILE_COUNT) {
        return -1;
    }
    mock_gpu_instance *gi = &g->gpuInstances[g->gpuInstanceCount];
    memset(gi, 0, sizeof *gi);
    gi->profileIndex = profileIndex;
    gi->profile.id = profileId;
    gi->profile.sliceCount = sliceCount;
    gi->profile.instanceCount = instanceCount;
    gi->profile.multiprocessorCount = multiprocessorCount;
    gi->profile.memorySizeMB = memorySizeMB;
    gi->id = id;
    gi->placementStart = placementStart;
    gi->placementSize = placementSize;
    return g->gpuInstanceCount++;
}

EXPORT int smi4jmock_gi_add_compute_profile(int index, int giIndex, unsigned int profileIndex, unsigned int id,
        unsigned int sliceCount, unsigned int instanceCount, unsigned int multiprocessorCount) {
    GPU(g, index);
    if (giIndex < 0 || giIndex >= g->gpuInstanceCount || profileIndex >= SMI4J_COMPUTE_INSTANCE_PROFILE_COUNT) {
        return -1;
    }
    mock_gpu_instance *gi = &g->gpuInstances[giIndex];
    if (gi->computeProfileCount >= MOCK_MAX_COMPUTE) {
        return -1;
    }
    mock_compute_profile *p = &gi->computeProfiles[gi->computeProfileCount];
    memset(p, 0, sizeof *p);
    p->profileIndex = profileIndex;
    p->info.id = id;
    p->info.sliceCount = sliceCount;
    p->info.instanceCount = instanceCount;
    p->info.multiprocessorCount = multiprocessorCount;
    return gi->computeProfileCount++;
}

EXPORT int smi4jmock_gi_add_compute_instance(int index, int giIndex, unsigned int id, unsigned int profileId) {
    GPU(g, index);
    if (giIndex < 0 || giIndex >= g->gpuInstanceCount) {
        return -1;
    }
    mock_gpu_instance *gi = &g->gpuInstances[giIndex];
    if (gi->computeCount >= MOCK_MAX_COMPUTE) {
        return -1;
    }
    gi->compute[gi->computeCount].id = id;
    gi->compute[gi->computeCount].profileId = profileId;
    return gi->computeCount++;
}

EXPORT int smi4jmock_gpu_add_mig_device(int index, const char *name, const char *uuid, unsigned int gpuInstanceId,
        unsigned int computeInstanceId, unsigned long long total, unsigned long long reserved,
        unsigned long long free, unsigned long long used) {
    GPU(g, index);
    if (g->migDeviceCount >= MOCK_MAX_MIG_DEVICES) {
        return -1;
    }
    mock_mig_device *m = &g->migDevices[g->migDeviceCount];
    memset(m, 0, sizeof *m);
    if (mock_copy(m->name, name, sizeof m->name) != 0 || mock_copy(m->uuid, uuid, sizeof m->uuid) != 0) {
        return -1;
    }
    m->gpuInstanceId = gpuInstanceId;
    m->computeInstanceId = computeInstanceId;
    m->memory.version = nvmlMemory_v2;
    m->memory.total = total;
    m->memory.reserved = reserved;
    m->memory.free = free;
    m->memory.used = used;
    return g->migDeviceCount++;
}

EXPORT int smi4jmock_gpu_guest_license(int index, int supported) {
    GPU(g, index);
    memset(&g->guestLicense, 0, sizeof g->guestLicense);
    g->guestLicenseSet = 1;
    g->guestLicense.isGridLicenseSupported = supported;
    return 0;
}

EXPORT int smi4jmock_gpu_add_license_feature(int index, int featureCode, unsigned int featureState,
        const char *productName, int featureEnabled) {
    GPU(g, index);
    nvmlGridLicensableFeatures_t *l = &g->guestLicense;
    if (!g->guestLicenseSet || l->licensableFeaturesCount >= NVML_GRID_LICENSE_FEATURE_MAX_COUNT) {
        return -1;
    }
    nvmlGridLicensableFeature_t *f = &l->gridLicensableFeatures[l->licensableFeaturesCount];
    if (mock_copy(f->productName, productName, sizeof f->productName) != 0) {
        return -1;
    }
    f->featureCode = (nvmlGridLicenseFeatureCode_t) featureCode;
    f->featureState = featureState;
    f->featureEnabled = (unsigned int) featureEnabled;
    return (int) l->licensableFeaturesCount++;
}

/* ---- MIG-backed vGPU (R575): a GPU instance's vGPU side ---- */

#define GI(gi, g, giIndex) if ((giIndex) < 0 || (giIndex) >= (g)->gpuInstanceCount) return -1; mock_gpu_instance *gi = &(g)->gpuInstances[giIndex]

EXPORT int smi4jmock_gi_vgpu_host(int index, int giIndex, int heterogeneousMode) {
    GPU(g, index);
    GI(gi, g, giIndex);
    gi->vgpuHost = 1;
    gi->vgpuHeterogeneous = heterogeneousMode;
    return 0;
}

/* The instance's scheduler state: the v1 words as smi4jmock_gpu_scheduler_state takes them, and the v2 values. */
EXPORT int smi4jmock_gi_vgpu_scheduler(int index, int giIndex, unsigned int policy, unsigned int arrMode,
        unsigned int word0, unsigned int word1, unsigned int v2AvgFactor, unsigned int v2Timeslice) {
    GPU(g, index);
    GI(gi, g, giIndex);
    gi->vgpuState.engineId = NVML_VGPU_SCHEDULER_ENGINE_TYPE_GRAPHICS;
    gi->vgpuState.schedulerPolicy = policy;
    gi->vgpuState.arrMode = arrMode;
    gi->vgpuState.schedulerParams.vgpuSchedDataWithARR.avgFactor = word0;
    gi->vgpuState.schedulerParams.vgpuSchedDataWithARR.timeslice = word1;
    gi->vgpuStateV2AvgFactor = v2AvgFactor;
    gi->vgpuStateV2Timeslice = v2Timeslice;
    return 0;
}

EXPORT int smi4jmock_gi_vgpu_log(int index, int giIndex, unsigned int engineId, unsigned int policy,
        unsigned int arrMode, unsigned int word0, unsigned int word1, unsigned int v2AvgFactor,
        unsigned int v2Timeslice) {
    GPU(g, index);
    GI(gi, g, giIndex);
    memset(&gi->vgpuLog, 0, sizeof gi->vgpuLog);
    memset(gi->vgpuLogWeights, 0, sizeof gi->vgpuLogWeights);
    gi->vgpuLog.engineId = engineId;
    gi->vgpuLog.schedulerPolicy = policy;
    gi->vgpuLog.arrMode = arrMode;
    gi->vgpuLog.schedulerParams.vgpuSchedDataWithARR.avgFactor = word0;
    gi->vgpuLog.schedulerParams.vgpuSchedDataWithARR.timeslice = word1;
    gi->vgpuLogV2AvgFactor = v2AvgFactor;
    gi->vgpuLogV2Timeslice = v2Timeslice;
    return 0;
}

EXPORT int smi4jmock_gi_add_log_entry(int index, int giIndex, unsigned long long timestamp,
        unsigned long long timeRunTotal, unsigned long long timeRun, unsigned int swRunlistId,
        unsigned long long targetTimeSlice, unsigned long long cumulativePreemptionTime, unsigned int weight) {
    GPU(g, index);
    GI(gi, g, giIndex);
    if (gi->vgpuLog.entriesCount >= NVML_SCHEDULER_SW_MAX_LOG_ENTRIES) {
        return -1;
    }
    nvmlVgpuSchedulerLogEntry_t *e = &gi->vgpuLog.logEntries[gi->vgpuLog.entriesCount];
    e->timestamp = timestamp;
    e->timeRunTotal = timeRunTotal;
    e->timeRun = timeRun;
    e->swRunlistId = swRunlistId;
    e->targetTimeSlice = targetTimeSlice;
    e->cumulativePreemptionTime = cumulativePreemptionTime;
    gi->vgpuLogWeights[gi->vgpuLog.entriesCount] = weight;
    return (int) gi->vgpuLog.entriesCount++;
}

EXPORT int smi4jmock_gi_add_vgpu_type(int index, int giIndex, unsigned int typeId, int creatable,
        unsigned int placementSize, unsigned int maxPerGpuInstance) {
    GPU(g, index);
    GI(gi, g, giIndex);
    if (gi->vgpuTypeCount >= MOCK_MAX_GI_VGPU_TYPES) {
        return -1;
    }
    mock_gi_vgpu_type *t = &gi->vgpuTypes[gi->vgpuTypeCount];
    memset(t, 0, sizeof *t);
    t->id = typeId;
    t->creatable = creatable;
    t->placementSize = placementSize;
    t->maxPerGpuInstance = maxPerGpuInstance;
    return gi->vgpuTypeCount++;
}

/* By type id, not by index: the script writer numbers what add_* calls add per GPU, these are per instance. */
EXPORT int smi4jmock_gi_type_add_creatable_placement(int index, int giIndex, unsigned int typeId,
        unsigned int placementId) {
    GPU(g, index);
    GI(gi, g, giIndex);
    for (int i = 0; i < gi->vgpuTypeCount; i++) {
        mock_gi_vgpu_type *t = &gi->vgpuTypes[i];
        if (t->id == typeId) {
            if (t->placementCount >= MOCK_MAX_VGPUS) {
                return -1;
            }
            t->placements[t->placementCount++] = placementId;
            return 0;
        }
    }
    return -1;
}

EXPORT int smi4jmock_gpu_vgpu_host(int index, int hostMode, int heterogeneousMode) {
    GPU(g, index);
    g->vgpuHost = 1;
    g->hostMode = (nvmlHostVgpuMode_t) hostMode;
    g->heterogeneousMode = heterogeneousMode;
    return 0;
}

EXPORT int smi4jmock_gpu_scheduler_caps(int index, unsigned int policy0, unsigned int policy1, unsigned int policy2,
        unsigned int maxTimeslice, unsigned int minTimeslice, unsigned int arrSupported,
        unsigned int maxFrequency, unsigned int minFrequency, unsigned int maxAvgFactor, unsigned int minAvgFactor) {
    GPU(g, index);
    nvmlVgpuSchedulerCapabilities_t *c = &g->capabilities;
    c->supportedSchedulers[0] = policy0;
    c->supportedSchedulers[1] = policy1;
    c->supportedSchedulers[2] = policy2;
    c->maxTimeslice = maxTimeslice;
    c->minTimeslice = minTimeslice;
    c->isArrModeSupported = arrSupported;
    c->maxFrequencyForARR = maxFrequency;
    c->minFrequencyForARR = minFrequency;
    c->maxAvgFactorForARR = maxAvgFactor;
    c->minAvgFactorForARR = minAvgFactor;
    return 0;
}

/* word0 / word1: the two 32-bit words of the parameter union, as NVML lays them out for arrMode. */
EXPORT int smi4jmock_gpu_scheduler_state(int index, unsigned int policy, unsigned int arrMode,
        unsigned int word0, unsigned int word1) {
    GPU(g, index);
    g->state.schedulerPolicy = policy;
    g->state.arrMode = arrMode;
    g->state.schedulerParams.vgpuSchedDataWithARR.avgFactor = word0;
    g->state.schedulerParams.vgpuSchedDataWithARR.timeslice = word1;
    return 0;
}

EXPORT int smi4jmock_gpu_scheduler_log(int index, unsigned int engineId, unsigned int policy, unsigned int arrMode,
        unsigned int word0, unsigned int word1) {
    GPU(g, index);
    memset(&g->log, 0, sizeof g->log);
    memset(g->logWeights, 0, sizeof g->logWeights);
    g->log.engineId = engineId;
    g->log.schedulerPolicy = policy;
    g->log.arrMode = arrMode;
    g->log.schedulerParams.vgpuSchedDataWithARR.avgFactor = word0;
    g->log.schedulerParams.vgpuSchedDataWithARR.timeslice = word1;
    return 0;
}

/* What the v2 scheduler calls report beside the v1 state and log: their average factor and time slice (ns). */
EXPORT int smi4jmock_gpu_scheduler_v2(int index, unsigned int stateAvgFactor, unsigned int stateTimeslice,
        unsigned int logAvgFactor, unsigned int logTimeslice) {
    GPU(g, index);
    g->stateV2AvgFactor = stateAvgFactor;
    g->stateV2Timeslice = stateTimeslice;
    g->logV2AvgFactor = logAvgFactor;
    g->logV2Timeslice = logTimeslice;
    return 0;
}

/* The weight the v2 log reports for log entry entryIndex (an index smi4jmock_gpu_add_log_entry returned). */
EXPORT int smi4jmock_log_entry_weight(int index, int entryIndex, unsigned int weight) {
    GPU(g, index);
    if (entryIndex < 0 || (unsigned int) entryIndex >= g->log.entriesCount) {
        return -1;
    }
    g->logWeights[entryIndex] = weight;
    return 0;
}

EXPORT int smi4jmock_gpu_add_log_entry(int index, unsigned long long timestamp, unsigned long long timeRunTotal,
        unsigned long long timeRun, unsigned int swRunlistId, unsigned long long targetTimeSlice,
        unsigned long long cumulativePreemptionTime) {
    GPU(g, index);
    if (g->log.entriesCount >= NVML_SCHEDULER_SW_MAX_LOG_ENTRIES) {
        return -1;
    }
    nvmlVgpuSchedulerLogEntry_t *e = &g->log.logEntries[g->log.entriesCount];
    e->timestamp = timestamp;
    e->timeRunTotal = timeRunTotal;
    e->timeRun = timeRun;
    e->swRunlistId = swRunlistId;
    e->targetTimeSlice = targetTimeSlice;
    e->cumulativePreemptionTime = cumulativePreemptionTime;
    return (int) g->log.entriesCount++;
}

EXPORT int smi4jmock_gpu_add_vgpu_type(int index, unsigned int id, const char *name, const char *typeClass,
        unsigned long long framebuffer, unsigned int maxInstances, unsigned int gpuInstanceProfileId, int creatable) {
    GPU(g, index);
    if (g->typeCount >= MOCK_MAX_TYPES) {
        return -1;
    }
    mock_vgpu_type *t = &g->types[g->typeCount];
    if (mock_copy(t->name, name, sizeof t->name) != 0 || mock_copy(t->typeClass, typeClass, sizeof t->typeClass) != 0) {
        return -1;
    }
    t->id = id;
    t->framebuffer = framebuffer;
    t->maxInstances = maxInstances;
    t->gpuInstanceProfileId = gpuInstanceProfileId;
    t->creatable = creatable;
    t->bar1 = t->fbReservation = t->gspHeap = -1;
    return g->typeCount++;
}

/* The placement facts of type typeIndex: its slot count, its per-VM maximum; its supported placements are
   0, placementSize, 2 * placementSize, ... below maxInstances of them. */
EXPORT int smi4jmock_vgpu_type_placement(int index, int typeIndex, unsigned int placementSize,
        unsigned int maxInstancesPerVm) {
    GPU(g, index);
    if (typeIndex < 0 || typeIndex >= g->typeCount) {
        return -1;
    }
    g->types[typeIndex].placementSize = placementSize;
    g->types[typeIndex].maxInstancesPerVm = maxInstancesPerVm;
    return 0;
}

EXPORT int smi4jmock_vgpu_type_add_creatable_placement(int index, int typeIndex, unsigned int placementId) {
    GPU(g, index);
    if (typeIndex < 0 || typeIndex >= g->typeCount || g->types[typeIndex].creatablePlacementCount >= MOCK_MAX_VGPUS) {
        return -1;
    }
    mock_vgpu_type *t = &g->types[typeIndex];
    t->creatablePlacements[t->creatablePlacementCount++] = placementId;
    return 0;
}

EXPORT int smi4jmock_vgpu_placement(int index, int vgpuIndex, unsigned int placementId) {
    GPU(g, index);
    if (vgpuIndex < 0 || vgpuIndex >= g->vgpuCount) {
        return -1;
    }
    g->vgpus[vgpuIndex].placementId = placementId;
    return 0;
}

EXPORT int smi4jmock_vgpu_fbc(int index, int vgpuIndex, unsigned int sessions, unsigned int fps,
        unsigned int latencyUs) {
    GPU(g, index);
    if (vgpuIndex < 0 || vgpuIndex >= g->vgpuCount) {
        return -1;
    }
    g->vgpus[vgpuIndex].fbc.sessionsCount = sessions;
    g->vgpus[vgpuIndex].fbc.averageFPS = fps;
    g->vgpus[vgpuIndex].fbc.averageLatency = latencyUs;
    return 0;
}

/* The newer per-type sizes of type typeIndex (BAR1, framebuffer reservation, GSP heap); -1: NOT_SUPPORTED. */
EXPORT int smi4jmock_vgpu_type_sizes(int index, int typeIndex, long long bar1, long long fbReservation,
        long long gspHeap) {
    GPU(g, index);
    if (typeIndex < 0 || typeIndex >= g->typeCount) {
        return -1;
    }
    g->types[typeIndex].bar1 = bar1;
    g->types[typeIndex].fbReservation = fbReservation;
    g->types[typeIndex].gspHeap = gspHeap;
    return 0;
}

/* The runtime state size of vGPU vgpuIndex; -1: NOT_SUPPORTED. */
EXPORT int smi4jmock_vgpu_runtime_state(int index, int vgpuIndex, long long runtimeState) {
    GPU(g, index);
    if (vgpuIndex < 0 || vgpuIndex >= g->vgpuCount) {
        return -1;
    }
    g->vgpus[vgpuIndex].runtimeState = runtimeState;
    return 0;
}

/* What nvmlDeviceGetVgpuCapabilities answers for capability (-1: NOT_SUPPORTED); the driver knows every one up to
   the highest set, newer ones answer INVALID_ARGUMENT. */
EXPORT int smi4jmock_gpu_vgpu_capability(int index, unsigned int capability, long long value) {
    GPU(g, index);
    if (capability >= SMI4J_DEVICE_VGPU_CAP_COUNT) {
        return -1;
    }
    for (int c = g->vgpuCapabilityCount; c < (int) capability; c++) {
        g->vgpuCapabilities[c] = -1;
    }
    g->vgpuCapabilities[capability] = value;
    if ((int) capability >= g->vgpuCapabilityCount) {
        g->vgpuCapabilityCount = (int) capability + 1;
    }
    return 0;
}

/* What nvmlGetVgpuDriverCapabilities answers for capability, as above. */
EXPORT int smi4jmock_driver_vgpu_capability(unsigned int capability, long long value) {
    if (capability >= SMI4J_VGPU_DRIVER_CAP_COUNT) {
        return -1;
    }
    for (int c = mock.driverCapabilityCount; c < (int) capability; c++) {
        mock.driverCapabilities[c] = -1;
    }
    mock.driverCapabilities[capability] = value;
    if ((int) capability >= mock.driverCapabilityCount) {
        mock.driverCapabilityCount = (int) capability + 1;
    }
    return 0;
}

EXPORT int smi4jmock_gpu_add_vgpu(int index, unsigned int id, const char *uuid, unsigned int typeId,
        const char *vmId, int vmIdType, const char *vmDriverVersion, unsigned long long fbUsage,
        unsigned int frameRateLimit, int ecc, unsigned int encoderCapacity, unsigned int encoderSessions,
        unsigned int encoderFps, unsigned int encoderLatency, unsigned int gpuInstanceId, int accountingMode) {
    GPU(g, index);
    if (g->vgpuCount >= MOCK_MAX_VGPUS) {
        return -1;
    }
    mock_vgpu *v = &g->vgpus[g->vgpuCount];
    memset(v, 0, sizeof *v);
    if (mock_copy(v->uuid, uuid, sizeof v->uuid) != 0 || mock_copy(v->vmId, vmId, sizeof v->vmId) != 0
            || mock_copy(v->vmDriverVersion, vmDriverVersion, sizeof v->vmDriverVersion) != 0) {
        return -1;
    }
    v->id = id;
    v->typeId = typeId;
    v->vmIdType = (nvmlVgpuVmIdType_t) vmIdType;
    v->fbUsage = fbUsage;
    v->frameRateLimit = frameRateLimit;
    v->ecc = ecc;
    v->encoderCapacity = encoderCapacity;
    v->encoderSessions = encoderSessions;
    v->encoderFps = encoderFps;
    v->encoderLatency = encoderLatency;
    v->gpuInstanceId = gpuInstanceId;
    v->accountingMode = accountingMode;
    v->runtimeState = -1;
    return g->vgpuCount++;
}

EXPORT int smi4jmock_vgpu_license(int index, int vgpuIndex, int isLicensed, unsigned int year, unsigned int month,
        unsigned int day, unsigned int hour, unsigned int min, unsigned int sec, unsigned int status,
        unsigned int currentState) {
    GPU(g, index);
    if (vgpuIndex < 0 || vgpuIndex >= g->vgpuCount) {
        return -1;
    }
    nvmlVgpuLicenseInfo_t *l = &g->vgpus[vgpuIndex].license;
    l->isLicensed = (unsigned char) (isLicensed != 0);
    l->licenseExpiry.year = year;
    l->licenseExpiry.month = (unsigned short) month;
    l->licenseExpiry.day = (unsigned short) day;
    l->licenseExpiry.hour = (unsigned short) hour;
    l->licenseExpiry.min = (unsigned short) min;
    l->licenseExpiry.sec = (unsigned short) sec;
    l->licenseExpiry.status = (unsigned char) status;
    l->currentState = currentState;
    return 0;
}

EXPORT int smi4jmock_vgpu_add_accounting(int index, int vgpuIndex, unsigned int pid, unsigned int gpuUtilization,
        unsigned int memoryUtilization, unsigned long long maxMemoryUsage, unsigned long long time,
        unsigned long long startTime, int running) {
    GPU(g, index);
    if (vgpuIndex < 0 || vgpuIndex >= g->vgpuCount) {
        return -1;
    }
    mock_vgpu *v = &g->vgpus[vgpuIndex];
    if (v->accountingCount >= MOCK_MAX_ACCOUNTING) {
        return -1;
    }
    mock_accounting *a = &g->vgpuAccounting[vgpuIndex][v->accountingCount];
    memset(a, 0, sizeof *a);
    a->pid = pid;
    a->stats.gpuUtilization = gpuUtilization;
    a->stats.memoryUtilization = memoryUtilization;
    a->stats.maxMemoryUsage = maxMemoryUsage;
    a->stats.time = time;
    a->stats.startTime = startTime;
    a->stats.isRunning = (unsigned int) running;
    return v->accountingCount++;
}

EXPORT int smi4jmock_gpu_add_util_sample(int index, unsigned int vgpuInstance, unsigned long long timeStamp,
        double sm, double mem, double enc, double dec, double jpg, double ofa) {
    GPU(g, index);
    if (g->sampleCount >= MOCK_MAX_SAMPLES) {
        return -1;
    }
    mock_util_sample *s = &g->samples[g->sampleCount];
    s->vgpuInstance = vgpuInstance;
    s->timeStamp = timeStamp;
    s->sm = sm;
    s->mem = mem;
    s->enc = enc;
    s->dec = dec;
    s->jpg = jpg;
    s->ofa = ofa;
    return g->sampleCount++;
}

EXPORT int smi4jmock_gpu_add_process_sample(int index, unsigned int vgpuInstance, unsigned int pid,
        const char *processName, unsigned long long timeStamp, unsigned int sm, unsigned int mem,
        unsigned int enc, unsigned int dec) {
    GPU(g, index);
    if (g->processSampleCount >= MOCK_MAX_SAMPLES) {
        return -1;
    }
    nvmlVgpuProcessUtilizationSample_t *s = &g->processSamples[g->processSampleCount];
    memset(s, 0, sizeof *s);
    if (mock_copy(s->processName, processName, sizeof s->processName) != 0) {
        return -1;
    }
    s->vgpuInstance = vgpuInstance;
    s->pid = pid;
    s->timeStamp = timeStamp;
    s->smUtil = sm;
    s->memUtil = mem;
    s->encUtil = enc;
    s->decUtil = dec;
    return g->processSampleCount++;
}

/* How the utilization calls encode their nvmlValue_t samples (nvmlValueType_t); default unsigned int. */
EXPORT int smi4jmock_set_sample_value_type(int type) {
    if (type < 0 || type >= NVML_VALUE_TYPE_COUNT) {
        return -1;
    }
    mock.sampleValueType = (nvmlValueType_t) type;
    return 0;
}

static mock_injection *new_injection(const char *function) {
    if (mock.injectionCount >= MOCK_MAX_INJECTIONS) {
        return NULL;
    }
    mock_injection *in = &mock.injections[mock.injectionCount];
    memset(in, 0, sizeof *in);
    if (mock_copy(in->function, function, sizeof in->function) != 0) {
        return NULL;
    }
    mock.injectionCount++;
    return in;
}

/* The next `times` calls of `function` (every call when times < 0) return `code` before doing anything. */
EXPORT int smi4jmock_inject_error(const char *function, int code, int times) {
    mock_injection *in = new_injection(function);
    if (in == NULL) {
        return -1;
    }
    in->code = code;
    in->times = times;
    return 0;
}

/* Calls of `function` ("*": every call) about GPU `gpu` (its handle, its device calls) return `code` in polls
   fromPoll..toPoll (toPoll < 0: for good), in every `every`-th of them; a poll is an nvmlDeviceGetCount_v2, the
   first being poll 1. They survive nvmlInit_v2, as a GPU that stays off the bus does. */
EXPORT int smi4jmock_inject_aimed(const char *function, int code, int gpu, long long fromPoll, long long toPoll,
        int every) {
    if (gpu < 0 || fromPoll < 1 || every < 1 || (toPoll >= 0 && toPoll < fromPoll)) {
        return -1;
    }
    mock_injection *in = new_injection(function);
    if (in == NULL) {
        return -1;
    }
    in->aimed = 1;
    in->code = code;
    in->gpu = (unsigned int) gpu;
    in->fromPoll = fromPoll;
    in->toPoll = toPoll;
    in->every = every;
    return 0;
}

/* The next count query of the count-then-fill `function` reports `extra` entries fewer than exist,
   as if they appeared between the caller's count call and its fill call. */
EXPORT int smi4jmock_grow_count_once(const char *function, unsigned int extra) {
    mock_injection *in = new_injection(function);
    if (in == NULL) {
        return -1;
    }
    in->grow = 1;
    in->growBy = extra;
    in->times = 1;
    return 0;
}

/* What nvmlDeviceSetVgpuSchedulerState last received: out = {gpu index, policy, enableARRMode,
   word0, word1}. Returns 1 when a call was recorded, 0 otherwise. */
EXPORT int smi4jmock_last_set_scheduler(unsigned int *out) {
    if (out == NULL || !mock.lastSet.recorded) {
        return 0;
    }
    out[0] = mock.lastSet.gpu;
    out[1] = mock.lastSet.state.schedulerPolicy;
    out[2] = mock.lastSet.state.enableARRMode;
    out[3] = mock.lastSet.state.schedulerParams.vgpuSchedDataWithARR.avgFactor;
    out[4] = mock.lastSet.state.schedulerParams.vgpuSchedDataWithARR.frequency;
    return 1;
}
