package io.smi4j.bench;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesRows;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.model.HostSnapshot;
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
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        SeriesRows.of(s, s.hostName()).forEachTable(new SeriesRows.TableVisitor() {
            @Override
            public <R> void table(SeriesTable<R> table, List<R> rows) {
                families(out, table, rows);
            }
        });
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
