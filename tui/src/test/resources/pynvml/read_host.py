"""A second NVML client: reads the host through NVIDIA's pynvml and prints what it read as JSON.

Run with PYTHONPATH holding pynvml.py and LD_LIBRARY_PATH (or the working directory's loader path) finding
libnvidia-ml.so.1. Every value is NVML's own, in NVML's units, so the Java test (PynvmlAgreesTest) converts
smi4j's snapshot, not these. A call NVML refuses is recorded as {"nvmlError": CODE} in place of its value.
"""
import ctypes
import json
import sys

import pynvml as N


def plain(v):
    """A ctypes value, structure, union or array as JSON-able Python."""
    if isinstance(v, (ctypes.Structure, ctypes.Union)):
        return {name: plain(getattr(v, name)) for name, *_ in v._fields_}
    if isinstance(v, ctypes.Array):
        return [plain(x) for x in v]
    if isinstance(v, N.nvmlFriendlyObject):  # how pynvml hands out process lists
        return {k: plain(x) for k, x in vars(v).items()}
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, "value") and not isinstance(v, (int, float, str)):
        return plain(v.value)
    return v


def call(fn, *args):
    try:
        return plain(fn(*args))
    except N.NVMLError as e:
        return {"nvmlError": e.value}


def placements(fn, h, t):
    """A type's placement list: pynvml's two counters as it names them, and every id its buffer holds."""
    try:
        p = fn(h, t)
        size = N.nvmlVgpuTypeGetMaxInstances(h, t)  # pynvml sizes the id buffer by it
    except N.NVMLError as e:
        return {"nvmlError": e.value}
    # pynvml 12.550.89 declares (version, count, placementSize, ids); nvml.h declares (version, placementSize,
    # count, ids): what pynvml calls count is the header's placementSize and the other way round. Kept raw here.
    return {"count": p.count, "placementSize": p.placementSize, "ids": [p.placementIds[i] for i in range(size)]}


def vgpu(v):
    out = {
        "id": v,
        "uuid": call(N.nvmlVgpuInstanceGetUUID, v),
        "vmId": call(N.nvmlVgpuInstanceGetVmID, v),
        "typeId": call(N.nvmlVgpuInstanceGetType, v),
        "vmDriverVersion": call(N.nvmlVgpuInstanceGetVmDriverVersion, v),
        "fbUsage": call(N.nvmlVgpuInstanceGetFbUsage, v),
        "licenseStatus": call(N.nvmlVgpuInstanceGetLicenseStatus, v),
        "licenseInfo": call(N.nvmlVgpuInstanceGetLicenseInfo_v2, v),
        "frameRateLimit": call(N.nvmlVgpuInstanceGetFrameRateLimit, v),
        "eccMode": call(N.nvmlVgpuInstanceGetEccMode, v),
        "encoderCapacity": call(N.nvmlVgpuInstanceGetEncoderCapacity, v),
        "encoderStats": call(N.nvmlVgpuInstanceGetEncoderStats, v),
        "gpuInstanceId": call(N.nvmlVgpuInstanceGetGpuInstanceId, v),
        "accountingMode": call(N.nvmlVgpuInstanceGetAccountingMode, v),
        "accountingPids": call(N.nvmlVgpuInstanceGetAccountingPids, v),
        "placementId": call(N.nvmlVgpuInstanceGetPlacementId, v),
        "fbcStats": call(N.nvmlVgpuInstanceGetFBCStats, v),
    }
    # pynvml answers (count, array of that many PIDs)
    pids = out["accountingPids"][1][:out["accountingPids"][0]] if isinstance(out["accountingPids"], list) else []
    out["accountingPids"] = pids if isinstance(out["accountingPids"], list) else out["accountingPids"]
    out["accountingStats"] = [call(N.nvmlVgpuInstanceGetAccountingStats, v, p) for p in pids]
    return out


