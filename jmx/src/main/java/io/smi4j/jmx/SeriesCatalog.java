package io.smi4j.jmx;

import static io.smi4j.jmx.MetricFamily.counter;
import static io.smi4j.jmx.MetricFamily.gauge;
import static io.smi4j.jmx.MetricFamily.state;

import io.smi4j.jmx.SeriesTable.Column;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.ProcessGpuUse;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every series table the MBeans carry and so every {@code allsmi_*} family: the one source
 * of the MBeans' Prometheus attributes, the shipped rules file and the metrics reference.
 * Values are in base units (bytes, seconds, hertz, watts, celsius); utilizations are percents
 * as NVML reports them; states are NVML's codes.
 */
public final class SeriesCatalog {

    private SeriesCatalog() {
    }

    /** Row of the Host table: the host label and its snapshot. */
    public record HostRow(String host, HostSnapshot snapshot) {

        /** NVML call errors since the collector started, as the snapshot counts them. */
        public long errorsTotal() {
            return snapshot.errorsTotal();
        }

        /** GPUs whose readings are there (health OK or DEGRADED). */
        public long workingGpus() {
            return snapshot.gpus().stream().filter(g -> g.health().working()).count();
        }
    }

    /** Row of the anomaly table: impossible values of one NVML function and kind. */
    public record AnomalyRow(String host, AnomalyTotal anomaly) {
    }

    /** Row of the Gpu table. */
    public record GpuRow(String host, GpuInfo gpu) {
    }

    /** Row of the stale list table: one list of a GPU whose enumeration failed in this poll. */
    public record StaleListRow(GpuRow gpu, GpuHealth.StaleList list) {
    }

    /** Row of the VgpuScheduler tables: one vGPU-host GPU. */
    public record SchedulerRow(String host, GpuInfo gpu, VgpuHostInfo vgpuHost) {

        /** Scheduler log entries seen since the collector started, as the snapshot counts them. */
        public long logEntriesTotal() {
            return vgpuHost.logEntriesTotal();
        }
    }

    /** Row of the vGPU type capacity table. */
    public record TypeRow(SchedulerRow scheduler, VgpuTypeInfo type) {
    }

    /** Row of the runlist table: one software runlist of a vGPU-host GPU's recent scheduler log. */
    public record RunlistRow(SchedulerRow scheduler, RunlistShare runlist) {
    }

    /** Row of the GPU instance table: one GPU instance of a vGPU-host GPU in MIG mode (MIG-backed vGPU). */
    public record GpuInstanceRow(SchedulerRow scheduler, GpuInstanceVgpus instance) {
    }

    /** Row of the GPU instance type table: one vGPU type on one GPU instance. */
    public record GpuInstanceTypeRow(GpuInstanceRow instance, GpuInstanceVgpuType type) {
    }

    /** Row of the GPU instance runlist table: one software runlist of a GPU instance's recent scheduler log. */
    public record GpuInstanceRunlistRow(GpuInstanceRow instance, RunlistShare runlist) {
    }

    /**
     * Row of the Vgpu table.
     *
     * @param sequence the snapshot's {@link io.smi4j.model.HostSnapshot#sequence()}: the vGPU's utilization sample
     *                 is {@link #utilizationAgePolls()} polls older than it
     */
    public record VgpuRow(String host, GpuInfo gpu, VgpuInstance vgpu, long sequence) {

        /** Polls since one brought the vGPU's newest utilization sample, as of this row's snapshot; -1 when none. */
        public long utilizationAgePolls() {
            return vgpu.utilizationAgePolls(sequence);
        }
    }

    /** Row of the vGPU accounting table: one process inside a vGPU. */
    public record AccountingRow(VgpuRow vgpu, VgpuAccounting process) {
    }

    /** Row of the MIG table. */
    public record MigRow(String host, GpuInfo gpu, MigInstance mig) {
    }

    /** Row of the process table: this JVM (only where it knows itself: the agent), and how NVML's PIDs matched. */
    public record ProcessRow(String host, ProcessGpuUse use) {
    }

    /** Row of the process GPU table: this JVM and its children on one GPU. */
    public record ProcessGpuRow(ProcessRow process, GpuInfo gpu) {
    }

    /** Row of the process utilization table: one engine of one GPU. */
    public record ProcessEngineRow(ProcessGpuRow gpu, ProcessGpuUse.Engine engine) {
    }

    /** Row of the vGPU capability table: one capability of one vGPU-host GPU, as its label names it. */
    public record CapabilityRow(SchedulerRow scheduler, String capability, Toggle value) {
    }

    /** Row of the vGPU driver capability table: one capability of the host's driver. */
    public record DriverCapabilityRow(String host, String capability, Toggle value) {
    }

    static final String POLICY_CODES = "0 unknown, 1 best effort, 2 equal share, 3 fixed share";
    static final String ARR_CODES = "0 default, 1 disabled, 2 enabled";
    static final String LICENSE_CODES = "0 unknown, 1 uninitialized, 2 unlicensed (unrestricted), "
            + "3 unlicensed (restricted), 4 unlicensed, 5 licensed";

