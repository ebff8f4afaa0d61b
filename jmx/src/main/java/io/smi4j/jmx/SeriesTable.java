package io.smi4j.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * A {@code TabularData} attribute of {@code io.smi4j:type=Metrics}, meant for the Prometheus JMX exporter: the index columns
 * are the labels ({@code host}, {@code gpu_uuid}, {@code vm_id}, ...) and every other column
 * is one metric family. The exporter turns index columns into label values verbatim, which is
 * why labels travel here and not in ObjectName keys: a quoted key keeps its quotes and
 * backslash escapes, while a table cell arrives as the original string (quotes, backslashes
 * and non-ASCII included). A value of NaN means "not available" and becomes a {@code null}
 * cell, which the exporter skips, so unavailable values produce no series at all.
 *
 * @param attribute the attribute of {@code io.smi4j:type=Metrics} that carries this table
 * @param labels    the index columns, in order
 * @param labelValues the label values of one row, same order
 * @param columns   the value columns
 * @param <R> the row source
 */
public record SeriesTable<R>(
        String attribute,
        List<String> labels,
        Function<R, List<String>> labelValues,
        List<Column<R>> columns) {

    /** One value column: its cell name, the family it becomes, and how to read it (NaN: absent). */
    public record Column<R>(String name, MetricFamily family, ToDoubleFunction<R> value) {
    }

    public SeriesTable {
        labels = List.copyOf(labels);
        columns = List.copyOf(columns);
    }

    /** The open type of the attribute. */
    public TabularType tabularType() {
        List<String> names = new ArrayList<>(labels);
        List<OpenType<?>> types = new ArrayList<>();
        labels.forEach(l -> types.add(SimpleType.STRING));
        for (Column<R> c : columns) {
            names.add(c.name());
            types.add(SimpleType.DOUBLE);
        }
        String[] n = names.toArray(String[]::new);
        String[] descriptions = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            descriptions[i] = i < labels.size() ? "label " + n[i] : columns.get(i - labels.size()).family().help();
        }
        try {
            CompositeType row = new CompositeType(attribute + "Row", attribute + " row",
                    n, descriptions, types.toArray(OpenType<?>[]::new));
            return new TabularType(attribute, attribute + " for Prometheus", row, labels.toArray(String[]::new));
        } catch (OpenDataException e) {
            throw new IllegalStateException("bad series table " + attribute, e);
        }
    }

    /** The attribute's value for {@code rows}. */
    public TabularData toTabularData(List<R> rows) {
        TabularType type = tabularType();
        TabularDataSupport data = new TabularDataSupport(type);
        int width = labels.size() + columns.size();
        for (R row : rows) {
            List<String> values = labelValues.apply(row);
            Object[] cells = new Object[width];
            String[] ordered = new String[width];
            for (int i = 0; i < labels.size(); i++) {
                ordered[i] = labels.get(i);
                cells[i] = values.get(i);
            }
            for (int i = 0; i < columns.size(); i++) {
                double v = columns.get(i).value().applyAsDouble(row);
                ordered[labels.size() + i] = columns.get(i).name();
                cells[labels.size() + i] = Double.isNaN(v) ? null : v;
            }
            if (data.containsKey(values.toArray())) {
                continue; // one series per label set: a repeated row (a driver listing a vGPU twice) is dropped
            }
            try {
                data.put(new CompositeDataSupport(type.getRowType(), ordered, cells));
            } catch (OpenDataException e) {
                throw new IllegalStateException("bad row for " + attribute + ": " + values, e);
            }
        }
        return data;
    }
}
