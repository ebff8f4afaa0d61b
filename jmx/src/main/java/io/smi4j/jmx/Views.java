package io.smi4j.jmx;

import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuInstance;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The MXBean implementations: each holds the row of the last snapshot that concerns it
 * (replaced whole, so every getter reads one consistent poll) and answers from it.
 */
final class Views {

    private Views() {
    }

    static final class Host implements HostMXBean {
        volatile HostRow row;

        Host(HostRow row) {
            this.row = row;
        }

        private HostSnapshot s() {
            return row.snapshot();
        }

        @Override
        public String getHostName() {
            return s().hostName();
        }

        @Override
        public String getStatus() {
            return s().status().name();
        }

        @Override
        public String getStatusDetail() {
            return s().statusDetail();
        }

        @Override
        public String getDriverVersion() {
            return s().driverVersion();
        }

        @Override
        public String getNvmlVersion() {
            return s().nvmlVersion();
        }

        @Override
        public String getCudaDriverVersion() {
            return s().cudaDriverVersion();
        }

        @Override
        public int getGpuCount() {
            return (int) s().gpus().stream().filter(g -> g.health().working()).count();
        }

        @Override
        public int getUnavailableGpuCount() {
            return s().gpus().size() - getGpuCount();
        }

        @Override
        public boolean isVgpuHost() {
            return s().isVgpuHost();
        }

        @Override
        public int getVgpuCount() {
            return s().gpus().stream().mapToInt(g -> g.vgpuHost().map(v -> v.vgpus().size()).orElse(0)).sum();
        }

        @Override
        public Map<String, String> getVgpuDriverCapabilities() {
            return s().vgpuDriverCapabilities().map(c -> VgpuCapabilityNames.states(VgpuCapabilityNames.of(c)))
                    .orElse(Map.of());
        }

        @Override
        public long getPollSequence() {
            return s().sequence();
        }

        @Override
        public Date getLastPollTime() {
            return Date.from(s().time());
        }

        @Override
        public double getLastPollDurationSeconds() {
            return s().pollDuration().toNanos() / 1e9;
        }

        @Override
        public double getLastPollAgeSeconds() {
            return SeriesCatalog.lastPollAgeSeconds(s(), java.time.Instant.now());
        }

        @Override
        public long getPollOverruns() {
            return s().pollOverruns();
        }

        @Override
        public int getLastPollErrorCount() {
            return s().errors().size();
        }

        @Override
        public long getNvmlErrorsTotal() {
            return row.errorsTotal();
        }

        @Override
        public SnapshotData getSnapshot() {
            return new SnapshotData(s());
        }
    }

    static final class Gpu implements GpuMXBean {
        volatile GpuRow row;

        Gpu(GpuRow row) {
            this.row = row;
        }

        private GpuInfo g() {
            return row.gpu();
        }

        @Override
        public int getIndex() {
            return g().index();
        }

        @Override
        public String getUuid() {
            return g().uuid();
        }

        @Override
        public String getHealth() {
            return g().health().state().name();
        }

        @Override
        public String getHealthReason() {
            return g().health().reason();
        }

        @Override
        public String getName() {
            return g().name();
        }

        @Override
        public String getPciBusId() {
            return g().pciBusId();
        }

        @Override
        public String getVirtualizationMode() {
            return g().virtualizationMode().name();
        }

        @Override
        public double getUtilizationGpuPercent() {
            return g().utilizationGpuPercent();
        }

        @Override
        public double getUtilizationMemoryPercent() {
            return g().utilizationMemoryPercent();
        }

        @Override
        public long getMemoryTotalBytes() {
            return g().memoryTotalBytes();
        }

        @Override
        public long getMemoryUsedBytes() {
            return g().memoryUsedBytes();
        }

        @Override
        public long getMemoryFreeBytes() {
            return g().memoryFreeBytes();
        }

        @Override
        public long getMemoryReservedBytes() {
            return g().memoryReservedBytes();
        }

