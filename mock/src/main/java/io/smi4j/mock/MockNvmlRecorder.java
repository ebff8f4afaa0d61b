package io.smi4j.mock;

import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.NvmlRecorder;

/** {@link NvmlRecorder} through {@link HostRecorder} and {@link ScenarioFiles}. */
public final class MockNvmlRecorder implements NvmlRecorder {

    @Override
    public String record(Nvml nvml, String hostName, long startUs, boolean anonymize) {
        try (nvml) {
            // through the file form: a GPU that cannot be opened is kept as a fault
            return ScenarioFiles.write(HostRecorder.record(nvml, hostName, 1, 0, ms -> { }), startUs, anonymize);
        } catch (InterruptedException e) {
            throw new IllegalStateException("one poll never waits", e); // the sleeper above never sleeps
        }
    }

    @Override
    public String record(Nvml nvml, String hostName, long startUs, boolean anonymize, int polls, long intervalMs)
            throws InterruptedException {
        try (nvml) {
            return ScenarioFiles.write(HostRecorder.record(nvml, hostName, polls, intervalMs, Thread::sleep), startUs,
                    anonymize);
        }
    }
}
