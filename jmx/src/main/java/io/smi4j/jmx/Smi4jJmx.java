package io.smi4j.jmx;

import io.smi4j.collect.Poller;
import io.smi4j.jmx.SeriesCatalog.GpuRow;
import io.smi4j.jmx.SeriesCatalog.HostRow;
import io.smi4j.jmx.SeriesCatalog.MigRow;
import io.smi4j.jmx.SeriesCatalog.SchedulerRow;
import io.smi4j.jmx.SeriesCatalog.VgpuRow;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.MigInstance;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import javax.management.StandardMBean;

/**
 * Registers the smi4j MBeans in an {@link MBeanServer} and keeps them equal to the latest
 * {@link HostSnapshot}: {@code io.smi4j:type=Host} and {@code io.smi4j:type=Metrics} (the
 * Prometheus series) always, and after any sequence of snapshots the registered
 * {@code io.smi4j:type=Gpu/VgpuScheduler/Vgpu/MigInstance} MBeans are exactly the snapshot's
 * GPUs, vGPU-host GPUs, vGPUs and MIG devices. The Host MBean emits a notification when a
 * vGPU starts or stops and when a GPU's scheduler state changes (not for what the first
 * snapshot finds). Nothing here calls NVML or throws into the poller.
 *
 * <pre>{@code
 * try (Smi4jJmx jmx = Smi4jJmx.register(ManagementFactory.getPlatformMBeanServer(), poller, JmxOptions.defaults())) {
 *     ...
 * }
 * }</pre>
 */
public final class Smi4jJmx implements Consumer<HostSnapshot>, AutoCloseable {

    public static final String DOMAIN = "io.smi4j";
    public static final String VGPU_STARTED = "io.smi4j.vgpu.started";
    public static final String VGPU_STOPPED = "io.smi4j.vgpu.stopped";
    public static final String SCHEDULER_CHANGED = "io.smi4j.scheduler.changed";
    /** A GPU's health state changed; the user data is the new state's name. */
    public static final String GPU_HEALTH = "io.smi4j.gpu.health";

    /** {@code io.smi4j:type=Host}. */
    public static final ObjectName HOST = name("type=Host");

    /** {@code io.smi4j:type=Metrics}: the series tables the Prometheus rules read. */
    public static final ObjectName METRICS = name("type=Metrics");

    private static final Logger LOG = Logger.getLogger(Smi4jJmx.class.getName());

    private final MBeanServer server;
    private final JmxOptions options;
    private final NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(
            new MBeanNotificationInfo(new String[] {VGPU_STARTED, VGPU_STOPPED}, Notification.class.getName(),
                    "A vGPU started or stopped; user data: the vGPU as open data"),
            new MBeanNotificationInfo(new String[] {SCHEDULER_CHANGED}, Notification.class.getName(),
                    "A GPU's vGPU scheduler state changed; user data: the new state as open data"),
            new MBeanNotificationInfo(new String[] {GPU_HEALTH}, Notification.class.getName(),
                    "A GPU's health changed (OK, DEGRADED, LOST, UNAVAILABLE); user data: the new state's name"));
    private final AtomicLong notificationSequence = new AtomicLong();
    private final Map<ObjectName, Object> registered = new LinkedHashMap<>();
    private final Set<String> failedNames = new HashSet<>();
    // ObjectName parsing is most of an update's cost: names are kept while their GPU or vGPU exists
    private final Map<Integer, ObjectName> gpuNames = new HashMap<>();
    private final Map<Integer, ObjectName> schedulerNames = new HashMap<>();
    private final Map<Long, ObjectName> vgpuNames = new HashMap<>();
    /**
     * Per GPU index, the vGPU list of the last update with the names, rows and keys made from it: the reader hands
     * out the same list while every vGPU kept its record, and then they are taken whole (the JDK's bulk operations)
     * instead of vGPU by vGPU.
     */
    private final Map<Integer, VgpuRows> lastVgpuRows = new HashMap<>();
    private Views.Host host;
    /** The newest snapshot applied: the Metrics MBean builds its tables from it when read, not every poll. */
    private volatile HostSnapshot latest;
    private final LazyRows rows = new LazyRows();
    private HostSnapshot previous;
    private final VgpuChanges vgpuChanges = new VgpuChanges();
    private AutoCloseable subscription;
    private boolean closed;