        @Override
        public double getTemperatureCelsius() {
            return g().temperatureCelsius();
        }

        @Override
        public double getPowerUsageWatts() {
            return g().powerUsageWatts();
        }

        @Override
        public double getPowerLimitWatts() {
            return g().powerLimitWatts();
        }

        @Override
        public long getGraphicsClockHertz() {
            return g().clocks().graphicsHertz();
        }

        @Override
        public long getSmClockHertz() {
            return g().clocks().smHertz();
        }

        @Override
        public long getMemoryClockHertz() {
            return g().clocks().memoryHertz();
        }

        @Override
        public long getMaxGraphicsClockHertz() {
            return g().clocks().maxGraphicsHertz();
        }

        @Override
        public long getMaxSmClockHertz() {
            return g().clocks().maxSmHertz();
        }

        @Override
        public long getMaxMemoryClockHertz() {
            return g().clocks().maxMemoryHertz();
        }

        @Override
        public double getFanSpeedPercent() {
            return g().fanSpeedPercent();
        }

        @Override
        public int getPerformanceState() {
            return g().performanceState();
        }

        @Override
        public String getEccMode() {
            return g().eccMode().name();
        }

        @Override
        public String getMigMode() {
            return g().migMode().name();
        }

        @Override
        public int getProcessCount() {
            return g().processes().size();
        }
    }

    static class Scheduler implements VgpuSchedulerMXBean {
        volatile SchedulerRow row;
        private final int keep;

        Scheduler(SchedulerRow row, int keep) {
            this.keep = keep;
            update(row);
        }

        final void update(SchedulerRow newRow) {
            row = newRow;
        }

        private <T> T state(Function<SchedulerState, T> f, T otherwise) {
            return row.vgpuHost().schedulerState().map(f).orElse(otherwise);
        }

        private long caps(Function<SchedulerCapabilities, Long> f) {
            return row.vgpuHost().schedulerCapabilities().map(f).orElse(-1L);
        }

        @Override
        public int getGpuIndex() {
            return row.gpu().index();
        }

        @Override
        public String getGpuUuid() {
            return row.gpu().uuid();
        }

        @Override
        public String getHostMode() {
            return row.vgpuHost().hostMode().name();
        }

        @Override
        public String getHeterogeneousMode() {
            return row.vgpuHost().heterogeneousMode().name();
        }

        @Override
        public String getPolicy() {
            return state(s -> s.policy().name(), "");
        }

        @Override
        public String getArrMode() {
            return state(s -> s.arrMode().name(), "");
        }

        @Override
        public double getTimesliceSeconds() {
            return state(s -> s.params().timesliceSeconds(), Double.NaN);
        }

        @Override
        public long getAvgFactor() {
            return state(s -> s.params().avgFactor(), -1L);
        }

        @Override
        public List<String> getSupportedPolicies() {
            return row.vgpuHost().schedulerCapabilities()
                    .map(c -> c.supportedSchedulers().stream().map(Enum::name).toList()).orElse(List.of());
        }

        @Override
        public double getMinTimesliceSeconds() {
            return row.vgpuHost().schedulerCapabilities().map(SchedulerCapabilities::minTimesliceSeconds)
                    .orElse(Double.NaN);
        }

        @Override
        public double getMaxTimesliceSeconds() {
            return row.vgpuHost().schedulerCapabilities().map(SchedulerCapabilities::maxTimesliceSeconds)
                    .orElse(Double.NaN);
        }

        @Override
        public boolean isArrSupported() {
            return row.vgpuHost().schedulerCapabilities().map(SchedulerCapabilities::arrModeSupported).orElse(false);
        }

        @Override
        public long getMinArrFrequencyHertz() {
            return caps(SchedulerCapabilities::minFrequencyForArrHertz);
        }

        @Override
        public long getMaxArrFrequencyHertz() {
            return caps(SchedulerCapabilities::maxFrequencyForArrHertz);
        }

