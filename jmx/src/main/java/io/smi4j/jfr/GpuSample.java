package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One physical GPU as the latest poll saw it; periodic. Fractions are 0..1, -1 or NaN where NVML has no value. */
@Name("io.smi4j.GpuSample")
@Label("GPU Sample")
@Category("GPU")
@Description("One physical GPU as the latest NVML poll saw it")
@Period("1 s")
@StackTrace(false)
public class GpuSample extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("GPU UUID")
    public String gpuUuid;

    @Label("Name")
    public String name;

    @Label("Virtualization Mode")
    public String virtualizationMode;

    @Label("GPU Utilization")
    @Percentage
    public float utilization;

    @Label("Memory Utilization")
    @Percentage
    public float memoryUtilization;

    @Label("Memory Used")
    @DataAmount
    public long memoryUsed;

    @Label("Memory Total")
    @DataAmount
    public long memoryTotal;

    @Label("Temperature (°C)")
    public float temperatureCelsius;

    @Label("Power Usage (W)")
    public float powerUsageWatts;

    @Label("SM Clock")
    @Frequency
    public long smClock;

    @Label("Processes")
    public int processes;
}