    private Smi4jJmx(MBeanServer server, JmxOptions options) {
        this.server = Objects.requireNonNull(server, "server");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Registers the MBeans for {@code poller}'s latest snapshot (if any) and follows every
     * later one. Closing the result unsubscribes and unregisters every MBean it registered.
     */
    public static Smi4jJmx register(MBeanServer server, Poller poller, JmxOptions options) {
        Smi4jJmx jmx = new Smi4jJmx(server, options);
        AutoCloseable subscription = poller.subscribe(jmx);
        synchronized (jmx) {
            jmx.subscription = subscription;
        }
        poller.latest().ifPresent(jmx::accept);
        return jmx;
    }

    /** MBeans that follow the snapshots handed to {@link #accept(HostSnapshot)}. */
    public static Smi4jJmx create(MBeanServer server, JmxOptions options) {
        return new Smi4jJmx(server, options);
    }

    /** Brings the MBeans up to {@code snapshot}; older snapshots than the last one are ignored. */
    @Override
    public synchronized void accept(HostSnapshot snapshot) {
        if (closed || (previous != null && snapshot.sequence() <= previous.sequence()
                && snapshot.hostName().equals(previous.hostName()))) {
            return;
        }
        try {
            apply(snapshot);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "smi4j: updating the MBeans failed; they keep the previous poll", e);
        }
        previous = snapshot;
    }

    private void apply(HostSnapshot snapshot) {
        String hostName = snapshot.hostName();
        HostRow hostRow = new HostRow(hostName, snapshot);
        // the rows to register or update; the MBeans of a GPU's vGPU list kept whole are left as they are
        Map<ObjectName, Object> wanted = new LinkedHashMap<>();
        List<VgpuRows> kept = new ArrayList<>();
        boolean vgpuListsMade = false; // some GPU's vGPU list differs from the last update's
        int vgpuHosts = 0;
        // the rows of the snapshot's GPUs, vGPU-host GPUs, vGPUs and MIG devices, as SeriesRows.of makes them; a
        // vGPU whose record is the reader's same object as last poll keeps its row (nothing in it changed)
        for (GpuInfo g : snapshot.gpus()) {
            if (!g.identified()) {
                continue; // as SeriesRows.of: no UUID to label it
            }
            wanted.put(gpuNames.computeIfAbsent(g.index(), i -> name("type=Gpu,gpu=" + i)), new GpuRow(hostName, g));
            if (g.vgpuHost().isPresent()) {
                VgpuHostInfo h = g.vgpuHost().get();
                vgpuHosts++;
                wanted.put(schedulerNames.computeIfAbsent(g.index(), i -> name("type=VgpuScheduler,gpu=" + i)),
                        new SchedulerRow(hostName, g, h));
                VgpuRows last = lastVgpuRows.get(g.index());
                if (last != null && last.vgpus == h.vgpus() && last.host.equals(hostName)) {
                    kept.add(last); // every vGPU kept its record: the same names and rows, nothing to update
                    continue;
                }
                vgpuListsMade = true;
                VgpuRows made = new VgpuRows(h.vgpus(), hostName);
                for (VgpuInstance v : h.vgpus()) {
                    int gpu = g.index();
                    long key = VgpuChanges.key(gpu, v.id());
                    made.keys.add(key);
                    ObjectName n = vgpuNames.computeIfAbsent(key, k -> vgpuName(gpu, v.id()));
                    Object view = registered.get(n);
                    made.rows.put(n, view instanceof Views.Vgpu old && old.row.vgpu() == v
                            && old.row.host().equals(hostName) ? old.row : new VgpuRow(hostName, g, v, snapshot.sequence()));
                }
                wanted.putAll(made.rows);
                lastVgpuRows.put(g.index(), made);
            }
        }
        for (GpuInfo g : snapshot.gpus()) {
            if (g.identified()) {
                for (MigInstance m : g.migInstances()) {
                    wanted.put(name("type=MigInstance,gpu=" + g.index() + ",gpuInstance=" + m.gpuInstanceId()
                            + ",computeInstance=" + m.computeInstanceId()), new MigRow(hostName, g, m));
                }
            }
        }
        if (lastVgpuRows.size() > vgpuHosts) { // GPUs gone or no longer vGPU hosts: their lists are dropped
            lastVgpuRows.keySet().retainAll(snapshot.gpus().stream()
                    .filter(g -> g.identified() && g.vgpuHost().isPresent()).map(GpuInfo::index).toList());
            vgpuListsMade = true;
        }
        if (vgpuListsMade) {
            Set<Long> liveVgpus = new HashSet<>();
            lastVgpuRows.values().forEach(r -> liveVgpus.addAll(r.keys));
            vgpuNames.keySet().retainAll(liveVgpus); // names of vGPUs gone are dropped (kept lists: none gone)
        }
        int keptRows = 0;
        for (VgpuRows r : kept) {
            if (failedNames.isEmpty()) {
                keptRows += r.rows.size(); // registered when made, none failing since
                continue;
            }
            for (Map.Entry<ObjectName, Object> e : r.rows.entrySet()) {
                if (registered.containsKey(e.getKey())) {
                    keptRows++;
                } else {
                    wanted.put(e.getKey(), e.getValue()); // its registration failed before: tried again
                }
            }
        }
        latest = snapshot;
        if (host == null) {
            host = new Views.Host(hostRow);
            register(HOST, new StandardEmitterMBean(host, HostMXBean.class, true, emitter));
            register(METRICS, new MetricsMBean(rows));
        } else {
            host.row = hostRow;
        }
        int wantedRegistered = 0;
        for (ObjectName n : wanted.keySet()) {
            wantedRegistered += registered.containsKey(n) ? 1 : 0;
        }
        if (registered.size() > wantedRegistered + keptRows) { // some registered MBean is neither wanted nor kept
            Set<ObjectName> live = new HashSet<>(wanted.keySet());
            kept.forEach(r -> live.addAll(r.rows.keySet()));
            for (ObjectName gone : new ArrayList<>(registered.keySet())) {
                if (!live.contains(gone)) {
                    unregister(gone);
                }
            }
        }
        for (Map.Entry<ObjectName, Object> e : wanted.entrySet()) {
            Object view = registered.get(e.getKey());
            if (view == null) {
                registerRow(e.getKey(), e.getValue());
            } else {
                update(view, e.getValue());
            }
        }
        notifyChanges(previous, snapshot);
    }

