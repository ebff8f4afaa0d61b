package io.smi4j.jfr;

import jdk.jfr.Event;
import jdk.jfr.Label;

/** The fields naming one vGPU, shared by the vGPU events; JFR records fields inherited from a superclass. */
public abstract class VgpuEvent extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("vGPU Instance Id")
    public long vgpuId;

    @Label("vGPU UUID")
    public String vgpuUuid;

    @Label("vGPU Type")
    public String vgpuType;

    @Label("VM Id")
    public String vmId;
}