        @Override
        public long getMinArrAvgFactor() {
            return caps(SchedulerCapabilities::minAvgFactorForArr);
        }

        @Override
        public long getMaxArrAvgFactor() {
            return caps(SchedulerCapabilities::maxAvgFactorForArr);
        }

        @Override
        public int getVgpuCount() {
            return row.vgpuHost().vgpus().size();
        }

        @Override
        public VgpuTypesData getVgpuTypes() {
            return new VgpuTypesData(row.vgpuHost().types());
        }

        @Override
        public Map<String, String> getVgpuCapabilities() {
            return row.vgpuHost().vgpuCapabilities()
                    .map(c -> VgpuCapabilityNames.states(VgpuCapabilityNames.of(c))).orElse(Map.of());
        }

        @Override
        public long getReadDeviceBufferBytesPerSecond() {
            return row.vgpuHost().vgpuCapabilities().map(VgpuCapabilities::readDeviceBufferBytesPerSecond).orElse(-1L);
        }

        @Override
        public long getWriteDeviceBufferBytesPerSecond() {
            return row.vgpuHost().vgpuCapabilities().map(VgpuCapabilities::writeDeviceBufferBytesPerSecond).orElse(-1L);
        }

        @Override
        public long getLogEntriesTotal() {
            return row.logEntriesTotal();
        }

        @Override
        public SchedulerLogData getRecentLogEntries() {
            List<SchedulerLogEntry> recent = row.vgpuHost().recentLogEntries();
            return new SchedulerLogData(recent.subList(Math.max(0, recent.size() - keep), recent.size()));
        }

        @Override
        public RunlistSharesData getRunlistShares() {
            return new RunlistSharesData(row.vgpuHost().runlistShares());
        }

        @Override
        public MigBackedVgpuData getGpuInstances() {
            List<GpuInstanceVgpus> out = new ArrayList<>();
            for (GpuInstanceVgpus gi : row.vgpuHost().migBackedVgpu().map(MigBackedVgpu::gpuInstances)
                    .orElse(List.of())) {
                List<SchedulerLogEntry> recent = gi.recentLogEntries();
                out.add(new GpuInstanceVgpus(gi.gpuInstanceId(), gi.gpuInstanceProfileId(), gi.schedulerState(),
                        gi.schedulerEngineId(), recent.subList(Math.max(0, recent.size() - keep), recent.size()),
                        gi.logEntriesTotal(), gi.heterogeneousMode(), gi.types(), gi.vgpuIds(), gi.runlistShares()));
            }
            return new MigBackedVgpuData(out);
        }
    }

    static final class ControlledScheduler extends Scheduler implements VgpuSchedulerControlMXBean {
        private final JmxOptions.SchedulerSetter setter;

        ControlledScheduler(SchedulerRow row, int keep, JmxOptions.SchedulerSetter setter) {
            super(row, keep);
            this.setter = setter;
        }

        @Override
        public void setSchedulerState(String policy, boolean enableArr, long avgFactor, long frequencyHertz,
                double timesliceSeconds) {
            SchedulerPolicy p = SchedulerPolicy.parse(policy);
            SchedulerSetState state = enableArr
                    ? SchedulerSetState.withArr(p, avgFactor, frequencyHertz)
                    : SchedulerSetState.withTimeslice(p, timesliceSeconds);
            setter.set(getGpuIndex(), state);
        }

        @Override
        public void setSchedulerStateV2(String policy, long avgFactor, long frequencyHertz) {
            setter.set(getGpuIndex(), SchedulerSetState.v2(SchedulerPolicy.parse(policy), avgFactor, frequencyHertz));
        }
    }

    static final class Vgpu implements VgpuMXBean {
        volatile VgpuRow row;
        /** The sequence of the snapshot shown: a row whose record did not change is kept, with its first sequence. */
        private final LongSupplier sequence;

        Vgpu(VgpuRow row, LongSupplier sequence) {
            this.row = row;
            this.sequence = sequence;
        }

        private VgpuInstance v() {
            return row.vgpu();
        }

