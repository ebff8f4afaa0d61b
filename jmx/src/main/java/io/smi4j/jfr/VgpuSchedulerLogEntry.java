package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** One new entry of a GPU's vGPU scheduler log; each entry is recorded once. */
@Name("io.smi4j.VgpuSchedulerLogEntry")
@Label("vGPU Scheduler Log Entry")
@Category("GPU")
@Description("One software runlist scheduling event of the vGPU scheduler")
@StackTrace(false)
public class VgpuSchedulerLogEntry extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("Driver Timestamp")
    @Description("When the runlist ran, by the driver's clock (to the millisecond; driverTimestampNanos is exact)")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long driverTimestamp;

    @Label("Driver Timestamp Nanoseconds")
    @Description("The driver's timestamp of the entry in nanoseconds since the epoch: exact, and the entry's identity")
    public long driverTimestampNanos;

    @Label("Total Run Time")
    @Timespan(Timespan.NANOSECONDS)
    public long timeRunTotal;

    @Label("Run Time")
    @Timespan(Timespan.NANOSECONDS)
    public long timeRun;

    @Label("Software Runlist Id")
    public long swRunlistId;

    @Label("Target Time Slice")
    @Timespan(Timespan.NANOSECONDS)
    public long targetTimeSlice;

    @Label("Cumulative Preemption Time")
    @Timespan(Timespan.NANOSECONDS)
    public long cumulativePreemptionTime;

    @Label("Weight")
    @Description("The runlist's scheduler weight (v2 log, nvml.h 13.2 and later); -1 before")
    public long weight;
}
