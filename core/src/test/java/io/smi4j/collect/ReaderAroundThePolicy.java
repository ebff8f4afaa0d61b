package io.smi4j.collect;

import io.smi4j.nvml.Nvml;
import java.util.function.LongFunction;

/** Breaks the port rule on purpose (a test class, never imported by the real checks): calls NVML outside the policy. */
final class ReaderAroundThePolicy {

    static double temperature(Nvml nvml, long device) {
        return nvml.deviceTemperature(device);
    }

    /** A method reference is a call too. */
    static LongFunction<String> name(Nvml nvml) {
        return nvml::deviceName;
    }
}
