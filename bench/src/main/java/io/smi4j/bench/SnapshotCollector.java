package io.smi4j.bench;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The scrape baseline: the same {@code allsmi_*} families, labels and values the shipped JMX
 * exporter rules produce, built straight from a snapshot with the Prometheus Java client's
 * model (no MBeans, no JMX, no rule matching). Families and values come from
 * {@link SeriesCatalog}, as the MBeans' tables do.
 */
final class SnapshotCollector implements MultiCollector {

    private final Supplier<HostSnapshot> latest;

    SnapshotCollector(Supplier<HostSnapshot> latest) {
        this.latest = latest;
    }

    @Override
    public MetricSnapshots collect() {
        HostSnapshot s = latest.get();
        String host = s.hostName();
        List<SeriesCatalog.GpuRow> gpus = new ArrayList<>();
        List<SeriesCatalog.SchedulerRow> schedulers = new ArrayList<>();
        List<SeriesCatalog.TypeRow> types = new ArrayList<>();
        List<SeriesCatalog.VgpuRow> vgpus = new ArrayList<>();
        List<SeriesCatalog.AccountingRow> accounting = new ArrayList<>();
        List<SeriesCatalog.MigRow> migs = new ArrayList<>();
        for (GpuInfo g : s.gpus()) {
            gpus.add(new SeriesCatalog.GpuRow(host, g));
            for (MigInstance m : g.migInstances()) {
                migs.add(new SeriesCatalog.MigRow(host, g, m));
            }
            if (g.vgpuHost().isPresent()) {
                VgpuHostInfo h = g.vgpuHost().get();
                SeriesCatalog.SchedulerRow sr = new SeriesCatalog.SchedulerRow(host, g, h);
                schedulers.add(sr);
                for (VgpuTypeInfo t : h.types()) {
                    types.add(new SeriesCatalog.TypeRow(sr, t));
                }
                for (VgpuInstance v : h.vgpus()) {
                    SeriesCatalog.VgpuRow vr = new SeriesCatalog.VgpuRow(host, g, v);
                    vgpus.add(vr);
                    for (VgpuAccounting a : v.accounting()) {
                        accounting.add(new SeriesCatalog.AccountingRow(vr, a));
                    }
                }
            }
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        families(out, SeriesCatalog.HOST, List.of(new SeriesCatalog.HostRow(s)));
        families(out, SeriesCatalog.GPU, gpus);
        families(out, SeriesCatalog.SCHEDULER, schedulers);
        families(out, SeriesCatalog.SCHEDULER_STATE, schedulers);
        families(out, SeriesCatalog.VGPU_TYPES, types);
        families(out, SeriesCatalog.VGPU, vgpus);
        families(out, SeriesCatalog.VGPU_ACCOUNTING, accounting);
        families(out, SeriesCatalog.MIG, migs);
        return out.build();
    }

    private static <R> void families(MetricSnapshots.Builder out, SeriesTable<R> table, List<R> rows) {
        List<Labels> labels = new ArrayList<>(rows.size());
        for (R row : rows) {
            labels.add(Labels.of(table.labels(), table.labelValues().apply(row)));
        }
        for (SeriesTable.Column<R> column : table.columns()) {
            MetricSnapshot family = column.family().counter() ? counter(column, rows, labels) : gauge(column, rows, labels);
            if (!family.getDataPoints().isEmpty()) {
                out.metricSnapshot(family);
            }
        }
    }

    private static <R> GaugeSnapshot gauge(SeriesTable.Column<R> column, List<R> rows, List<Labels> labels) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(column.family().name()).help(column.family().help());
        for (int i = 0; i < rows.size(); i++) {
            double v = column.value().applyAsDouble(rows.get(i));
            if (!Double.isNaN(v)) {
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels.get(i)).value(v).build());
            }
        }
        return b.build();
    }

    private static <R> CounterSnapshot counter(SeriesTable.Column<R> column, List<R> rows, List<Labels> labels) {
        String name = column.family().name();
        CounterSnapshot.Builder b = CounterSnapshot.builder()
                .name(name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name)
                .help(column.family().help());
        for (int i = 0; i < rows.size(); i++) {
            double v = column.value().applyAsDouble(rows.get(i));
            if (!Double.isNaN(v)) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels.get(i)).value(v).build());
            }
        }
        return b.build();
    }
}
