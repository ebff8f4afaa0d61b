package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One running vGPU as the latest poll saw it; periodic. Utilizations are fractions 0..1, NaN before the first sample. */
@Name("io.smi4j.VgpuSample")
@Label("vGPU Sample")
@Category("GPU")
@Description("One running vGPU as the latest NVML poll saw it")
@Period("1 s")
@StackTrace(false)
public class VgpuSample extends VgpuEvent {

    @Label("SM Utilization")
    @Percentage
    public float smUtilization;

    @Label("Memory Utilization")
    @Percentage
    public float memoryUtilization;

    @Label("Encoder Utilization")
    @Percentage
    public float encoderUtilization;

    @Label("Decoder Utilization")
    @Percentage
    public float decoderUtilization;

    @Label("Framebuffer Used")
    @DataAmount
    public long framebufferUsed;

    @Label("Framebuffer Total")
    @DataAmount
    public long framebufferTotal;

    @Label("License State")
    public String licenseState;
}
