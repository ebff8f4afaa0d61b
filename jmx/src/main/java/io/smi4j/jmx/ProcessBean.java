package io.smi4j.jmx;

import io.smi4j.collect.OwnProcess;
import io.smi4j.model.HostSnapshot;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link ProcessMXBean}: this JVM found in the latest snapshot at each read (never NVML). */
public final class ProcessBean implements ProcessMXBean, AutoCloseable {

    public static final ObjectName NAME = objectName();

    private final Supplier<Optional<HostSnapshot>> latest;
    private final OwnProcess self;
    private MBeanServer server;

    public ProcessBean(Supplier<Optional<HostSnapshot>> latest, OwnProcess self) {
        this.latest = latest;
        this.self = self;
    }

    /**
     * Registers {@code io.smi4j:type=Process} over {@code latest}, for this JVM.
     *
     * @throws InstanceAlreadyExistsException when another smi4j in this JVM registered it
     */
    public static ProcessBean register(MBeanServer server, Supplier<Optional<HostSnapshot>> latest)
            throws JMException {
        return register(server, latest, OwnProcess.current());
    }

    /** Registers {@code io.smi4j:type=Process} over {@code latest}, for {@code self}. */
    public static ProcessBean register(MBeanServer server, Supplier<Optional<HostSnapshot>> latest, OwnProcess self)
            throws JMException {
        ProcessBean bean = new ProcessBean(latest, self);
        server.registerMBean(bean, NAME);
        bean.server = server;
        return bean;
    }

    @Override
    public ProcessGpuUseData[] getGpuUse() {
        return latest.get().map(s -> new ProcessGpuUseData[] {new ProcessGpuUseData(self.use(s))})
                .orElse(new ProcessGpuUseData[0]);
    }

    @Override
    public long getGpuMemoryUsedBytes() {
        return latest.get().map(s -> self.use(s).memoryUsedBytes()).orElse(-1L);
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName(Smi4jJmx.DOMAIN + ":type=Process");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.unregisterMBean(NAME);
            } catch (JMException e) {
                // already gone: nothing to undo
            }
        }
    }
}
