package io.smi4j.jmx;

import io.smi4j.jmx.SeriesCatalog.AccountingRow;
import io.smi4j.jmx.SeriesCatalog.AnomalyRow;
import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.RunlistRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.StaleListRow;
import io.smi4j.jmx.SeriesCatalog.TypeRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import io.smi4j.model.AnomalyTotal;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one snapshot for every table of {@link SeriesCatalog}: what the Metrics MBean serves the JMX
 * exporter and what the direct Prometheus rendering writes, built in one place.
 */
public record SeriesRows(List<HostRow> host, List<AnomalyRow> anomalies, List<GpuRow> gpus, List<StaleListRow> staleLists,
        List<SchedulerRow> schedulers, List<TypeRow> types, List<RunlistRow> runlists, List<VgpuRow> vgpus,
        List<AccountingRow> accounting, List<MigRow> migs) {

    /** The rows of {@code snapshot}, labelled with {@code host} (usually the snapshot's own host name). */
    public static SeriesRows of(HostSnapshot snapshot, String host) {
        List<GpuRow> gpus = new ArrayList<>(snapshot.gpus().size());
        List<StaleListRow> staleLists = new ArrayList<>();
        List<SchedulerRow> schedulers = new ArrayList<>();
        List<TypeRow> types = new ArrayList<>();
        List<RunlistRow> runlists = new ArrayList<>();
        List<VgpuRow> vgpus = new ArrayList<>();
        List<AccountingRow> accounting = new ArrayList<>();
        List<MigRow> migs = new ArrayList<>();
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
            for (VgpuTypeInfo t : h.types()) {
                types.add(new TypeRow(scheduler, t));
            }
            for (RunlistShare r : h.runlistShares()) {
                runlists.add(new RunlistRow(scheduler, r));
            }
            for (VgpuInstance v : h.vgpus()) {
                VgpuRow row = new VgpuRow(host, g, v);
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
        return new SeriesRows(List.of(new HostRow(host, snapshot)), anomalies, gpus, staleLists, schedulers, types, runlists,
                vgpus, accounting, migs);
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
        visitor.table(SeriesCatalog.VGPU, vgpus);
        visitor.table(SeriesCatalog.VGPU_ACCOUNTING, accounting);
        visitor.table(SeriesCatalog.MIG, migs);
    }

    /** One table of the catalog with its rows. */
    public interface TableVisitor {
        <R> void table(SeriesTable<R> table, List<R> rows);
    }
}