    public static final SeriesTable<HostRow> HOST = new SeriesTable<>("HostSeries",
            List.of("host"), r -> List.of(r.host()),
            List.of(
                    col("gpus", gauge("allsmi_host_gpus", "GPUs",
                            "Physical GPUs read on this host (health ok or degraded)."), HostRow::workingGpus),
                    col("gpus_unavailable", gauge("allsmi_host_gpus_unavailable", "GPUs",
                            "GPUs NVML counts that could not be read: lost, or cannot be opened (these have no UUID and "
                                    + "so no allsmi_gpu_* series)."),
                            r -> r.snapshot().gpus().size() - r.workingGpus()),
                    col("vgpu_host", state("allsmi_host_vgpu_host",
                            "Whether any GPU of this host runs in vGPU host mode.", "1 yes, 0 no"),
                            r -> r.snapshot().isVgpuHost() ? 1 : 0),
                    col("status", state("allsmi_host_nvml_status", "Whether the last poll could use NVML.",
                            "0 ok, 1 no library, 2 no driver, 3 error (nothing readable), 4 degraded (some GPUs not ok), "
                                    + "5 stale (a poll overran its deadline: the series are the last completed poll's)"),
                            r -> r.snapshot().status().ordinal()),
                    col("poll_duration_seconds", gauge("allsmi_host_poll_duration_seconds", "seconds",
                            "How long the last poll of NVML took."), r -> r.snapshot().pollDuration().toNanos() / 1e9),
                    col("last_poll_timestamp_seconds", gauge("allsmi_host_last_poll_timestamp_seconds",
                            "seconds since the epoch", "When the last poll started."),
                            r -> r.snapshot().time().toEpochMilli() / 1e3),
                    col("polls", counter("allsmi_host_polls_total", "polls", "Polls of NVML since the collector started."),
                            r -> r.snapshot().sequence()),
                    col("poll_overruns", counter("allsmi_host_poll_overruns_total", "polls",
                            "Polls that had not returned within the poll deadline (an NVML call that hangs) since the "
                                    + "collector started."), r -> r.snapshot().pollOverruns()),
                    col("nvml_errors", counter("allsmi_host_nvml_errors_total", "calls",
                            "NVML calls that failed since the collector started (NOT_SUPPORTED excluded)."),
                            HostRow::errorsTotal)));

    /**
     * The host's last-poll age: the one family computed when read (a scrape, an MBean read), not when polled, so the
     * embedded exporter renders it per scrape after the families it renders once per snapshot.
     */
    public static final SeriesTable<HostRow> HOST_AGE = new SeriesTable<>("HostAgeSeries",
            List.of("host"), r -> List.of(r.host()),
            List.of(col("last_poll_age_seconds", gauge("allsmi_host_last_poll_age_seconds", "seconds",
                    "Seconds since the last completed poll started, computed when read: it grows while no poll "
                            + "completes (an NVML call that hangs, a stopped collector)."),
                    r -> lastPollAgeSeconds(r.snapshot(), java.time.Instant.now()))));

    /** Seconds from {@code snapshot}'s poll start to {@code now}; never negative. */
    public static double lastPollAgeSeconds(HostSnapshot snapshot, java.time.Instant now) {
        return Math.max(0, java.time.Duration.between(snapshot.time(), now).toNanos() / 1e9);
    }

    public static final SeriesTable<AnomalyRow> ANOMALIES = new SeriesTable<>("HostAnomalySeries",
            List.of("host", "function", "kind"),
            r -> List.of(r.host(), r.anomaly().function(), r.anomaly().kind().name().toLowerCase(Locale.ROOT)),
            List.of(col("nvml_anomalies", counter("allsmi_host_nvml_anomalies_total", "values",
                    "Impossible values NVML answered since the collector started, left out of the data (kind: "
                            + "percent_out_of_range, sentinel, used_over_total, free_underflow, future_timestamp)."),
                    r -> r.anomaly().total())));

    private static final List<String> GPU_LABELS = List.of("host", "gpu_index", "gpu_uuid");

