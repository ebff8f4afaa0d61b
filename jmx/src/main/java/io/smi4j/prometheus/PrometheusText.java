package io.smi4j.prometheus;

import io.smi4j.collect.OwnProcess;
import io.smi4j.jmx.MetricFamily;
import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesRows;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.model.HostSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One snapshot as a Prometheus exposition, straight from {@link SeriesCatalog}: the same families,
 * labels and values that the Metrics MBean gives the JMX exporter with the shipped rules. Families
 * without any available value are left out, as the exporter leaves them out; a label set that repeats
 * (a driver listing a vGPU twice) is one series.
 */
public final class PrometheusText {

    /** The two exposition formats a scraper may ask for. */
    public enum Format {
        /** The Prometheus text format 0.0.4. */
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        /** OpenMetrics 1.0: counter families named without {@code _total}, a closing {@code # EOF}. */
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** The HTTP {@code Content-Type} of this format. */
        public String contentType() {
            return contentType;
        }
    }

    /** The length of the last full rendering: the next one starts with room for it instead of growing to it. */
    private static volatile int lastLength = 4096;

    private PrometheusText() {
    }

    /** {@code snapshot} in the text format, labelled with its own host name. */
    public static String render(HostSnapshot snapshot) {
        return render(snapshot, snapshot.hostName(), Format.TEXT);
    }

    /**
     * {@code snapshot} in {@code format}, with {@code host} as the value of every {@code host} label: every family
     * the snapshot fixes, so not {@link SeriesCatalog#HOST_AGE}, which {@link #scrape} adds as it is read.
     */
    public static String render(HostSnapshot snapshot, String host, Format format) {
        return render(snapshot, host, format, Optional.empty());
    }

    /**
     * {@link #render(HostSnapshot, String, Format)} with the {@code allsmi_process_*} families of {@code self}'s use
     * (the agent's own JVM; empty: none).
     */
    public static String render(HostSnapshot snapshot, String host, Format format, Optional<OwnProcess> self) {
        StringBuilder out = fixedPart(snapshot, host, format, self);
        if (format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /** What a scrape of {@code snapshot} at this moment answers: {@link #render} with the last-poll age added. */
    public static String scrape(HostSnapshot snapshot, String host, Format format) {
        return fixedPart(snapshot, host, format, Optional.empty())
                .append(readPart(snapshot, host, format, java.time.Instant.now())).toString();
    }

    /** The families a snapshot fixes, without OpenMetrics' closing line: rendered once per snapshot. */
    static StringBuilder fixedPart(HostSnapshot snapshot, String host, Format format, Optional<OwnProcess> self) {
        StringBuilder out = new StringBuilder(lastLength + lastLength / 16);
        SeriesRows.of(snapshot, host, self).forEachTable(new SeriesRows.TableVisitor() {
            @Override
            public <R> void table(SeriesTable<R> table, List<R> rows) {
                if (table != SeriesCatalog.HOST_AGE) {
                    write(out, table, rows, format);
                }
            }
        });
        lastLength = Math.max(4096, out.length());
        return out;
    }

    /**
     * The families computed when read ({@link SeriesCatalog#HOST_AGE} at {@code now}) and OpenMetrics' closing
     * line: appended to the {@link #fixedPart} on every scrape. The age has three decimals, so that its length
     * changes only when its whole seconds gain a digit.
     */
    static String readPart(HostSnapshot snapshot, String host, Format format, java.time.Instant now) {
        MetricFamily family = SeriesCatalog.HOST_AGE.columns().get(0).family();
        StringBuilder out = new StringBuilder(256);
        out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help(), format == Format.OPENMETRICS))
                .append("\n# TYPE ").append(family.name()).append(" gauge\n").append(family.name()).append("{host=\"")
                .append(escapeLabel(host)).append("\"} ")
                .append(java.math.BigDecimal.valueOf(Math.round(SeriesCatalog.lastPollAgeSeconds(snapshot, now)
                        * 1e3), 3).toPlainString()).append('\n');
        if (format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    /**
     * Only the {@code allsmi_vgpu_type_*} and {@code allsmi_vgpu_gpu_instance_type_*} families of {@code snapshot}
     * (text format), of the GPUs with the {@code gpuIndexes}: what {@code smi4j vgpu capacity --format prometheus}
     * prints.
     */
    public static String renderVgpuTypes(HostSnapshot snapshot, String host, List<Integer> gpuIndexes) {
        StringBuilder out = new StringBuilder(4096);
        List<SeriesCatalog.TypeRow> rows = new ArrayList<>();
        for (SeriesCatalog.TypeRow r : SeriesRows.of(snapshot, host).types()) {
            if (gpuIndexes.contains(r.scheduler().gpu().index())) {
                rows.add(r);
            }
        }
        write(out, SeriesCatalog.VGPU_TYPES, rows, Format.TEXT);
        List<SeriesCatalog.GpuInstanceTypeRow> instanceRows = new ArrayList<>();
        for (SeriesCatalog.GpuInstanceTypeRow r : SeriesRows.of(snapshot, host).gpuInstanceTypes()) {
            if (gpuIndexes.contains(r.instance().scheduler().gpu().index())) {
                instanceRows.add(r);
            }
        }
        write(out, SeriesCatalog.GPU_INSTANCE_TYPES, instanceRows, Format.TEXT);
        return out.toString();
    }

    private static <R> void write(StringBuilder out, SeriesTable<R> table, List<R> all, Format format) {
        List<List<String>> labelValues = new ArrayList<>(all.size());
        List<R> rows = new ArrayList<>(all.size());
        Set<List<String>> seen = new HashSet<>();
        for (R row : all) {
            List<String> values = table.labelValues().apply(row);
            if (seen.add(values)) {
                labelValues.add(values);
                rows.add(row);
            }
        }
        boolean open = format == Format.OPENMETRICS;
        for (SeriesTable.Column<R> column : table.columns()) {
            int start = out.length();
            boolean any = false;
            String sample = column.family().name();
            boolean counter = column.family().counter();
            String family = open && counter && sample.endsWith("_total")
                    ? sample.substring(0, sample.length() - "_total".length()) : sample;
            out.append("# HELP ").append(family).append(' ').append(escapeHelp(column.family().help(), open))
                    .append('\n');
            out.append("# TYPE ").append(family).append(' ').append(counter ? "counter" : "gauge").append('\n');
            for (int i = 0; i < rows.size(); i++) {
                double v = column.value().applyAsDouble(rows.get(i));
                if (Double.isNaN(v)) {
                    continue;
                }
                any = true;
                out.append(sample).append('{');
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

    /** A sample value: whole numbers without a fraction, others as Java prints doubles (both formats read it). */
    public static String number(double v) {
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

    private static String escapeHelp(String s, boolean openMetrics) {
        String e = s.replace("\\", "\\\\").replace("\n", "\\n");
        return openMetrics ? e.replace("\"", "\\\"") : e;
    }
}
