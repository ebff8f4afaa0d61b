package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A GPU's health changed between two polls (OK, DEGRADED, LOST, UNAVAILABLE). */
@Name("io.smi4j.GpuHealthChanged")
@Label("GPU Health Changed")
@Category("GPU")
@Description("A physical GPU's health changed between two polls: some calls failing, lost, cannot be opened, or well again")
@StackTrace(false)
public class GpuHealthChanged extends Event {

    @Label("GPU Index")
    public int gpuIndex;

    @Label("GPU UUID")
    @Description("Empty when the GPU could not be opened")
    public String gpuUuid;

    @Label("Previous Health")
    public String previous;

    @Label("Health")
    public String health;

    @Label("Reason")
    @Description("The first failure behind a health other than OK")
    public String reason;
}