    public static final SeriesTable<GpuRow> GPU = new SeriesTable<>("GpuSeries", GPU_LABELS,
            r -> gpuLabels(r.host(), r.gpu()),
            List.of(
                    col("health", state("allsmi_gpu_health", "Whether the GPU could be read in the last poll.",
                            "0 ok, 1 degraded (some calls failing), 2 lost (fell off the bus; its other series are absent)"),
                            r -> r.gpu().health().state().code()),
                    col("utilization", gauge("allsmi_gpu_utilization", "percent",
                            "Percent of time a kernel ran on the GPU over the last sample period."),
                            r -> r.gpu().utilizationGpuPercent()),
                    col("memory_utilization", gauge("allsmi_gpu_memory_utilization", "percent",
                            "Percent of time device memory was read or written over the last sample period."),
                            r -> r.gpu().utilizationMemoryPercent()),
                    col("memory_used_bytes", gauge("allsmi_gpu_memory_used_bytes", "bytes", "Framebuffer memory in use."),
                            r -> na(r.gpu().memoryUsedBytes())),
                    col("memory_total_bytes", gauge("allsmi_gpu_memory_total_bytes", "bytes", "Framebuffer memory installed."),
                            r -> na(r.gpu().memoryTotalBytes())),
                    col("memory_free_bytes", gauge("allsmi_gpu_memory_free_bytes", "bytes", "Framebuffer memory free."),
                            r -> na(r.gpu().memoryFreeBytes())),
                    col("memory_reserved_bytes", gauge("allsmi_gpu_memory_reserved_bytes", "bytes",
                            "Framebuffer memory reserved by the driver."), r -> na(r.gpu().memoryReservedBytes())),
                    col("temperature_celsius", gauge("allsmi_gpu_temperature_celsius", "celsius", "GPU core temperature."),
                            r -> r.gpu().temperatureCelsius()),
                    col("power_usage_watts", gauge("allsmi_gpu_power_usage_watts", "watts", "Power draw of the board."),
                            r -> r.gpu().powerUsageWatts()),
                    col("power_limit_watts", gauge("allsmi_gpu_power_limit_watts", "watts", "Power management limit."),
                            r -> r.gpu().powerLimitWatts()),
                    col("clock_graphics_hertz", gauge("allsmi_gpu_clock_graphics_hertz", "hertz", "Graphics clock."),
                            r -> na(r.gpu().clocks().graphicsHertz())),
                    col("clock_sm_hertz", gauge("allsmi_gpu_clock_sm_hertz", "hertz", "SM clock."),
                            r -> na(r.gpu().clocks().smHertz())),
                    col("clock_memory_hertz", gauge("allsmi_gpu_clock_memory_hertz", "hertz", "Memory clock."),
                            r -> na(r.gpu().clocks().memoryHertz())),
                    col("clock_graphics_max_hertz", gauge("allsmi_gpu_clock_graphics_max_hertz", "hertz",
                            "Maximum graphics clock."), r -> na(r.gpu().clocks().maxGraphicsHertz())),
                    col("clock_sm_max_hertz", gauge("allsmi_gpu_clock_sm_max_hertz", "hertz", "Maximum SM clock."),
                            r -> na(r.gpu().clocks().maxSmHertz())),
                    col("clock_memory_max_hertz", gauge("allsmi_gpu_clock_memory_max_hertz", "hertz",
                            "Maximum memory clock."), r -> na(r.gpu().clocks().maxMemoryHertz())),
                    col("fan_speed_percent", gauge("allsmi_gpu_fan_speed_percent", "percent",
                            "Intended fan speed, percent of the maximum."), r -> r.gpu().fanSpeedPercent()),
                    col("performance_state", gauge("allsmi_gpu_performance_state", "P-state",
                            "Performance state: 0 (P0, maximum) to 15 (P15, minimum)."),
                            r -> na(r.gpu().performanceState())),
                    col("ecc_mode", state("allsmi_gpu_ecc_mode", "Whether ECC is on.", "1 on, 0 off"),
                            r -> toggle(r.gpu().eccMode())),
                    col("mig_mode", state("allsmi_gpu_mig_mode", "Whether MIG mode is on.", "1 on, 0 off"),
                            r -> toggle(r.gpu().migMode())),
                    col("virtualization_mode", state("allsmi_gpu_virtualization_mode", "The GPU's virtualization mode.",
                            "0 none (bare metal), 1 passthrough, 2 vGPU guest, 3 vGPU host, 4 vSGA host"),
                            r -> na(r.gpu().virtualizationMode().code())),
                    col("processes", gauge("allsmi_gpu_processes", "processes",
                            "Processes on the GPU: compute and graphics, one in both lists once."),
                            r -> r.gpu().processes().size()),
                    col("guest_license_state", state("allsmi_gpu_guest_license_state",
                            "The vGPU license state this VM's GPU reports (vGPU guests only).", LICENSE_CODES),
                            r -> r.gpu().vgpuGuest().map(g -> (double) g.licenseState().code()).orElse(Double.NaN))));

    /** Only lists shown as last read: a list read in this poll has no series. */
    public static final SeriesTable<StaleListRow> STALE_LISTS = new SeriesTable<>("GpuStaleListSeries",
            concat(GPU_LABELS, "list"),
            r -> {
                List<String> l = new ArrayList<>(gpuLabels(r.gpu().host(), r.gpu().gpu()));
                l.add(r.list().list().name().toLowerCase(Locale.ROOT));
                return l;
            },
            List.of(col("age_seconds", gauge("allsmi_gpu_stale_list_age_seconds", "seconds",
                    "Age of a list whose enumeration failed in the last poll: the snapshot shows the last list read "
                            + "(list: vgpus, creatable_vgpu_types, processes, graphics_processes); no series while the list is read, nor "
                            + "before any was read."),
                    r -> r.list().ageSeconds())));

