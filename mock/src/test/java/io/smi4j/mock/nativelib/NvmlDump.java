package io.smi4j.mock.nativelib;

import io.smi4j.nvml.ClockType;
import io.smi4j.nvml.ComputeInstance;
import io.smi4j.nvml.ComputeInstanceProfile;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlException;
import io.smi4j.nvml.VgpuPlacementList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an {@link Nvml} answers about its host, walked the way a reader would (every device,
 * MIG device, GPU / compute instance, vGPU type and instance), as lines {@code path = value} or
 * {@code path = ERROR <code>}. Opaque handles are left out, so two implementations of the same
 * host give equal dumps.
 */
final class NvmlDump {

    private final Nvml nvml;
    private final List<String> lines = new ArrayList<>();

    private NvmlDump(Nvml nvml) {
        this.nvml = nvml;
    }

    static List<String> of(Nvml nvml) {
        NvmlDump dump = new NvmlDump(nvml);
        dump.walk();
        return dump.lines;
    }

    private void walk() {
        if (put("init", () -> {
            nvml.init();
            return "ok";
        }).startsWith("ERROR")) {
            put("nvmlVersion", nvml::systemNvmlVersion);
            return;
        }
        put("driverVersion", nvml::systemDriverVersion);
        put("nvmlVersion", nvml::systemNvmlVersion);
        put("cudaDriverVersion", nvml::systemCudaDriverVersion);
        int count = nvml.deviceCount();
        put("deviceCount", () -> count);
        put("vgpuDriverCapabilities", nvml::vgpuDriverCapabilities);
        for (int i = 0; i < count; i++) {
            device("gpu" + i, nvml.deviceHandleByIndex(i));
        }
    }

    private void device(String p, long d) {
        put(p + ".name", () -> nvml.deviceName(d));
        put(p + ".uuid", () -> nvml.deviceUuid(d));
        put(p + ".pci", () -> nvml.devicePciInfo(d));
        put(p + ".memory", () -> nvml.deviceMemoryInfo(d));
        put(p + ".utilization", () -> nvml.deviceUtilizationRates(d));
        put(p + ".temperature", () -> nvml.deviceTemperature(d));
        put(p + ".power", () -> nvml.devicePowerUsage(d));
        put(p + ".powerLimit", () -> nvml.deviceEnforcedPowerLimit(d));
        for (ClockType t : ClockType.values()) {
            put(p + ".clock." + t, () -> nvml.deviceClock(d, t));
            put(p + ".maxClock." + t, () -> nvml.deviceMaxClock(d, t));
        }
        put(p + ".fan", () -> nvml.deviceFanSpeed(d));
        put(p + ".pstate", () -> nvml.devicePerformanceState(d));
        put(p + ".ecc", () -> nvml.deviceEccMode(d));
        put(p + ".processes", () -> nvml.deviceComputeRunningProcesses(d));
        put(p + ".graphicsProcesses", () -> nvml.deviceGraphicsRunningProcesses(d));
        put(p + ".processUtilization", () -> nvml.deviceProcessUtilization(d, 0));
        put(p + ".processesUtilizationInfo", () -> nvml.deviceProcessesUtilizationInfo(d, 0));
        try {
            nvml.deviceComputeRunningProcesses(d).forEach(proc ->
                    put(p + ".processName." + proc.pid(), () -> nvml.systemProcessName(proc.pid())));
        } catch (NvmlException e) {
            // already recorded above
        }
        put(p + ".virtualizationMode", () -> nvml.deviceVirtualizationMode(d));
        put(p + ".gridLicense", () -> nvml.deviceGridLicense(d));
        put(p + ".migMode", () -> nvml.deviceMigMode(d));
        mig(p, d);
        vgpuHost(p, d);
    }