        @Override
        public long getId() {
            return v().id();
        }

        @Override
        public String getUuid() {
            return v().uuid();
        }

        @Override
        public int getGpuIndex() {
            return row.gpu().index();
        }

        @Override
        public long getTypeId() {
            return v().typeId();
        }

        @Override
        public String getTypeName() {
            return v().typeName();
        }

        @Override
        public String getTypeClass() {
            return v().typeClass();
        }

        @Override
        public String getVmId() {
            return v().vmId();
        }

        @Override
        public String getVmIdType() {
            return v().vmIdType().name();
        }

        @Override
        public String getGuestDriverVersion() {
            return v().guestDriverVersion();
        }

        @Override
        public long getFramebufferUsedBytes() {
            return v().fbUsedBytes();
        }

        @Override
        public long getFramebufferTotalBytes() {
            return v().fbTotalBytes();
        }

        @Override
        public double getSmUtilizationPercent() {
            return v().smUtil();
        }

        @Override
        public double getMemoryUtilizationPercent() {
            return v().memUtil();
        }

        @Override
        public double getEncoderUtilizationPercent() {
            return v().encUtil();
        }

        @Override
        public double getDecoderUtilizationPercent() {
            return v().decUtil();
        }

        @Override
        public double getJpegUtilizationPercent() {
            return v().jpgUtil();
        }

        @Override
        public double getOfaUtilizationPercent() {
            return v().ofaUtil();
        }

        @Override
        public long getUtilizationTimestampNanoseconds() {
            return v().utilizationTimestampNs();
        }

        @Override
        public long getUtilizationAgePolls() {
            VgpuRow r = row;
            return r.vgpu().utilizationAgePolls(Math.max(r.sequence(), sequence.getAsLong()));
        }

        @Override
        public String getLicenseState() {
            return v().licenseState().name();
        }

        @Override
        public double getFrameRateLimitFps() {
            return v().frameRateLimitFps();
        }

        @Override
        public String getEccMode() {
            return v().eccMode().name();
        }

        @Override
        public double getEncoderCapacityPercent() {
            return v().encoderCapacityPercent();
        }

        @Override
        public long getEncoderSessions() {
            return v().encoderSessions();
        }

        @Override
        public double getEncoderAverageFps() {
            return v().encoderAverageFps();
        }

        @Override
        public double getEncoderAverageLatencySeconds() {
            return v().encoderAverageLatencySeconds();
        }

        @Override
        public long getGpuInstanceId() {
            return v().gpuInstanceId();
        }

        @Override
        public String getAccountingMode() {
            return v().accountingMode().name();
        }

        @Override
        public int getAccountingPidsTotal() {
            return v().accountingPidsTotal();
        }

        @Override
        public long getRuntimeStateBytes() {
            return v().runtimeStateBytes();
        }

        @Override
        public VgpuData getInstance() {
            return new VgpuData(v());
        }
    }

    static final class Mig implements MigInstanceMXBean {
        volatile MigRow row;

        Mig(MigRow row) {
            this.row = row;
        }

        @Override
        public int getGpuIndex() {
            return row.gpu().index();
        }

        @Override
        public String getUuid() {
            return row.mig().uuid();
        }

        @Override
        public String getName() {
            return row.mig().name();
        }

        @Override
        public long getGpuInstanceId() {
            return row.mig().gpuInstanceId();
        }

        @Override
        public long getComputeInstanceId() {
            return row.mig().computeInstanceId();
        }

        @Override
        public long getProfileId() {
            return row.mig().profileId();
        }

        @Override
        public long getSliceCount() {
            return row.mig().sliceCount();
        }

        @Override
        public long getMultiprocessorCount() {
            return row.mig().multiprocessorCount();
        }

        @Override
        public long getMemoryTotalBytes() {
            return row.mig().memoryTotalBytes();
        }

        @Override
        public long getMemoryUsedBytes() {
            return row.mig().memoryUsedBytes();
        }
    }
}