    public static final SeriesTable<SchedulerRow> SCHEDULER = new SeriesTable<>("VgpuSchedulerSeries", GPU_LABELS,
            r -> gpuLabels(r.host(), r.gpu()),
            List.of(
                    col("host_mode", state("allsmi_vgpu_host_mode", "The vGPU host mode of the GPU.",
                            "0 non-SR-IOV, 1 SR-IOV"), r -> na(r.vgpuHost().hostMode().code())),
                    col("heterogeneous_mode", state("allsmi_vgpu_heterogeneous_mode",
                            "Whether vGPUs of different types may share the GPU (R550 and later).", "1 on, 0 off"),
                            r -> toggle(r.vgpuHost().heterogeneousMode())),
                    col("vgpus", gauge("allsmi_vgpu_instances", "vGPUs", "Running vGPUs on the GPU."),
                            r -> r.vgpuHost().vgpus().size()),
                    col("policy", state("allsmi_vgpu_scheduler_policy", "The vGPU scheduler policy now.", POLICY_CODES),
                            r -> sched(r, s -> s.policy().code())),
                    col("arr_mode", state("allsmi_vgpu_scheduler_arr_mode",
                            "The adaptive round-robin mode now (no series on v2 drivers, R580+: they have no ARR mode).",
                            ARR_CODES), r -> sched(r, s -> na(s.arrMode().code()))),
                    col("timeslice_seconds", gauge("allsmi_vgpu_scheduler_timeslice_seconds", "seconds",
                            "The scheduler's time slice now."), r -> sched(r, s -> s.params().timesliceSeconds())),
                    col("avg_factor", gauge("allsmi_vgpu_scheduler_avg_factor", "factor",
                            "The scheduler's average factor now (v1 drivers: only with ARR enabled; v2 drivers, R580+,"
                            + " report it with every policy)."),
                            r -> sched(r, s -> na(s.params().avgFactor()))),
                    col("timeslice_min_seconds", gauge("allsmi_vgpu_scheduler_timeslice_min_seconds", "seconds",
                            "Smallest time slice the GPU accepts."), r -> caps(r, c -> c.minTimesliceSeconds())),
                    col("timeslice_max_seconds", gauge("allsmi_vgpu_scheduler_timeslice_max_seconds", "seconds",
                            "Largest time slice the GPU accepts."), r -> caps(r, c -> c.maxTimesliceSeconds())),
                    col("arr_supported", state("allsmi_vgpu_scheduler_arr_supported",
                            "Whether the GPU supports adaptive round-robin.", "1 yes, 0 no"),
                            r -> caps(r, c -> c.arrModeSupported() ? 1 : 0)),
                    col("arr_frequency_min_hertz", gauge("allsmi_vgpu_scheduler_arr_frequency_min_hertz", "hertz",
                            "Lowest ARR scheduling frequency the GPU accepts."),
                            r -> caps(r, c -> na(c.minFrequencyForArrHertz()))),
                    col("arr_frequency_max_hertz", gauge("allsmi_vgpu_scheduler_arr_frequency_max_hertz", "hertz",
                            "Highest ARR scheduling frequency the GPU accepts."),
                            r -> caps(r, c -> na(c.maxFrequencyForArrHertz()))),
                    col("arr_avg_factor_min", gauge("allsmi_vgpu_scheduler_arr_avg_factor_min", "factor",
                            "Smallest ARR average factor the GPU accepts."),
                            r -> caps(r, c -> na(c.minAvgFactorForArr()))),
                    col("arr_avg_factor_max", gauge("allsmi_vgpu_scheduler_arr_avg_factor_max", "factor",
                            "Largest ARR average factor the GPU accepts."),
                            r -> caps(r, c -> na(c.maxAvgFactorForArr()))),
                    col("log_entries", counter("allsmi_vgpu_scheduler_log_entries_total", "entries",
                            "Scheduler log entries seen since the collector started."),
                            SchedulerRow::logEntriesTotal),
                    col("read_device_buffer_bandwidth", gauge(
                            "allsmi_vgpu_read_device_buffer_bandwidth_bytes_per_second", "bytes per second",
                            "Expected read_device_buffer bandwidth of the GPU, as migration moves a vGPU's data "
                                    + "(nvmlDeviceGetVgpuCapabilities; NVML's MB/s taken as 10^6 bytes)."),
                            r -> vgpuCaps(r, c -> na(c.readDeviceBufferBytesPerSecond()))),
                    col("write_device_buffer_bandwidth", gauge(
                            "allsmi_vgpu_write_device_buffer_bandwidth_bytes_per_second", "bytes per second",
                            "Expected write_device_buffer bandwidth of the GPU (nvmlDeviceGetVgpuCapabilities)."),
                            r -> vgpuCaps(r, c -> na(c.writeDeviceBufferBytesPerSecond())))));

    /** What {@code nvmlDeviceGetVgpuCapabilities} says of a vGPU-host GPU, one series per capability it reports. */
    public static final SeriesTable<CapabilityRow> VGPU_CAPABILITIES = new SeriesTable<>("VgpuCapabilitySeries",
            concat(GPU_LABELS, "capability"),
            r -> {
                List<String> l = new ArrayList<>(gpuLabels(r.scheduler().host(), r.scheduler().gpu()));
                l.add(r.capability());
                return l;
            },
            List.of(col("state", state("allsmi_vgpu_capability",
                    "A vGPU capability of the GPU (nvmlDeviceGetVgpuCapabilities); no series for one the driver does "
                            + "not know (capability: " + String.join(", ", VgpuCapabilityNames.DEVICE) + ").",
                    "1 yes, 0 no"), r -> toggle(r.value()))));

    /** What {@code nvmlGetVgpuDriverCapabilities} says of a vGPU host's driver. */
    public static final SeriesTable<DriverCapabilityRow> VGPU_DRIVER_CAPABILITIES = new SeriesTable<>(
            "VgpuDriverCapabilitySeries", List.of("host", "capability"), r -> List.of(r.host(), r.capability()),
            List.of(col("state", state("allsmi_vgpu_driver_capability",
                    "A vGPU capability of the host's driver (nvmlGetVgpuDriverCapabilities; vGPU hosts only; "
                            + "capability: " + String.join(", ", VgpuCapabilityNames.DRIVER) + ").",
                    "1 yes, 0 no"), r -> toggle(r.value()))));

    /** The scheduler state as a state set: one series, value 1, whose labels name policy and ARR mode. */
    public static final SeriesTable<SchedulerRow> SCHEDULER_STATE = new SeriesTable<>("VgpuSchedulerStateSeries",
            List.of("host", "gpu_index", "gpu_uuid", "policy", "arr_mode"),
            r -> {
                List<String> l = new ArrayList<>(gpuLabels(r.host(), r.gpu()));
                Optional<SchedulerState> s = r.vgpuHost().schedulerState();
                l.add(s.map(x -> x.policy().name().toLowerCase(Locale.ROOT)).orElse("unknown"));
                l.add(s.map(x -> x.arrMode().name().toLowerCase(Locale.ROOT)).orElse("unknown"));
                return l;
            },
            List.of(col("state", state("allsmi_vgpu_scheduler_state",
                    "The vGPU scheduler state now; the labels policy and arr_mode name it.",
                    "always 1; policy: unknown, best_effort, equal_share, fixed_share; arr_mode: default, disabled, "
                            + "enabled, unknown (v2 drivers, R580+: no ARR mode)"),
                    r -> r.vgpuHost().schedulerState().isPresent() ? 1 : Double.NaN)));

