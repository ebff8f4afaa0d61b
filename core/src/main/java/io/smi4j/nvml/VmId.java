package io.smi4j.nvml;

import io.smi4j.model.VmIdType;

/** {@code nvmlVgpuInstanceGetVmID}: the VM a vGPU belongs to, as the hypervisor names it. */
public record VmId(String id, VmIdType type) {
}
