package io.smi4j.nvml;

/** {@code nvmlVgpuInstanceGetVmID}: the VM a vGPU belongs to, as the hypervisor names it. */
public record VmId(String id, VmIdType type) {
}