    public static final SeriesTable<TypeRow> VGPU_TYPES = new SeriesTable<>("VgpuTypeSeries",
            List.of("host", "gpu_index", "gpu_uuid", "vgpu_type", "vgpu_type_id"),
            r -> {
                List<String> l = new ArrayList<>(gpuLabels(r.scheduler().host(), r.scheduler().gpu()));
                l.add(r.type().name());
                l.add(Long.toString(r.type().typeId()));
                return l;
            },
            List.of(
                    col("max_instances", gauge("allsmi_vgpu_type_max_instances", "vGPUs",
                            "How many vGPUs of this type the GPU holds."), r -> na(r.type().maxInstances())),
                    col("creatable", state("allsmi_vgpu_type_creatable",
                            "Whether one more vGPU of this type can be created now.", "1 yes, 0 no"),
                            r -> r.type().creatable() ? 1 : 0),
                    col("instances", gauge("allsmi_vgpu_type_instances", "vGPUs", "Running vGPUs of this type."),
                            r -> r.type().running()),
                    col("creatable_capacity", gauge("allsmi_vgpu_type_creatable_capacity", "vGPUs",
                            "How many more vGPUs of this type can be created on the GPU now (in heterogeneous mode from "
                                    + "the free placements, otherwise the maximum minus those running)."),
                            r -> na(r.type().creatableCapacity())),
                    col("creatable_placements", gauge("allsmi_vgpu_type_creatable_placements", "placements",
                            "How many placement ids a vGPU of this type can be created at now (heterogeneous mode, R550 "
                                    + "and later)."),
                            r -> r.scheduler().vgpuHost().heterogeneousMode() == Toggle.ON
                                    && r.type().placementSize() > 0 ? r.type().creatablePlacementIds().size()
                                    : Double.NaN),
                    col("placement_size", gauge("allsmi_vgpu_type_placement_size", "slots",
                            "Placement slots one vGPU of this type occupies (R550 and later)."),
                            r -> na(r.type().placementSize())),
                    col("max_instances_per_vm", gauge("allsmi_vgpu_type_max_instances_per_vm", "vGPUs",
                            "How many vGPUs of this type one VM may hold."), r -> na(r.type().maxInstancesPerVm())),
                    col("framebuffer_bytes", gauge("allsmi_vgpu_type_framebuffer_bytes", "bytes",
                            "Framebuffer of one vGPU of this type."), r -> na(r.type().framebufferBytes())),
                    col("bar1_bytes", gauge("allsmi_vgpu_type_bar1_bytes", "bytes",
                            "BAR1 of one vGPU of this type (nvmlVgpuTypeGetBAR1Info, R560 and later)."),
                            r -> na(r.type().bar1Bytes())),
                    col("fb_reservation_bytes", gauge("allsmi_vgpu_type_fb_reservation_bytes", "bytes",
                            "Framebuffer the driver reserves for one vGPU of this type (nvmlVgpuTypeGetFbReservation, "
                                    + "R550 and later)."), r -> na(r.type().fbReservationBytes())),
                    col("gsp_heap_bytes", gauge("allsmi_vgpu_type_gsp_heap_bytes", "bytes",
                            "GSP heap of one vGPU of this type (nvmlVgpuTypeGetGspHeapSize, R550 and later)."),
                            r -> na(r.type().gspHeapBytes()))));

    // issue 13 part A: the scheduler per software runlist, computed from the log (v2 log: with weights)
    public static final SeriesTable<RunlistRow> SCHEDULER_RUNLISTS = new SeriesTable<>("VgpuRunlistSeries",
            List.of("host", "gpu_index", "gpu_uuid", "sw_runlist_id"),
            r -> {
                List<String> l = new ArrayList<>(gpuLabels(r.scheduler().host(), r.scheduler().gpu()));
                l.add(Long.toString(r.runlist().swRunlistId()));
                return l;
            },
            List.of(
                    col("run_share", gauge("allsmi_vgpu_scheduler_runlist_run_share", "ratio",
                            "The runlist's (one per vGPU) share of the GPU's run time over the recent scheduler log "
                                    + "entries, 0 to 1."), r -> r.runlist().share()),
                    col("run_seconds", gauge("allsmi_vgpu_scheduler_runlist_run_seconds", "seconds",
                            "The runlist's run time in the recent scheduler log entries."),
                            r -> r.runlist().timeRunSeconds()),
                    col("weight", gauge("allsmi_vgpu_scheduler_runlist_weight", "weight",
                            "The runlist's scheduler weight as of its newest log entry (v2 log, nvml.h 13.2 and "
                                    + "later)."), r -> na(r.runlist().weight()))));

    // issue 13 part C: MIG-backed vGPU, per GPU instance (R575 and later)
    private static final List<String> GPU_INSTANCE_LABELS = concat(GPU_LABELS, "gpu_instance_id");

    private static List<String> gpuInstanceLabels(GpuInstanceRow r) {
        List<String> l = new ArrayList<>(gpuLabels(r.scheduler().host(), r.scheduler().gpu()));
        l.add(Long.toString(r.instance().gpuInstanceId()));
        return l;
    }

    /** Each GPU instance's vGPU side on a vGPU host in MIG mode: its vGPUs and its own time-slice scheduler. */
    public static final SeriesTable<GpuInstanceRow> GPU_INSTANCE = new SeriesTable<>("VgpuGpuInstanceSeries",
            GPU_INSTANCE_LABELS, SeriesCatalog::gpuInstanceLabels,
            List.of(
                    col("vgpus", gauge("allsmi_vgpu_gpu_instance_vgpus", "vGPUs",
                            "Running vGPUs on the MIG GPU instance (nvmlGpuInstanceGetActiveVgpus, R575 and later)."),
                            r -> r.instance().vgpuIds().size()),
                    col("heterogeneous_mode", state("allsmi_vgpu_gpu_instance_heterogeneous_mode",
                            "Whether vGPUs of different types may share the GPU instance "
                                    + "(nvmlGpuInstanceGetVgpuHeterogeneousMode).", "1 on, 0 off"),
                            r -> toggle(r.instance().heterogeneousMode())),
                    col("policy", state("allsmi_vgpu_gpu_instance_scheduler_policy",
                            "The GPU instance's vGPU scheduler policy now (nvmlGpuInstanceGetVgpuSchedulerState_v2, "
                                    + "else nvmlGpuInstanceGetVgpuSchedulerState).", POLICY_CODES),
                            r -> r.instance().schedulerState().map(s -> (double) s.policy().code()).orElse(Double.NaN)),
                    col("timeslice_seconds", gauge("allsmi_vgpu_gpu_instance_scheduler_timeslice_seconds", "seconds",
                            "The GPU instance scheduler's time slice now."),
                            r -> r.instance().schedulerState().map(s -> s.params().timesliceSeconds())
                                    .orElse(Double.NaN)),
                    col("log_entries", counter("allsmi_vgpu_gpu_instance_scheduler_log_entries_total", "entries",
                            "The GPU instance's scheduler log entries seen since the collector started."),
                            r -> r.instance().logEntriesTotal())));

