package io.smi4j.jmx;

import io.smi4j.collect.OwnProcess;
import io.smi4j.jmx.SeriesCatalog.AccountingRow;
import io.smi4j.jmx.SeriesCatalog.AnomalyRow;
import io.smi4j.jmx.SeriesCatalog.CapabilityRow;
import io.smi4j.jmx.SeriesCatalog.DriverCapabilityRow;
import io.smi4j.jmx.SeriesCatalog.GpuInstanceRow;
import io.smi4j.jmx.SeriesCatalog.GpuInstanceRunlistRow;
import io.smi4j.jmx.SeriesCatalog.GpuInstanceTypeRow;
import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.ProcessEngineRow;
import io.smi4j.jmx.SeriesCatalog.ProcessGpuRow;
import io.smi4j.jmx.SeriesCatalog.ProcessRow;
import io.smi4j.jmx.SeriesCatalog.RunlistRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.StaleListRow;
import io.smi4j.jmx.SeriesCatalog.TypeRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.MigInstance;
import io.smi4j.model.ProcessGpuUse;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of one snapshot for every table of {@link SeriesCatalog}: what the Metrics MBean serves the JMX
 * exporter and what the direct Prometheus rendering writes, built in one place.
 */
public record SeriesRows(List<HostRow> host, List<AnomalyRow> anomalies, List<GpuRow> gpus, List<StaleListRow> staleLists,
        List<SchedulerRow> schedulers, List<TypeRow> types, List<RunlistRow> runlists,
        List<GpuInstanceRow> gpuInstances, List<GpuInstanceTypeRow> gpuInstanceTypes,
        List<GpuInstanceRunlistRow> gpuInstanceRunlists, List<VgpuRow> vgpus,
        List<AccountingRow> accounting, List<MigRow> migs, List<CapabilityRow> capabilities,
        List<DriverCapabilityRow> driverCapabilities, List<ProcessRow> process, List<ProcessGpuRow> processGpus,
        List<ProcessEngineRow> processEngines) {

    /** The rows of {@code snapshot}, labelled with {@code host} (usually the snapshot's own host name). */
    public static SeriesRows of(HostSnapshot snapshot, String host) {
        return of(snapshot, host, Optional.empty());
    }

    /**
     * The rows of {@code snapshot}, with those of {@code self}'s GPU use when present (a process that knows itself:
     * the agent's JVM; {@code smi4j api} has none, and so no process rows).
     */
    public static SeriesRows of(HostSnapshot snapshot, String host, Optional<OwnProcess> self) {
        List<GpuRow> gpus = new ArrayList<>(snapshot.gpus().size());
        List<StaleListRow> staleLists = new ArrayList<>();
        List<SchedulerRow> schedulers = new ArrayList<>();
        List<TypeRow> types = new ArrayList<>();
        List<RunlistRow> runlists = new ArrayList<>();
        List<GpuInstanceRow> gpuInstances = new ArrayList<>();
        List<GpuInstanceTypeRow> gpuInstanceTypes = new ArrayList<>();
        List<GpuInstanceRunlistRow> gpuInstanceRunlists = new ArrayList<>();
        List<VgpuRow> vgpus = new ArrayList<>();
        List<AccountingRow> accounting = new ArrayList<>();
        List<MigRow> migs = new ArrayList<>();
        List<CapabilityRow> capabilities = new ArrayList<>();
        for (GpuInfo g : snapshot.gpus()) {
            if (!g.identified()) {
                continue; // a GPU that could not be opened has no UUID to label it: counted in allsmi_host_gpus_unavailable
            }
            GpuRow gpu = new GpuRow(host, g);
            gpus.add(gpu);
            for (GpuHealth.StaleList l : g.health().staleLists()) {
                staleLists.add(new StaleListRow(gpu, l));
            }
            for (MigInstance m : g.migInstances()) {
                migs.add(new MigRow(host, g, m));
            }
            if (g.vgpuHost().isEmpty()) {
                continue;
            }
            VgpuHostInfo h = g.vgpuHost().get();
            SchedulerRow scheduler = new SchedulerRow(host, g, h);
            schedulers.add(scheduler);
            h.vgpuCapabilities().ifPresent(c -> VgpuCapabilityNames.of(c).forEach(
                    (name, value) -> capabilities.add(new CapabilityRow(scheduler, name, value))));
            for (VgpuTypeInfo t : h.types()) {
                types.add(new TypeRow(scheduler, t));
            }
            for (RunlistShare r : h.runlistShares()) {
                runlists.add(new RunlistRow(scheduler, r));
            }
            for (GpuInstanceVgpus gi : h.migBackedVgpu().map(MigBackedVgpu::gpuInstances).orElse(List.of())) {
                GpuInstanceRow row = new GpuInstanceRow(scheduler, gi);
                gpuInstances.add(row);
                for (GpuInstanceVgpuType t : gi.types()) {
                    gpuInstanceTypes.add(new GpuInstanceTypeRow(row, t));
                }
                for (RunlistShare r : gi.runlistShares()) {
                    gpuInstanceRunlists.add(new GpuInstanceRunlistRow(row, r));
                }
            }
            for (VgpuInstance v : h.vgpus()) {
                VgpuRow row = new VgpuRow(host, g, v, snapshot.sequence());
                vgpus.add(row);
                for (VgpuAccounting a : v.accounting()) {
                    accounting.add(new AccountingRow(row, a));
                }
            }
        }
        List<AnomalyRow> anomalies = new ArrayList<>(snapshot.anomalyTotals().size());
        for (AnomalyTotal a : snapshot.anomalyTotals()) {
            anomalies.add(new AnomalyRow(host, a));
        }
        List<DriverCapabilityRow> driverCapabilities = new ArrayList<>();
        snapshot.vgpuDriverCapabilities().ifPresent(c -> VgpuCapabilityNames.of(c).forEach(
                (name, value) -> driverCapabilities.add(new DriverCapabilityRow(host, name, value))));
        List<ProcessRow> process = new ArrayList<>(1);
        List<ProcessGpuRow> processGpus = new ArrayList<>();
        List<ProcessEngineRow> processEngines = new ArrayList<>();
        if (self.isPresent()) {
            ProcessRow p = new ProcessRow(host, self.get().use(snapshot));
            process.add(p);
            for (GpuRow g : gpus) {
                ProcessGpuRow pg = new ProcessGpuRow(p, g.gpu());
                processGpus.add(pg);
                for (ProcessGpuUse.Engine e : ProcessGpuUse.Engine.values()) {
                    processEngines.add(new ProcessEngineRow(pg, e));
                }
            }
        }
        return new SeriesRows(List.of(new HostRow(host, snapshot)), anomalies, gpus, staleLists, schedulers, types, runlists,
                gpuInstances, gpuInstanceTypes, gpuInstanceRunlists, vgpus, accounting, migs, capabilities,
                driverCapabilities, process, processGpus, processEngines);
    }

    /** Calls {@code visitor} with every table and its rows, in the catalog's order. */
    public void forEachTable(TableVisitor visitor) {
        visitor.table(SeriesCatalog.HOST, host);
        visitor.table(SeriesCatalog.ANOMALIES, anomalies);
        visitor.table(SeriesCatalog.GPU, gpus);
        visitor.table(SeriesCatalog.STALE_LISTS, staleLists);
        visitor.table(SeriesCatalog.SCHEDULER, schedulers);
        visitor.table(SeriesCatalog.SCHEDULER_STATE, schedulers);
        visitor.table(SeriesCatalog.VGPU_TYPES, types);
        visitor.table(SeriesCatalog.SCHEDULER_RUNLISTS, runlists);
        visitor.table(SeriesCatalog.GPU_INSTANCE, gpuInstances);
        visitor.table(SeriesCatalog.GPU_INSTANCE_TYPES, gpuInstanceTypes);
        visitor.table(SeriesCatalog.GPU_INSTANCE_RUNLISTS, gpuInstanceRunlists);
        visitor.table(SeriesCatalog.VGPU, vgpus);
        visitor.table(SeriesCatalog.VGPU_ACCOUNTING, accounting);
        visitor.table(SeriesCatalog.MIG, migs);
        visitor.table(SeriesCatalog.VGPU_CAPABILITIES, capabilities);
        visitor.table(SeriesCatalog.VGPU_DRIVER_CAPABILITIES, driverCapabilities);
        visitor.table(SeriesCatalog.PROCESS, process);
        visitor.table(SeriesCatalog.PROCESS_GPU, processGpus);
        visitor.table(SeriesCatalog.PROCESS_GPU_UTILIZATION, processEngines);
        visitor.table(SeriesCatalog.HOST_AGE, host); // last: computed when read, rendered per scrape
    }

    /** One table of the catalog with its rows. */
    public interface TableVisitor {
        <R> void table(SeriesTable<R> table, List<R> rows);
    }
}
