package io.smi4j.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A vGPU disappeared from a GPU between two polls. */
@Name("io.smi4j.VgpuStopped")
@Label("vGPU Stopped")
@Category("GPU")
@Description("A vGPU disappeared from a physical GPU")
@StackTrace(false)
public class VgpuStopped extends VgpuEvent {
}