    /** The vGPU types of each GPU instance with how many more can be created there now. */
    public static final SeriesTable<GpuInstanceTypeRow> GPU_INSTANCE_TYPES = new SeriesTable<>(
            "VgpuGpuInstanceTypeSeries", List.of("host", "gpu_index", "gpu_uuid", "gpu_instance_id", "vgpu_type",
                    "vgpu_type_id"),
            r -> {
                List<String> l = new ArrayList<>(gpuInstanceLabels(r.instance()));
                l.add(r.type().name());
                l.add(Long.toString(r.type().typeId()));
                return l;
            },
            List.of(
                    col("max_instances", gauge("allsmi_vgpu_gpu_instance_type_max_instances", "vGPUs",
                            "How many vGPUs of this type one GPU instance holds "
                                    + "(nvmlVgpuTypeGetMaxInstancesPerGpuInstance)."),
                            r -> na(r.type().maxInstancesPerGpuInstance())),
                    col("creatable", state("allsmi_vgpu_gpu_instance_type_creatable",
                            "Whether one more vGPU of this type can be created on the GPU instance now "
                                    + "(nvmlGpuInstanceGetCreatableVgpus).", "1 yes, 0 no"),
                            r -> r.type().creatable() ? 1 : 0),
                    col("instances", gauge("allsmi_vgpu_gpu_instance_type_instances", "vGPUs",
                            "Running vGPUs of this type on the GPU instance."), r -> r.type().running()),
                    col("creatable_capacity", gauge("allsmi_vgpu_gpu_instance_type_creatable_capacity", "vGPUs",
                            "How many more vGPUs of this type can be created on the GPU instance now (from its free "
                                    + "placements, at most the maximum per instance minus those running)."),
                            r -> na(r.type().creatableCapacity())),
                    col("creatable_placements", gauge("allsmi_vgpu_gpu_instance_type_creatable_placements",
                            "placements", "How many placement ids inside the GPU instance a vGPU of this type can be "
                                    + "created at now (nvmlGpuInstanceGetVgpuTypeCreatablePlacements)."),
                            r -> r.type().placementSize() > 0 ? r.type().creatablePlacementIds().size()
                                    : Double.NaN)));

    /** The GPU instance scheduler per software runlist, computed from its log. */
    public static final SeriesTable<GpuInstanceRunlistRow> GPU_INSTANCE_RUNLISTS = new SeriesTable<>(
            "VgpuGpuInstanceRunlistSeries", concat(GPU_INSTANCE_LABELS, "sw_runlist_id"),
            r -> {
                List<String> l = new ArrayList<>(gpuInstanceLabels(r.instance()));
                l.add(Long.toString(r.runlist().swRunlistId()));
                return l;
            },
            List.of(
                    col("run_share", gauge("allsmi_vgpu_gpu_instance_scheduler_runlist_run_share", "ratio",
                            "The runlist's (one per vGPU) share of the GPU instance's run time over its recent "
                                    + "scheduler log entries, 0 to 1."), r -> r.runlist().share()),
                    col("run_seconds", gauge("allsmi_vgpu_gpu_instance_scheduler_runlist_run_seconds", "seconds",
                            "The runlist's run time in the GPU instance's recent scheduler log entries."),
                            r -> r.runlist().timeRunSeconds()),
                    col("weight", gauge("allsmi_vgpu_gpu_instance_scheduler_runlist_weight", "weight",
                            "The runlist's scheduler weight as of its newest log entry (v2 log)."),
                            r -> na(r.runlist().weight()))));

    private static final List<String> VGPU_LABELS =
            List.of("host", "gpu_index", "gpu_uuid", "vgpu_id", "vgpu_uuid", "vgpu_type", "vm_id");