    private void mig(String p, long d) {
        String max = put(p + ".maxMigDevices", () -> nvml.deviceMaxMigDeviceCount(d));
        if (!max.startsWith("ERROR")) {
            for (int i = 0; i < Integer.parseInt(max); i++) {
                int index = i;
                long mig;
                try {
                    mig = nvml.deviceMigDeviceHandleByIndex(d, index);
                } catch (NvmlException e) {
                    lines.add(p + ".mig" + i + " = ERROR " + e.code());
                    continue;
                }
                String m = p + ".mig" + i;
                put(m + ".name", () -> nvml.deviceName(mig));
                put(m + ".uuid", () -> nvml.deviceUuid(mig));
                put(m + ".gpuInstanceId", () -> nvml.deviceGpuInstanceId(mig));
                put(m + ".computeInstanceId", () -> nvml.deviceComputeInstanceId(mig));
                put(m + ".memory", () -> nvml.deviceMemoryInfo(mig));
            }
        }
        List<GpuInstanceProfile> profiles;
        try {
            profiles = nvml.deviceGpuInstanceProfiles(d);
        } catch (NvmlException e) {
            lines.add(p + ".gpuInstanceProfiles = ERROR " + e.code());
            return;
        }
        lines.add(p + ".gpuInstanceProfiles = " + profiles);
        for (GpuInstanceProfile profile : profiles) {
            List<GpuInstance> instances;
            try {
                instances = nvml.deviceGpuInstances(d, profile.id());
            } catch (NvmlException e) {
                lines.add(p + ".profile" + profile.id() + " = ERROR " + e.code());
                continue;
            }
            for (GpuInstance gi : instances) {
                String g = p + ".gi" + gi.id();
                lines.add(g + " = " + List.of(gi.profileId(), gi.placementStart(), gi.placementSize()));
                List<ComputeInstanceProfile> cps = nvml.gpuInstanceComputeInstanceProfiles(gi.handle());
                lines.add(g + ".computeProfiles = " + cps);
                for (ComputeInstanceProfile cp : cps) {
                    for (ComputeInstance ci : nvml.gpuInstanceComputeInstances(gi.handle(), cp.id())) {
                        lines.add(g + ".ci" + ci.id() + " = " + List.of(ci.profileId(), ci.gpuInstanceId()));
                    }
                }
                gpuInstanceVgpus(g, gi.handle());
            }
        }
    }

    /** A GPU instance's MIG-backed vGPU calls (R575): each answers or fails alike in both mocks. */
    private void gpuInstanceVgpus(String g, long gi) {
        put(g + ".activeVgpus", () -> java.util.Arrays.toString(nvml.gpuInstanceActiveVgpus(gi)));
        put(g + ".creatableVgpus", () -> java.util.Arrays.toString(nvml.gpuInstanceCreatableVgpus(gi)));
        put(g + ".heterogeneousMode", () -> nvml.gpuInstanceVgpuHeterogeneousMode(gi));
        put(g + ".schedulerState", () -> nvml.gpuInstanceVgpuSchedulerState(gi));
        put(g + ".schedulerStateV2", () -> nvml.gpuInstanceVgpuSchedulerStateV2(gi));
        put(g + ".schedulerLog", () -> nvml.gpuInstanceVgpuSchedulerLog(gi, Long.MIN_VALUE));
        put(g + ".schedulerLogV2", () -> nvml.gpuInstanceVgpuSchedulerLogV2(gi, Long.MIN_VALUE));
        long[] types;
        try {
            types = nvml.gpuInstanceCreatableVgpus(gi);
        } catch (NvmlException e) {
            return;
        }
        for (long t : types) {
            put(g + ".type" + t + ".creatablePlacements", () -> {
                VgpuPlacementList l = nvml.gpuInstanceVgpuTypeCreatablePlacements(gi, t);
                return l.placementSize() + " " + java.util.Arrays.toString(l.placementIds());
            });
            put(g + ".type" + t + ".maxPerGpuInstance", () -> nvml.vgpuTypeMaxInstancesPerGpuInstance(t));
        }
    }