def vgpu_host(h):
    types = call(N.nvmlDeviceGetSupportedVgpus, h)
    active = call(N.nvmlDeviceGetActiveVgpus, h)
    return {
        "hostVgpuMode": call(N.nvmlDeviceGetHostVgpuMode, h),
        "schedulerCapabilities": call(N.nvmlDeviceGetVgpuSchedulerCapabilities, h),
        "schedulerState": call(N.nvmlDeviceGetVgpuSchedulerState, h),
        "schedulerLog": call(N.nvmlDeviceGetVgpuSchedulerLog, h),
        "heterogeneousMode": call(N.nvmlDeviceGetVgpuHeterogeneousMode, h),
        "creatable": call(N.nvmlDeviceGetCreatableVgpus, h),
        "types": [{
            "id": t,
            "name": call(N.nvmlVgpuTypeGetName, t),
            "class": call(N.nvmlVgpuTypeGetClass, t),
            "framebufferSize": call(N.nvmlVgpuTypeGetFramebufferSize, t),
            "maxInstances": call(N.nvmlVgpuTypeGetMaxInstances, h, t),
            "gpuInstanceProfileId": call(N.nvmlVgpuTypeGetGpuInstanceProfileId, t),
            "maxInstancesPerVm": call(N.nvmlVgpuTypeGetMaxInstancesPerVm, t),
            "supportedPlacements": placements(N.nvmlDeviceGetVgpuTypeSupportedPlacements, h, t),
            "creatablePlacements": placements(N.nvmlDeviceGetVgpuTypeCreatablePlacements, h, t),
        } for t in (types if isinstance(types, list) else [])],
        "vgpus": [vgpu(v) for v in (active if isinstance(active, list) else [])],
        "utilization": call(N.nvmlDeviceGetVgpuUtilization, h, 0),
        "processUtilization": call(N.nvmlDeviceGetVgpuProcessUtilization, h, 0),
    }


def mig_devices(h):
    count = call(N.nvmlDeviceGetMaxMigDeviceCount, h)
    out = []
    for i in range(count if isinstance(count, int) else 0):
        try:
            m = N.nvmlDeviceGetMigDeviceHandleByIndex(h, i)
        except N.NVMLError:
            continue
        out.append({
            "name": call(N.nvmlDeviceGetName, m),
            "uuid": call(N.nvmlDeviceGetUUID, m),
            "memory": call(N.nvmlDeviceGetMemoryInfo, m, N.nvmlMemory_v2),
            "gpuInstanceId": call(N.nvmlDeviceGetGpuInstanceId, m),
            "computeInstanceId": call(N.nvmlDeviceGetComputeInstanceId, m),
        })
    return out


def device(i):
    h = N.nvmlDeviceGetHandleByIndex(i)
    d = {
        "index": i,
        "name": call(N.nvmlDeviceGetName, h),
        "uuid": call(N.nvmlDeviceGetUUID, h),
        "pciBusId": call(lambda x: N.nvmlDeviceGetPciInfo(x).busId, h),
        "memory": call(N.nvmlDeviceGetMemoryInfo, h, N.nvmlMemory_v2),
        "utilization": call(N.nvmlDeviceGetUtilizationRates, h),
        "temperature": call(N.nvmlDeviceGetTemperature, h, N.NVML_TEMPERATURE_GPU),
        "powerUsage": call(N.nvmlDeviceGetPowerUsage, h),
        "enforcedPowerLimit": call(N.nvmlDeviceGetEnforcedPowerLimit, h),
        "clocks": {c: call(N.nvmlDeviceGetClockInfo, h, k) for c, k in
                   (("graphics", N.NVML_CLOCK_GRAPHICS), ("sm", N.NVML_CLOCK_SM), ("mem", N.NVML_CLOCK_MEM))},
        "maxClocks": {c: call(N.nvmlDeviceGetMaxClockInfo, h, k) for c, k in
                      (("graphics", N.NVML_CLOCK_GRAPHICS), ("sm", N.NVML_CLOCK_SM), ("mem", N.NVML_CLOCK_MEM))},
        "fanSpeed": call(N.nvmlDeviceGetFanSpeed, h),
        "performanceState": call(N.nvmlDeviceGetPerformanceState, h),
        "eccMode": call(N.nvmlDeviceGetEccMode, h),
        "migMode": call(N.nvmlDeviceGetMigMode, h),
        "virtualizationMode": call(N.nvmlDeviceGetVirtualizationMode, h),
        "processes": call(N.nvmlDeviceGetComputeRunningProcesses, h),
        "migDevices": mig_devices(h),
    }
    if d["virtualizationMode"] == N.NVML_GPU_VIRTUALIZATION_MODE_VGPU:
        d["gridLicensableFeatures"] = call(N.nvmlDeviceGetGridLicensableFeatures_v4, h)
    if d["virtualizationMode"] == N.NVML_GPU_VIRTUALIZATION_MODE_HOST_VGPU:
        d["vgpuHost"] = vgpu_host(h)
    return d


def main():
    try:
        N.nvmlInit()
    except N.NVMLError as e:
        print(json.dumps({"init": e.value}))
        return
    host = {
        "init": 0,
        "driverVersion": call(N.nvmlSystemGetDriverVersion),
        "nvmlVersion": call(N.nvmlSystemGetNVMLVersion),
        "cudaDriverVersion": call(N.nvmlSystemGetCudaDriverVersion_v2),
        "devices": [device(i) for i in range(N.nvmlDeviceGetCount())],
    }
    N.nvmlShutdown()
    json.dump(host, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
