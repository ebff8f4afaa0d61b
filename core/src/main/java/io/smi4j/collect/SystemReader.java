package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.nvmlDeviceGetCount_v2;
import static io.smi4j.nvml.NvmlFunction.nvmlGetVgpuDriverCapabilities;
import static io.smi4j.nvml.NvmlFunction.nvmlSystemGetCudaDriverVersion_v2;
import static io.smi4j.nvml.NvmlFunction.nvmlSystemGetDriverVersion;

import io.smi4j.model.VgpuDriverCapabilities;
import io.smi4j.nvml.VgpuDriverCapability;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what NVML says of the host rather than of a GPU: the driver and CUDA versions once per session, the GPU count,
 * and on a vGPU host the driver's vGPU capabilities once per session.
 */
final class SystemReader {

    private final CallPolicy calls;
    private String driverVersion;
    private String cudaVersion;
    /** Null until read this session. */
    private Optional<VgpuDriverCapabilities> vgpuDriverCapabilities;

    SystemReader(CallPolicy calls) {
        this.calls = calls;
    }

    /** A fresh NVML session: the driver may have been replaced. */
    void newSession() {
        driverVersion = null;
        cudaVersion = null;
        vgpuDriverCapabilities = null;
    }

    /**
     * {@code nvmlGetVgpuDriverCapabilities} (a vGPU host's fact: ask only there), once per session; asked again next
     * time when it failed; empty when the driver lacks it or reports none.
     */
    Optional<VgpuDriverCapabilities> vgpuDriverCapabilities() {
        if (vgpuDriverCapabilities == null) {
            CallTarget system = calls.system();
            Map<VgpuDriverCapability, Long> answers = calls.get(system, nvmlGetVgpuDriverCapabilities,
                    (n, x) -> n.vgpuDriverCapabilities(), 0, null);
            if (answers != null) {
                vgpuDriverCapabilities = Optional.of(VgpuHostReader.driverCapabilities(answers));
            } else if (!system.supports(nvmlGetVgpuDriverCapabilities)) {
                vgpuDriverCapabilities = Optional.empty();
            }
        }
        return vgpuDriverCapabilities == null ? Optional.empty() : vgpuDriverCapabilities;
    }

    /** Reads the versions not known yet this session. */
    void readVersions() {
        CallTarget system = calls.system();
        if (driverVersion == null) {
            driverVersion = calls.get(system, nvmlSystemGetDriverVersion, (n, x) -> n.systemDriverVersion(), 0, null);
        }
        if (cudaVersion == null) {
            long v = calls.getLong(system, nvmlSystemGetCudaDriverVersion_v2, (n, x) -> n.systemCudaDriverVersion(),
                    0, -1);
            cudaVersion = v < 0 ? null : (v / 1000) + "." + (v % 1000) / 10;
        }
    }

    /** How many GPUs NVML sees now; -1 when it could not say. */
    int gpuCount() {
        return (int) calls.getLong(calls.system(), nvmlDeviceGetCount_v2, (n, x) -> n.deviceCount(), 0, -1);
    }

    /** e.g. {@code 550.163.01}; {@code ""} when not known. */
    String driverVersion() {
        return DeviceReader.orEmpty(driverVersion);
    }

    /** e.g. {@code 12.4}; {@code ""} when not known. */
    String cudaVersion() {
        return DeviceReader.orEmpty(cudaVersion);
    }
}