    public static final SeriesTable<VgpuRow> VGPU = new SeriesTable<>("VgpuSeries", VGPU_LABELS,
            SeriesCatalog::vgpuLabels,
            List.of(
                    col("utilization", gauge("allsmi_vgpu_utilization", "percent",
                            "3D/compute (SM) utilization of the vGPU over the last sample period."),
                            r -> r.vgpu().smUtil()),
                    col("memory_utilization", gauge("allsmi_vgpu_memory_utilization", "percent",
                            "Framebuffer read/write utilization of the vGPU."), r -> r.vgpu().memUtil()),
                    col("encoder_utilization", gauge("allsmi_vgpu_encoder_utilization", "percent",
                            "Video encoder utilization of the vGPU."), r -> r.vgpu().encUtil()),
                    col("decoder_utilization", gauge("allsmi_vgpu_decoder_utilization", "percent",
                            "Video decoder utilization of the vGPU."), r -> r.vgpu().decUtil()),
                    col("jpeg_utilization", gauge("allsmi_vgpu_jpeg_utilization", "percent",
                            "JPEG decoder utilization of the vGPU."), r -> r.vgpu().jpgUtil()),
                    col("ofa_utilization", gauge("allsmi_vgpu_ofa_utilization", "percent",
                            "Optical flow accelerator utilization of the vGPU."), r -> r.vgpu().ofaUtil()),
                    col("utilization_sample_age_polls", gauge("allsmi_vgpu_utilization_sample_age_polls", "polls",
                            "Polls since one brought the vGPU's newest utilization sample (0: the last poll); from "
                                    + VgpuInstance.STALE_AFTER_POLLS + " on, the vGPU utilization families have no "
                                    + "series for it."),
                            r -> na(r.utilizationAgePolls())),
                    col("memory_used_bytes", gauge("allsmi_vgpu_memory_used_bytes", "bytes",
                            "Framebuffer the vGPU uses."), r -> na(r.vgpu().fbUsedBytes())),
                    col("memory_total_bytes", gauge("allsmi_vgpu_memory_total_bytes", "bytes",
                            "Framebuffer of the vGPU (its type's size)."), r -> na(r.vgpu().fbTotalBytes())),
                    col("placement_id", gauge("allsmi_vgpu_placement_id", "placement id",
                            "The first placement slot the vGPU occupies (heterogeneous mode, R550 and later)."),
                            r -> na(r.vgpu().placementId())),
                    col("license_state", state("allsmi_vgpu_license_state", "The guest's vGPU license state.",
                            LICENSE_CODES), r -> r.vgpu().licenseState().code()),
                    col("frame_rate_limit", gauge("allsmi_vgpu_frame_rate_limit", "frames per second",
                            "Frame rate limit of the vGPU (0: none)."), r -> r.vgpu().frameRateLimitFps()),
                    col("ecc_mode", state("allsmi_vgpu_ecc_mode", "Whether ECC is on for the vGPU.", "1 on, 0 off"),
                            r -> toggle(r.vgpu().eccMode())),
                    col("encoder_capacity", gauge("allsmi_vgpu_encoder_capacity", "percent",
                            "Share of the encoder capacity the vGPU may use (0 to 100)."),
                            r -> r.vgpu().encoderCapacityPercent()),
                    col("encoder_sessions", gauge("allsmi_vgpu_encoder_sessions", "sessions",
                            "Active encoder sessions in the vGPU."), r -> na(r.vgpu().encoderSessions())),
                    col("encoder_average_fps", gauge("allsmi_vgpu_encoder_average_fps", "frames per second",
                            "Average encoded frames per second over the vGPU's sessions."),
                            r -> r.vgpu().encoderAverageFps()),
                    col("encoder_average_latency_seconds", gauge("allsmi_vgpu_encoder_average_latency_seconds", "seconds",
                            "Average encode latency over the vGPU's sessions."),
                            r -> r.vgpu().encoderAverageLatencySeconds()),
                    col("fbc_sessions", gauge("allsmi_vgpu_fbc_sessions", "sessions",
                            "Active frame buffer capture (NvFBC) sessions in the vGPU: remote desktops."),
                            r -> na(r.vgpu().fbcSessions())),
                    col("fbc_average_fps", gauge("allsmi_vgpu_fbc_average_fps", "frames per second",
                            "Average new frames captured per second over the vGPU's capture sessions."),
                            r -> r.vgpu().fbcAverageFps()),
                    col("fbc_average_latency_seconds", gauge("allsmi_vgpu_fbc_average_latency_seconds", "seconds",
                            "Average frame capture latency over the vGPU's capture sessions."),
                            r -> r.vgpu().fbcAverageLatencySeconds()),
                    col("accounting_mode", state("allsmi_vgpu_accounting_mode", "Whether accounting is on in the vGPU.",
                            "1 on, 0 off"), r -> toggle(r.vgpu().accountingMode())),
                    col("accounting_processes", gauge("allsmi_vgpu_accounting_processes", "processes",
                            "Processes accounting knows in the vGPU (beyond the per-vGPU cap too)."),
                            r -> r.vgpu().accountingMode() == Toggle.ON ? r.vgpu().accountingPidsTotal() : Double.NaN),
                    col("runtime_state_bytes", gauge("allsmi_vgpu_runtime_state_bytes", "bytes",
                            "Runtime state the vGPU uses besides its framebuffer: what a live migration moves besides "
                                    + "the framebuffer (nvmlVgpuInstanceGetRuntimeStateSize, R570 and later)."),
                            r -> na(r.vgpu().runtimeStateBytes()))));

    public static final SeriesTable<AccountingRow> VGPU_ACCOUNTING = new SeriesTable<>("VgpuAccountingSeries",
            concat(VGPU_LABELS, "pid"),
            r -> {
                List<String> l = new ArrayList<>(vgpuLabels(r.vgpu()));
                l.add(Long.toString(r.process().pid()));
                return l;
            },
            List.of(
                    col("gpu_utilization", gauge("allsmi_vgpu_process_utilization", "percent",
                            "GPU utilization of one process in the vGPU over its run time."),
                            r -> r.process().stats().gpuUtilizationPercent()),
                    col("memory_utilization", gauge("allsmi_vgpu_process_memory_utilization", "percent",
                            "Memory utilization of one process in the vGPU over its run time."),
                            r -> r.process().stats().memoryUtilizationPercent()),
                    col("max_memory_bytes", gauge("allsmi_vgpu_process_max_memory_bytes", "bytes",
                            "Peak framebuffer use of one process in the vGPU."),
                            r -> na(r.process().stats().maxMemoryUsageBytes())),
                    col("run_seconds", gauge("allsmi_vgpu_process_run_seconds", "seconds",
                            "How long the process has run (or ran) in the vGPU."),
                            r -> r.process().stats().runSeconds()),
                    col("running", state("allsmi_vgpu_process_running", "Whether the process still runs.",
                            "1 running, 0 ended"), r -> r.process().stats().running() ? 1 : 0)));