    /** The view behind a registered Gpu/VgpuScheduler/Vgpu/MigInstance MBean's row, or null; for tests. */
    Object row(ObjectName name) {
        Object view = registered.get(name);
        if (view instanceof Views.Vgpu v) {
            return v.row;
        } else if (view instanceof Views.Gpu v) {
            return v.row;
        } else if (view instanceof Views.Scheduler v) {
            return v.row;
        } else if (view instanceof Views.Mig v) {
            return v.row;
        }
        return null;
    }

    /** The vGPU rows made from one GPU's vGPU list (see {@link #lastVgpuRows}). */
    private static final class VgpuRows {
        final List<VgpuInstance> vgpus;
        final String host;
        final Map<ObjectName, Object> rows = new LinkedHashMap<>();
        final List<Long> keys = new ArrayList<>();

        VgpuRows(List<VgpuInstance> vgpus, String host) {
            this.vgpus = vgpus;
            this.host = host;
        }
    }

    /** The sequence of the snapshot the MBeans show: a kept vGPU row's own may be older. */
    private long sequence() {
        HostSnapshot s = latest;
        return s == null ? 0 : s.sequence();
    }

    /** The Metrics MBean's tables: built from the newest snapshot when someone reads them, once per snapshot. */
    private final class LazyRows implements java.util.function.Supplier<SeriesRows> {
        private HostSnapshot builtFor;
        private SeriesRows built;

        @Override
        public synchronized SeriesRows get() {
            HostSnapshot s = latest;
            if (s != builtFor) {
                built = SeriesRows.of(s, s.hostName(), options.self());
                builtFor = s;
            }
            return built;
        }
    }

    private void registerRow(ObjectName name, Object row) {
        if (row instanceof GpuRow r) {
            Views.Gpu view = new Views.Gpu(r);
            registerView(name, view, new StandardMBean(view, GpuMXBean.class, true));
        } else if (row instanceof SchedulerRow r) {
            if (options.control().isPresent()) {
                Views.ControlledScheduler view =
                        new Views.ControlledScheduler(r, options.recentLogEntries(), options.control().get());
                registerView(name, view, new StandardMBean(view, VgpuSchedulerControlMXBean.class, true));
            } else {
                Views.Scheduler view = new Views.Scheduler(r, options.recentLogEntries());
                registerView(name, view, new StandardMBean(view, VgpuSchedulerMXBean.class, true));
            }
        } else if (row instanceof VgpuRow r) {
            Views.Vgpu view = new Views.Vgpu(r, this::sequence);
            registerView(name, view, new StandardMBean(view, VgpuMXBean.class, true));
        } else if (row instanceof MigRow r) {
            Views.Mig view = new Views.Mig(r);
            registerView(name, view, new StandardMBean(view, MigInstanceMXBean.class, true));
        }
    }

