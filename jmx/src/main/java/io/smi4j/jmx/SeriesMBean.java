package io.smi4j.jmx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.NotificationEmitter;
import javax.management.ReflectionException;
import javax.management.StandardEmitterMBean;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.TabularData;

/**
 * An MXBean ({@code intf}'s attributes, as JConsole shows them) plus the series tables of
 * the Prometheus bridge as extra {@link TabularData} attributes. The MXBean mapping cannot
 * declare a {@code TabularData} with chosen index columns, so the tables are added here, to
 * the MBean info and to attribute reads.
 */
final class SeriesMBean<T> extends StandardEmitterMBean {

    private final Map<String, Supplier<TabularData>> tables = new LinkedHashMap<>();
    private final Map<String, SeriesTable<?>> tableTypes = new LinkedHashMap<>();
    private volatile MBeanInfo info;

    SeriesMBean(T implementation, Class<T> intf, NotificationEmitter emitter) {
        super(implementation, intf, true, emitter);
    }

    /** Adds {@code table} as the attribute {@code table.attribute()}, reading its rows at each read. */
    <R> SeriesMBean<T> withTable(SeriesTable<R> table, Supplier<List<R>> rows) {
        tables.put(table.attribute(), () -> table.toTabularData(rows.get()));
        tableTypes.put(table.attribute(), table);
        info = null;
        return this;
    }

    @Override
    public Object getAttribute(String attribute)
            throws AttributeNotFoundException, MBeanException, ReflectionException {
        Supplier<TabularData> table = tables.get(attribute);
        return table != null ? table.get() : super.getAttribute(attribute);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            try {
                list.add(new Attribute(name, getAttribute(name)));
            } catch (AttributeNotFoundException | MBeanException | ReflectionException | RuntimeException e) {
                // as the JMX contract asks: attributes that cannot be read are left out
            }
        }
        return list;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo cached = info;
        if (cached != null) {
            return cached;
        }
        MBeanInfo base = super.getMBeanInfo();
        List<MBeanAttributeInfo> attributes = new ArrayList<>(List.of(base.getAttributes()));
        for (SeriesTable<?> t : tableTypes.values()) {
            attributes.add(new OpenMBeanAttributeInfoSupport(t.attribute(),
                    "Prometheus series (labels as index columns, one column per allsmi_* family)",
                    t.tabularType(), true, false, false));
        }
        cached = new MBeanInfo(base.getClassName(), base.getDescription(),
                attributes.toArray(MBeanAttributeInfo[]::new), base.getConstructors(), base.getOperations(),
                base.getNotifications(), base.getDescriptor());
        info = cached;
        return cached;
    }
}
