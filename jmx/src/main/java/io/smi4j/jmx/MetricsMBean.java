package io.smi4j.jmx;

import java.util.List;
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

    private final Supplier<SeriesRows> rows;
    private final MBeanInfo info;

    MetricsMBean(Supplier<SeriesRows> rows) {
        this.rows = rows;
        OpenMBeanAttributeInfoSupport[] attributes = SeriesCatalog.ALL.stream()
                .map(t -> new OpenMBeanAttributeInfoSupport(t.attribute(),
                        "allsmi_* series: labels as index columns, one column per family", t.tabularType(),
                        true, false, false))
                .toArray(OpenMBeanAttributeInfoSupport[]::new);
        info = new OpenMBeanInfoSupport(MetricsMBean.class.getName(),
                "The smi4j series for the Prometheus JMX exporter (see the README)", attributes,
                new OpenMBeanConstructorInfo[0], new OpenMBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }

    /** The attribute {@code attribute} built from {@code now} when read, or null for an unknown name. */
    private static TabularData table(SeriesRows now, String attribute) {
        TabularData[] found = new TabularData[1];
        now.forEachTable(new SeriesRows.TableVisitor() {
            @Override
            public <R> void table(SeriesTable<R> table, List<R> rows) {
                if (found[0] == null && table.attribute().equals(attribute)) {
                    found[0] = table.toTabularData(rows);
                }
            }
        });
        return found[0];
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        TabularData table = table(rows.get(), attribute);
        if (table == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return table;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        SeriesRows now = rows.get();
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            TabularData table = table(now, name);
            if (table != null) {
                list.add(new Attribute(name, table));
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
