package io.smi4j.model;


/**
 * One NVML call that failed during a poll. A failure costs only the value it concerns;
 * this records which call failed, where, and with which code.
 *
 * @param gpuIndex     the GPU concerned, or -1 for a host-level call
 * @param vgpuInstance the vGPU instance concerned, or -1
 * @param call         the NVML function, by its exported name
 * @param code         NVML's return code (kept even when not named by the header)
 */
public record CallError(int gpuIndex, long vgpuInstance, String call, int code) {

    public NvmlReturn result() {
        return NvmlReturn.of(code);
    }
}
