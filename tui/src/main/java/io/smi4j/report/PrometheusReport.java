package io.smi4j.report;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesCatalog.AccountingRow;
import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.TypeRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One snapshot in the Prometheus text exposition format (0.0.4), with exactly the
 * {@code allsmi_*} families, labels and values the MBeans give the JMX exporter: both are
 * driven by {@link SeriesCatalog}, so {@code smi4j snapshot --format prometheus} and a scrape
 * of {@code smi4j api} agree. Families without any available value are left out, as the
 * exporter leaves them out.
 */
public final class PrometheusReport {

    private PrometheusReport() {
    }

    /** A snapshot, labelled with its own host name. */
    public static String render(HostSnapshot snapshot) {
        return render(snapshot, snapshot.hostName());
    }

    /** The snapshot with {@code host} as the host label; its counters are the snapshot's own totals. */
    public static String render(HostSnapshot s, String host) {
        List<GpuRow> gpus = new ArrayList<>();
        List<SchedulerRow> schedulers = new ArrayList<>();
        List<TypeRow> types = new ArrayList<>();
        List<VgpuRow> vgpus = new ArrayList<>();
        List<AccountingRow> accounting = new ArrayList<>();
        List<MigRow> migs = new ArrayList<>();
        for (GpuInfo g : s.gpus()) {
            gpus.add(new GpuRow(host, g));
            for (MigInstance m : g.migInstances()) {
                migs.add(new MigRow(host, g, m));
            }
            if (g.vgpuHost().isEmpty()) {
                continue;
            }
            VgpuHostInfo h = g.vgpuHost().get();
            SchedulerRow sr = new SchedulerRow(host, g, h);
            schedulers.add(sr);
            for (VgpuTypeInfo t : h.types()) {
                types.add(new TypeRow(sr, t));
            }
            for (VgpuInstance v : h.vgpus()) {
                VgpuRow vr = new VgpuRow(host, g, v);
                vgpus.add(vr);
                for (VgpuAccounting a : v.accounting()) {
                    accounting.add(new AccountingRow(vr, a));
                }
            }
        }
        StringBuilder out = new StringBuilder(4096);
        table(out, SeriesCatalog.HOST, List.of(new HostRow(s)), host);
        table(out, SeriesCatalog.GPU, gpus, null);
        table(out, SeriesCatalog.SCHEDULER, schedulers, null);
        table(out, SeriesCatalog.SCHEDULER_STATE, schedulers, null);
        table(out, SeriesCatalog.VGPU_TYPES, types, null);
        table(out, SeriesCatalog.VGPU, vgpus, null);
        table(out, SeriesCatalog.VGPU_ACCOUNTING, accounting, null);
        table(out, SeriesCatalog.MIG, migs, null);
        return out.toString();
    }

    /**
     * Writes every family of {@code table}. {@code hostOverride} replaces the {@code host}
     * label of tables whose rows carry the snapshot itself rather than a host label.
     */
    private static <R> void table(StringBuilder out, SeriesTable<R> table, List<R> all, String hostOverride) {
        List<List<String>> labelValues = new ArrayList<>(all.size());
        List<R> rows = new ArrayList<>(all.size());
        Set<List<String>> seen = new HashSet<>();
        for (R row : all) {
            List<String> values = table.labelValues().apply(row);
            if (hostOverride != null) {
                values = new ArrayList<>(values);
                values.set(table.labels().indexOf("host"), hostOverride);
            }
            // One series per label set, as on the MBeans: a repeated row (a driver listing a vGPU twice) is dropped.
            if (seen.add(values)) {
                labelValues.add(values);
                rows.add(row);
            }
        }
        for (SeriesTable.Column<R> column : table.columns()) {
            int start = out.length();
            boolean any = false;
            String name = column.family().name();
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(column.family().help())).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(column.family().counter() ? "counter" : "gauge")
                    .append('\n');
            for (int i = 0; i < rows.size(); i++) {
                double v = column.value().applyAsDouble(rows.get(i));
                if (Double.isNaN(v)) {
                    continue;
                }
                any = true;
                out.append(name).append('{');
                List<String> values = labelValues.get(i);
                for (int l = 0; l < table.labels().size(); l++) {
                    out.append(l == 0 ? "" : ",").append(table.labels().get(l)).append("=\"")
                            .append(escapeLabel(values.get(l))).append('"');
                }
                out.append("} ").append(number(v)).append('\n');
            }
            if (!any) {
                out.setLength(start);
            }
        }
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    private static String escapeLabel(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
