package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A vGPU appeared on a GPU between two polls. */
@Name("io.smi4j.VgpuStarted")
@Label("vGPU Started")
@Category("GPU")
@Description("A vGPU appeared on a physical GPU")
@StackTrace(false)
public class VgpuStarted extends VgpuEvent {
}
