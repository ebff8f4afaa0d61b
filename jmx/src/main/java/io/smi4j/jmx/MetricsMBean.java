package io.smi4j.jmx;

import io.smi4j.jmx.SeriesCatalog.AccountingRow;
import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.TypeRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.openmbean.TabularData;

/**
 * {@code io.smi4j:type=Metrics}: every {@link SeriesTable} of {@link SeriesCatalog} as one
 * read-only {@link TabularData} attribute, built from one poll at read time. This is the only
 * MBean the shipped exporter rules scrape: the JConsole-facing MBeans hold many more values
 * (and whole snapshots) that the exporter would otherwise walk and match on every scrape.
 */
final class MetricsMBean implements DynamicMBean {

    /** The rows of one poll, for every table. */
    record Rows(List<HostRow> host, List<GpuRow> gpus, List<SchedulerRow> schedulers, List<TypeRow> types,
            List<VgpuRow> vgpus, List<AccountingRow> accounting, List<MigRow> migs) {
    }

    private final Supplier<Rows> rows;
    private final Map<String, Function<Rows, TabularData>> tables = new LinkedHashMap<>();
    private final MBeanInfo info;

    MetricsMBean(Supplier<Rows> rows) {
        this.rows = rows;
        add(SeriesCatalog.HOST, Rows::host);
        add(SeriesCatalog.GPU, Rows::gpus);
        add(SeriesCatalog.SCHEDULER, Rows::schedulers);
        add(SeriesCatalog.SCHEDULER_STATE, Rows::schedulers);
        add(SeriesCatalog.VGPU_TYPES, Rows::types);
        add(SeriesCatalog.VGPU, Rows::vgpus);
        add(SeriesCatalog.VGPU_ACCOUNTING, Rows::accounting);
        add(SeriesCatalog.MIG, Rows::migs);
        OpenMBeanAttributeInfoSupport[] attributes = SeriesCatalog.ALL.stream()
                .map(t -> new OpenMBeanAttributeInfoSupport(t.attribute(),
                        "allsmi_* series: labels as index columns, one column per family", t.tabularType(),
                        true, false, false))
                .toArray(OpenMBeanAttributeInfoSupport[]::new);
        info = new OpenMBeanInfoSupport(MetricsMBean.class.getName(),
                "The smi4j series for the Prometheus JMX exporter (see the README)", attributes,
                new OpenMBeanConstructorInfo[0], new OpenMBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }

    private <R> void add(SeriesTable<R> table, Function<Rows, List<R>> select) {
        tables.put(table.attribute(), r -> table.toTabularData(select.apply(r)));
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Function<Rows, TabularData> table = tables.get(attribute);
        if (table == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return table.apply(rows.get());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Rows now = rows.get();
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            Function<Rows, TabularData> table = tables.get(name);
            if (table != null) {
                list.add(new Attribute(name, table.apply(now)));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("io.smi4j:type=Metrics has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