    public static final SeriesTable<MigRow> MIG = new SeriesTable<>("MigSeries",
            List.of("host", "gpu_index", "gpu_uuid", "mig_uuid", "gpu_instance_id", "compute_instance_id"),
            r -> List.of(r.host(), Integer.toString(r.gpu().index()), r.gpu().uuid(), r.mig().uuid(),
                    Long.toString(r.mig().gpuInstanceId()), Long.toString(r.mig().computeInstanceId())),
            List.of(
                    col("memory_used_bytes", gauge("allsmi_mig_memory_used_bytes", "bytes",
                            "Memory the MIG device uses."), r -> na(r.mig().memoryUsedBytes())),
                    col("memory_total_bytes", gauge("allsmi_mig_memory_total_bytes", "bytes",
                            "Memory of the MIG device."), r -> na(r.mig().memoryTotalBytes())),
                    col("slices", gauge("allsmi_mig_slices", "slices", "GPU slices of the MIG GPU instance."),
                            r -> na(r.mig().sliceCount())),
                    col("multiprocessors", gauge("allsmi_mig_multiprocessors", "SMs",
                            "Streaming multiprocessors of the MIG GPU instance."),
                            r -> na(r.mig().multiprocessorCount()))));

    /** Only where a process knows itself (the agent): {@code smi4j api} has no own process and no such series. */
    public static final SeriesTable<ProcessRow> PROCESS = new SeriesTable<>("ProcessSeries", List.of("host", "pid"),
            r -> List.of(r.host(), Long.toString(r.use().pid())),
            List.of(col("pid_mapping", state("allsmi_process_gpu_pid_mapping",
                    "Whether NVML's process PIDs could be matched to this JVM's (its PID, NSpid, children).",
                    "0 found, 1 not found (uses no GPU), 2 other PID namespace (its use cannot be told)"),
                    r -> r.use().mapping().ordinal())));

    private static final List<String> PROCESS_GPU_LABELS = List.of("host", "gpu_index", "gpu_uuid", "pid");

    public static final SeriesTable<ProcessGpuRow> PROCESS_GPU = new SeriesTable<>("ProcessGpuSeries",
            PROCESS_GPU_LABELS, SeriesCatalog::processGpuLabels,
            List.of(col("memory_used_bytes", gauge("allsmi_process_gpu_memory_used_bytes", "bytes",
                    "GPU memory this JVM and its child processes use on the GPU (compute and graphics processes; 0: "
                            + "none there; no series when its PIDs cannot be matched)."),
                    r -> na(r.process().use().memoryUsedBytesOn(r.gpu().uuid())))));

    public static final SeriesTable<ProcessEngineRow> PROCESS_GPU_UTILIZATION = new SeriesTable<>(
            "ProcessGpuUtilizationSeries", concat(PROCESS_GPU_LABELS, "engine"),
            r -> {
                List<String> l = new ArrayList<>(processGpuLabels(r.gpu()));
                l.add(r.engine().label());
                return l;
            },
            List.of(col("utilization", gauge("allsmi_process_gpu_utilization", "percent",
                    "Percent of the GPU's engine (sm, memory, encoder, decoder, jpeg, ofa) this JVM and its child "
                            + "processes used in their newest samples; no series without a current sample."),
                    r -> r.gpu().process().use().utilizationOn(r.gpu().gpu().uuid(), r.engine()))));

    /** Every table, in the order of the documentation. */
    public static final List<SeriesTable<?>> ALL = List.of(HOST, ANOMALIES, GPU, STALE_LISTS, SCHEDULER,
            SCHEDULER_STATE, VGPU_TYPES, SCHEDULER_RUNLISTS, GPU_INSTANCE, GPU_INSTANCE_TYPES, GPU_INSTANCE_RUNLISTS,
            VGPU, VGPU_ACCOUNTING, MIG, VGPU_CAPABILITIES,
            VGPU_DRIVER_CAPABILITIES, PROCESS, PROCESS_GPU, PROCESS_GPU_UTILIZATION, HOST_AGE);

    private static <R> Column<R> col(String name, MetricFamily family, ToDoubleFunction<R> value) {
        return new Column<>(name, family, value);
    }

    private static List<String> gpuLabels(String host, GpuInfo gpu) {
        return List.of(host, Integer.toString(gpu.index()), gpu.uuid());
    }

    private static List<String> processGpuLabels(ProcessGpuRow r) {
        return List.of(r.process().host(), Integer.toString(r.gpu().index()), r.gpu().uuid(),
                Long.toString(r.process().use().pid()));
    }

    private static List<String> vgpuLabels(VgpuRow r) {
        return List.of(r.host(), Integer.toString(r.gpu().index()), r.gpu().uuid(), Long.toString(r.vgpu().id()),
                r.vgpu().uuid(), r.vgpu().typeName(), r.vgpu().vmId());
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return List.copyOf(l);
    }

    private static double na(long v) {
        return v < 0 ? Double.NaN : v;
    }

    private static double toggle(Toggle t) {
        return switch (t) {
            case ON -> 1;
            case OFF -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }

    private static double sched(SchedulerRow r, Function<SchedulerState, Number> f) {
        return r.vgpuHost().schedulerState().map(s -> f.apply(s).doubleValue()).orElse(Double.NaN);
    }

    private static double vgpuCaps(SchedulerRow r, Function<VgpuCapabilities, Number> f) {
        return r.vgpuHost().vgpuCapabilities().map(c -> f.apply(c).doubleValue()).orElse(Double.NaN);
    }

    private static double caps(SchedulerRow r, Function<SchedulerCapabilities, Number> f) {
        return r.vgpuHost().schedulerCapabilities().map(c -> f.apply(c).doubleValue()).orElse(Double.NaN);
    }
}
