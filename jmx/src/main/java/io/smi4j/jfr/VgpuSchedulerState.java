package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The vGPU scheduler of one GPU now; periodic. */
@Name("io.smi4j.VgpuSchedulerState")
@Label("vGPU Scheduler State")
@Category("GPU")
@Description("Policy, adaptive round-robin mode and time slice of a GPU's vGPU scheduler")
@Period("1 s")
@StackTrace(false)
public class VgpuSchedulerState extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("Policy")
    public String policy;

    @Label("ARR Mode")
    public String arrMode;

    @Label("Time Slice")
    @Timespan(Timespan.NANOSECONDS)
    public long timeslice;

    @Label("ARR Average Factor")
    @Description("Only with ARR enabled, else -1")
    public long avgFactor;

    @Label("Running vGPUs")
    public int vgpus;
}