    private void vgpuHost(String p, long d) {
        put(p + ".hostVgpuMode", () -> nvml.deviceHostVgpuMode(d));
        put(p + ".schedulerCapabilities", () -> nvml.deviceVgpuSchedulerCapabilities(d));
        put(p + ".schedulerState", () -> nvml.deviceVgpuSchedulerState(d));
        put(p + ".schedulerLog", () -> nvml.deviceVgpuSchedulerLog(d, Long.MIN_VALUE));
        put(p + ".schedulerStateV2", () -> nvml.deviceVgpuSchedulerStateV2(d));
        put(p + ".schedulerLogV2", () -> nvml.deviceVgpuSchedulerLogV2(d, Long.MIN_VALUE));
        put(p + ".heterogeneousMode", () -> nvml.deviceVgpuHeterogeneousMode(d));
        put(p + ".vgpuCapabilities", () -> nvml.deviceVgpuCapabilities(d));
        put(p + ".utilizationSamples", () -> nvml.deviceVgpuUtilization(d, 0));
        put(p + ".instancesUtilization", () -> nvml.deviceVgpuInstancesUtilizationInfo(d, 0));
        put(p + ".processUtilization", () -> nvml.deviceVgpuProcessUtilization(d, 0));
        put(p + ".creatable", () -> Arrays.toString(nvml.deviceCreatableVgpus(d)));
        long[] types;
        try {
            types = nvml.deviceSupportedVgpus(d);
        } catch (NvmlException e) {
            lines.add(p + ".supported = ERROR " + e.code());
            types = new long[0];
        }
        lines.add(p + ".supported = " + Arrays.toString(types));
        for (long t : types) {
            String q = p + ".type" + t;
            put(q + ".name", () -> nvml.vgpuTypeName(t));
            put(q + ".class", () -> nvml.vgpuTypeClass(t));
            put(q + ".framebuffer", () -> nvml.vgpuTypeFramebufferSize(t));
            put(q + ".maxInstances", () -> nvml.vgpuTypeMaxInstances(d, t));
            put(q + ".gpuInstanceProfileId", () -> nvml.vgpuTypeGpuInstanceProfileId(t));
            put(q + ".maxInstancesPerVm", () -> nvml.vgpuTypeMaxInstancesPerVm(t));
            put(q + ".supportedPlacements", () -> nvml.deviceVgpuTypeSupportedPlacements(d, t));
            put(q + ".creatablePlacements", () -> nvml.deviceVgpuTypeCreatablePlacements(d, t));
            put(q + ".bar1", () -> nvml.vgpuTypeBar1Size(t));
            put(q + ".fbReservation", () -> nvml.vgpuTypeFbReservation(t));
            put(q + ".gspHeap", () -> nvml.vgpuTypeGspHeapSize(t));
        }
        long[] active;
        try {
            active = nvml.deviceActiveVgpus(d);
        } catch (NvmlException e) {
            lines.add(p + ".active = ERROR " + e.code());
            return;
        }
        lines.add(p + ".active = " + Arrays.toString(active));
        for (long v : active) {
            vgpu(p + ".vgpu" + Long.toUnsignedString(v), v);
        }
    }

    private void vgpu(String q, long v) {
        put(q + ".uuid", () -> nvml.vgpuInstanceUuid(v));
        put(q + ".vmId", () -> nvml.vgpuInstanceVmId(v));
        put(q + ".vmDriverVersion", () -> nvml.vgpuInstanceVmDriverVersion(v));
        put(q + ".fbUsage", () -> nvml.vgpuInstanceFbUsage(v));
        put(q + ".licenseInfo", () -> nvml.vgpuInstanceLicenseInfo(v));
        put(q + ".licenseStatus", () -> nvml.vgpuInstanceLicenseStatus(v));
        put(q + ".type", () -> nvml.vgpuInstanceType(v));
        put(q + ".frameRateLimit", () -> nvml.vgpuInstanceFrameRateLimit(v));
        put(q + ".ecc", () -> nvml.vgpuInstanceEccMode(v));
        put(q + ".encoderCapacity", () -> nvml.vgpuInstanceEncoderCapacity(v));
        put(q + ".encoderStats", () -> nvml.vgpuInstanceEncoderStats(v));
        put(q + ".gpuInstanceId", () -> nvml.vgpuInstanceGpuInstanceId(v));
        put(q + ".placementId", () -> nvml.vgpuInstancePlacementId(v));
        put(q + ".fbcStats", () -> nvml.vgpuInstanceFbcStats(v));
        put(q + ".runtimeStateSize", () -> nvml.vgpuInstanceRuntimeStateSize(v));
        put(q + ".accountingMode", () -> nvml.vgpuInstanceAccountingMode(v));
        String pids = put(q + ".accountingPids", () -> Arrays.toString(nvml.vgpuInstanceAccountingPids(v)));
        if (!pids.startsWith("ERROR")) {
            for (long pid : nvml.vgpuInstanceAccountingPids(v)) {
                put(q + ".accounting" + pid, () -> nvml.vgpuInstanceAccountingStats(v, pid));
            }
        }
    }

    private String put(String path, Supplier<Object> value) {
        String text;
        try {
            text = String.valueOf(value.get());
        } catch (NvmlException e) {
            text = "ERROR " + e.code();
        }
        lines.add(path + " = " + text);
        return text;
    }
}
