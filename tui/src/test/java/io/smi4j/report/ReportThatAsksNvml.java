package io.smi4j.report;

import io.smi4j.nvml.Nvml;

/** Breaks the consumer rule on purpose (a test class, never imported by the real checks): a report asking NVML. */
final class ReportThatAsksNvml {

    static String driver(Nvml nvml) {
        return nvml.systemDriverVersion();
    }
}
