package io.smi4j.prometheus;

import io.smi4j.jmx.SeriesCatalog;
import io.smi4j.jmx.SeriesRows;
import io.smi4j.jmx.SeriesTable;
import io.smi4j.model.HostSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** {@code snapshot} in {@code format}, with {@code host} as the value of every {@code host} label. */
    public static String render(HostSnapshot snapshot, String host, Format format) {
        StringBuilder out = new StringBuilder(lastLength + lastLength / 16);
        SeriesRows.of(snapshot, host).forEachTable(new SeriesRows.TableVisitor() {
            @Override
            public <R> void table(SeriesTable<R> table, List<R> rows) {
                write(out, table, rows, format);
            }
        });
        if (format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        lastLength = Math.max(4096, out.length());
        return out.toString();
    }

    /**
     * Only the {@code allsmi_vgpu_type_*} families of {@code snapshot} (text format), of the GPUs with the
     * {@code gpuIndexes}: what {@code smi4j vgpu capacity --format prometheus} prints.
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
        return out.toString();
    }

    /** {@link #render(HostSnapshot, String, Format)} as the UTF-8 bytes a response sends. */
    public static byte[] bytes(HostSnapshot snapshot, String host, Format format) {
        return render(snapshot, host, format).getBytes(StandardCharsets.UTF_8);
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
