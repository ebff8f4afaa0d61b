package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * This JVM's use of one GPU as the latest poll saw it; periodic, one event per GPU, so Mission Control shows
 * GPU memory and SM time beside heap and GC. Memory is -1 and utilizations NaN when NVML's PIDs cannot be matched
 * to this JVM (see mapping); utilizations are fractions 0 to 1 (JFR's {@code @Percentage}), NaN without a current
 * sample.
 */
@Name("io.smi4j.ProcessGpuSample")
@Label("Process GPU Sample")
@Category("GPU")
@Description("GPU memory and utilization of this JVM and its child processes on one GPU, from the latest NVML poll")
@Period("1 s")
@StackTrace(false)
public class ProcessGpuSample extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("GPU UUID")
    public String gpuUuid;

    @Label("Memory Used")
    @DataAmount
    public long memoryUsed;

    @Label("SM Utilization")
    @Description("Share of the GPU's SM time this JVM and its children used (NaN: no current sample)")
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

    @Label("PID Mapping")
    @Description("FOUND, NOT_FOUND (this JVM uses no GPU) or OTHER_NAMESPACE (NVML's PIDs are not visible here)")
    public String mapping;
}