    private static void update(Object view, Object row) {
        if (view instanceof Views.Gpu v) {
            v.row = (GpuRow) row;
        } else if (view instanceof Views.Scheduler v) {
            v.update((SchedulerRow) row);
        } else if (view instanceof Views.Vgpu v) {
            v.row = (VgpuRow) row;
        } else if (view instanceof Views.Mig v) {
            v.row = (MigRow) row;
        }
    }

    private void registerView(ObjectName name, Object view, StandardMBean mbean) {
        if (register(name, mbean)) {
            registered.put(name, view);
        }
    }

    private boolean register(ObjectName name, Object mbean) {
        try {
            server.registerMBean(mbean, name);
            failedNames.remove(name.toString());
            return true;
        } catch (JMException | RuntimeException e) {
            if (failedNames.add(name.toString())) {
                LOG.warning("smi4j: cannot register " + name + ": " + e);
            }
            return false;
        }
    }

    private void unregister(ObjectName name) {
        registered.remove(name);
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone else removed it; it is gone either way
        } catch (JMException | RuntimeException e) {
            LOG.warning("smi4j: cannot unregister " + name + ": " + e);
        }
    }

    private void notifyChanges(HostSnapshot before, HostSnapshot now) {
        vgpuChanges.next(now,
                (gpu, v) -> send(VGPU_STARTED, describe(v) + " started on GPU " + gpu, OpenRecords.toCompositeData(v)),
                (gpu, v) -> send(VGPU_STOPPED, describe(v) + " stopped on GPU " + gpu, OpenRecords.toCompositeData(v)));
        if (before == null) {
            return;
        }
        GpuHealthChanges.diff(before, now, (gpu, old) -> send(GPU_HEALTH, "GPU " + gpu.index() + " health "
                + old.state() + " -> " + gpu.health().state()
                + (gpu.health().reason().isEmpty() ? "" : ": " + gpu.health().reason()), gpu.health().state().name()));
        List<GpuInfo> earlier = before.gpus();
        for (int i = 0; i < now.gpus().size(); i++) {
            GpuInfo gpu = now.gpus().get(i);
            SchedulerState state = gpu.vgpuHost().flatMap(VgpuHostInfo::schedulerState).orElse(null);
            // the same GPU is usually at the same place in the list
            GpuInfo was = i < earlier.size() && earlier.get(i).index() == gpu.index() ? earlier.get(i) : null;
            for (int k = 0; was == null && k < earlier.size(); k++) {
                was = earlier.get(k).index() == gpu.index() ? earlier.get(k) : null;
            }
            SchedulerState old = was == null ? null : was.vgpuHost().flatMap(VgpuHostInfo::schedulerState).orElse(null);
            // the binding hands out the same object for an unchanged state: equals only when it may have changed
            if (state != null && old != null && state != old && !state.equals(old)) {
                send(SCHEDULER_CHANGED, "vGPU scheduler of GPU " + gpu.index() + " changed from " + old
                        + " to " + state, OpenRecords.toCompositeData(state));
            }
        }
    }

    private void send(String type, String message, Object userData) {
        Notification n = new Notification(type, HOST, notificationSequence.incrementAndGet(),
                System.currentTimeMillis(), message);
        n.setUserData(userData);
        emitter.sendNotification(n);
    }

    private static String describe(VgpuInstance v) {
        return "vGPU " + v.id() + " (" + v.typeName() + ", VM " + v.vmId() + ")";
    }

    /** {@code io.smi4j:type=Vgpu,gpu=N,vgpu=ID}. */
    public static ObjectName vgpuName(int gpuIndex, long vgpuId) {
        return name("type=Vgpu,gpu=" + gpuIndex + ",vgpu=" + vgpuId);
    }

    /** Unsubscribes and unregisters every MBean registered here. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "unsubscribing failed", e);
            }
        }
        for (ObjectName n : new ArrayList<>(registered.keySet())) {
            unregister(n);
        }
        if (host != null) {
            unregister(HOST);
            unregister(METRICS);
        }
    }

    private static ObjectName name(String keys) {
        try {
            return new ObjectName(DOMAIN + ":" + keys);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(keys, e);
        }
    }
}
