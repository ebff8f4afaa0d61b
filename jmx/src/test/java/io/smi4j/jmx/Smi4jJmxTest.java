package io.smi4j.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smi4j.model.GpuInfo;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerSetState;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VirtualizationMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMX;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Smi4jJmxTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Smi4jJmx jmx = Smi4jJmx.create(server, JmxOptions.defaults());

    @AfterEach
    void close() {
        jmx.close();
    }

    private Set<String> smi4jNames() throws Exception {
        Set<String> names = new TreeSet<>();
        server.queryNames(new ObjectName("io.smi4j:*"), null).forEach(n -> names.add(n.getCanonicalName()));
        return names;
    }

    private static Set<String> expectedNames(HostSnapshot s) throws Exception {
        Set<String> names = new TreeSet<>();
        names.add(Smi4jJmx.HOST.getCanonicalName());
        names.add(Smi4jJmx.METRICS.getCanonicalName());
        for (GpuInfo gpu : s.gpus()) {
            if (!gpu.identified()) {
                continue;
            }
            names.add(new ObjectName("io.smi4j:type=Gpu,gpu=" + gpu.index()).getCanonicalName());
            if (gpu.vgpuHost().isPresent()) {
                names.add(new ObjectName("io.smi4j:type=VgpuScheduler,gpu=" + gpu.index()).getCanonicalName());
                for (VgpuInstance v : gpu.vgpuHost().get().vgpus()) {
                    names.add(Smi4jJmx.vgpuName(gpu.index(), v.id()).getCanonicalName());
                }
            }
            for (var mig : gpu.migInstances()) {
                names.add(new ObjectName("io.smi4j:type=MigInstance,gpu=" + gpu.index() + ",gpuInstance="
                        + mig.gpuInstanceId() + ",computeInstance=" + mig.computeInstanceId()).getCanonicalName());
            }
        }
        return names;
    }

    @Test
    void aVgpuHostSnapshotRegistersHostGpuSchedulerVgpuAndMigMBeans() throws Exception {
        HostSnapshot s = TestSnapshots.vgpuHost(1);
        jmx.accept(s);
        assertEquals(Set.of(
                "io.smi4j:type=Host",
                "io.smi4j:type=Metrics",
                "io.smi4j:gpu=0,type=Gpu",
                "io.smi4j:gpu=1,type=Gpu",
                "io.smi4j:gpu=0,type=VgpuScheduler",
                "io.smi4j:gpu=0,type=Vgpu,vgpu=3251634191",
                "io.smi4j:gpu=0,type=Vgpu,vgpu=7",
                "io.smi4j:computeInstance=0,gpu=1,gpuInstance=7,type=MigInstance"), smi4jNames());
    }

    @Test
    void aBareMetalHostHasNoVgpuMBeans() throws Exception {
        jmx.accept(TestSnapshots.bareMetal(1));
        assertEquals(Set.of("io.smi4j:type=Host", "io.smi4j:type=Metrics", "io.smi4j:gpu=0,type=Gpu"), smi4jNames());
    }

    @Test
    void afterAnySequenceOfSnapshotsTheRegisteredMBeansAreTheLastSnapshots() throws Exception {
        Random random = new Random(42);
        for (int seq = 1; seq <= 60; seq++) {
            List<VgpuInstance> vgpus = new ArrayList<>();
            for (long id = 1; id <= 6; id++) {
                if (random.nextBoolean()) {
                    vgpus.add(TestSnapshots.vgpu(id, "vm-" + id, id * TestSnapshots.GIB));
                }
            }
            List<GpuInfo> gpus = new ArrayList<>();
            if (random.nextInt(5) > 0) {
                gpus.add(TestSnapshots.vgpuHostGpu(0, TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000),
                        List.of(), vgpus));
            }
            if (random.nextBoolean()) {
                gpus.add(TestSnapshots.gpu(1, VirtualizationMode.NONE, Optional.empty(), List.of()));
            }
            HostSnapshot s = TestSnapshots.snapshot(seq, gpus);
            jmx.accept(s);
            assertEquals(expectedNames(s), smi4jNames(), "after snapshot " + seq);
        }
    }

    @Test
    void closingUnregistersEveryMBean() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        jmx.close();
        assertEquals(Set.of(), smi4jNames());
    }

    @Test
    void vgpuStartStopAndSchedulerChangesAreNotifiedButNotWhatTheFirstPollFinds() throws Exception {
        List<Notification> received = new ArrayList<>();
        jmx.accept(TestSnapshots.snapshot(1, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000), List.of(),
                List.of(TestSnapshots.vgpu(1, "vm-1", 1))))));
        server.addNotificationListener(Smi4jJmx.HOST, (n, h) -> received.add(n), null, null);
        jmx.accept(TestSnapshots.snapshot(2, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.EQUAL_SHARE, 1_000_000), List.of(),
                List.of(TestSnapshots.vgpu(2, "vm-2", 1))))));
        List<String> types = received.stream().map(Notification::getType).toList();
        assertEquals(List.of(Smi4jJmx.VGPU_STARTED, Smi4jJmx.VGPU_STOPPED, Smi4jJmx.SCHEDULER_CHANGED), types);
        assertEquals(2L, ((CompositeData) received.get(0).getUserData()).get("id"));
        assertEquals(1L, ((CompositeData) received.get(1).getUserData()).get("id"));
        assertEquals("EQUAL_SHARE", ((CompositeData) received.get(2).getUserData()).get("policy"));
    }

    @Test
    void theSnapshotAttributeRebuildsTheWholeSnapshotThroughAnMxBeanProxy() {
        HostSnapshot s = TestSnapshots.vgpuHost(3);
        jmx.accept(s);
        HostMXBean proxy = JMX.newMXBeanProxy(server, Smi4jJmx.HOST, HostMXBean.class);
        assertEquals(s, proxy.getSnapshot().snapshot());
        assertEquals(2, proxy.getVgpuCount());
        assertTrue(proxy.isVgpuHost());
    }

    @Test
    void vgpuAttributesCarryTheInstanceIncludingAnAwkwardVmId() {
        jmx.accept(TestSnapshots.vgpuHost(1));
        VgpuMXBean proxy = JMX.newMXBeanProxy(server, Smi4jJmx.vgpuName(0, 7), VgpuMXBean.class);
        assertEquals(TestSnapshots.AWKWARD_VM_ID, proxy.getVmId());
        assertEquals(2 * TestSnapshots.GIB, proxy.getFramebufferUsedBytes());
        assertEquals(TestSnapshots.vgpu(7, TestSnapshots.AWKWARD_VM_ID, 2 * TestSnapshots.GIB),
                proxy.getInstance().instance());
    }

    @Test
    void theMetricsMBeansVgpuTableHoldsLabelsVerbatimAndLeavesUnavailableValuesEmpty() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        TabularData table = (TabularData) server.getAttribute(Smi4jJmx.METRICS, "VgpuSeries");
        CompositeData row = (CompositeData) table.values().stream()
                .filter(r -> ((CompositeData) r).get("vgpu_id").equals("7")).findFirst().orElseThrow();
        assertEquals(TestSnapshots.AWKWARD_VM_ID, row.get("vm_id"));
        assertEquals("7", row.get("vgpu_id"));
        assertEquals(2.0 * TestSnapshots.GIB, row.get("memory_used_bytes"));
        assertEquals(null, row.get("jpeg_utilization"), "NaN utilization becomes an empty cell");
    }

    @Test
    void aVgpuTheDriverListsTwiceIsOneMBeanAndOneSeries() throws Exception {
        VgpuInstance twice = TestSnapshots.vgpu(5, "vm-5", 1);
        jmx.accept(TestSnapshots.snapshot(1, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000), List.of(), List.of(twice, twice)))));
        assertEquals(1, server.queryNames(new ObjectName("io.smi4j:type=Vgpu,*"), null).size());
        assertEquals(1, ((TabularData) server.getAttribute(Smi4jJmx.METRICS, "VgpuSeries")).size());
    }

    @Test
    void theSchedulerMBeanKeepsRecentLogEntriesAndCountsThem() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        jmx.accept(TestSnapshots.vgpuHost(2));
        VgpuSchedulerMXBean proxy = JMX.newMXBeanProxy(server,
                new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerMXBean.class);
        assertEquals(2, proxy.getLogEntriesTotal());
        assertEquals(2, proxy.getRecentLogEntries().entries().size());
        assertEquals("BEST_EFFORT", proxy.getPolicy());
        assertEquals(0.002, proxy.getTimesliceSeconds());
    }

    @Test
    void theSchedulerMBeanCarriesEveryTypesCapacityAndPlacementsThroughAProxy() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        VgpuSchedulerMXBean proxy = JMX.newMXBeanProxy(server,
                new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerMXBean.class);
        VgpuTypesData types = proxy.getVgpuTypes();
        assertEquals(TestSnapshots.vgpuHost(1).gpus().get(0).vgpuHost().orElseThrow().types(), types.types());
        assertEquals(3, types.types().get(0).creatableCapacity());
        assertEquals(java.util.List.of(8L, 12L, 16L), types.types().get(0).creatablePlacementIds());
        assertEquals(0, types.types().get(1).creatableCapacity());
    }

    @Test
    void theSchedulerHostAndVgpuMBeansCarryTheVgpuCapabilitiesAndTheRuntimeState() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        VgpuSchedulerMXBean scheduler = JMX.newMXBeanProxy(server,
                new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"), VgpuSchedulerMXBean.class);
        java.util.Map<String, String> caps = scheduler.getVgpuCapabilities();
        assertEquals("ON", caps.get("fractional_multi_vgpu"));
        assertEquals("OFF", caps.get("heterogeneous_timeslice_sizes"));
        assertEquals("ON", caps.get("warm_update"));
        assertEquals("UNKNOWN", caps.get("mig_timeslicing_enabled"), "the driver does not know it");
        assertEquals(10, caps.size());
        assertEquals(6_000_000_000L, scheduler.getReadDeviceBufferBytesPerSecond());
        assertEquals(5_000_000_000L, scheduler.getWriteDeviceBufferBytesPerSecond());
        HostMXBean host = JMX.newMXBeanProxy(server, Smi4jJmx.HOST, HostMXBean.class);
        assertEquals(java.util.Map.of("heterogeneous_multi_vgpu", "ON", "warm_update", "OFF"),
                host.getVgpuDriverCapabilities());
        VgpuMXBean vgpu = JMX.newMXBeanProxy(server, Smi4jJmx.vgpuName(0, 7), VgpuMXBean.class);
        assertEquals((300L << 20) + 7, vgpu.getRuntimeStateBytes());
        jmx.accept(TestSnapshots.bareMetal(2));
        assertEquals(java.util.Map.of(), host.getVgpuDriverCapabilities(), "none off a vGPU host");
    }

    @Test
    void withoutControlTheSchedulerHasNoOperation() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        MBeanOperationInfo[] ops = server.getMBeanInfo(new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0"))
                .getOperations();
        assertEquals(0, ops.length);
    }

    @Test
    void withControlTheSchedulerOperationReachesTheSetterAndRejectsAnUnknownPolicy() throws Exception {
        AtomicReference<SchedulerSetState> set = new AtomicReference<>();
        try (Smi4jJmx controlled = Smi4jJmx.create(server,
                JmxOptions.defaults().withControl((gpu, state) -> set.set(state)))) {
            jmx.close();
            controlled.accept(TestSnapshots.vgpuHost(1));
            ObjectName name = new ObjectName("io.smi4j:type=VgpuScheduler,gpu=0");
            VgpuSchedulerControlMXBean proxy = JMX.newMXBeanProxy(server, name, VgpuSchedulerControlMXBean.class);
            proxy.setSchedulerState("equal_share", false, 0, 0, 0.004);
            assertEquals(SchedulerSetState.withTimeslice(SchedulerPolicy.EQUAL_SHARE, 4_000_000 / 1e9), set.get());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> proxy.setSchedulerState("fastest", false, 0, 0, 1));
            assertTrue(e.getMessage().contains("fastest"), e.getMessage());
            assertFalse(server.getMBeanInfo(name).getOperations().length == 0);
        }
    }

    @Test
    void anUnchangedVgpuKeepsItsMBeanAndRowAndAChangedOneIsUpdatedInPlace() throws Exception {
        VgpuInstance same = TestSnapshots.vgpu(3251634191L, "vm-one", TestSnapshots.GIB);
        VgpuInstance before = TestSnapshots.vgpu(7, "vm-two", TestSnapshots.GIB);
        jmx.accept(TestSnapshots.snapshot(1, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 2_000_000), List.of(), List.of(same, before)))));
        ObjectName unchanged = Smi4jJmx.vgpuName(0, same.id());
        ObjectName changed = Smi4jJmx.vgpuName(0, 7);
        Object unchangedRow = jmx.row(unchanged);
        Object changedRow = jmx.row(changed);
        javax.management.ObjectInstance registeredBefore = server.getObjectInstance(unchanged);
        List<String> registrations = new ArrayList<>();
        server.addNotificationListener(new ObjectName("JMImplementation:type=MBeanServerDelegate"),
                (n, h) -> registrations.add(n.getType() + " " + ((javax.management.MBeanServerNotification) n)
                        .getMBeanName()), null, null);

        VgpuInstance after = TestSnapshots.vgpu(7, "vm-two", 3 * TestSnapshots.GIB);
        jmx.accept(TestSnapshots.snapshot(2, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 2_000_000), List.of(), List.of(same, after)))));

        assertEquals(List.of(), registrations, "no MBean registered or unregistered");
        assertTrue(unchangedRow == jmx.row(unchanged), "the same VgpuInstance keeps its row");
        assertTrue(changedRow != jmx.row(changed), "a changed vGPU gets a new row");
        assertEquals(registeredBefore.getClassName(), server.getObjectInstance(unchanged).getClassName());
        assertEquals(3 * TestSnapshots.GIB, server.getAttribute(changed, "FramebufferUsedBytes"));
        assertEquals(TestSnapshots.GIB, server.getAttribute(unchanged, "FramebufferUsedBytes"));
    }

    @Test
    void theSameVgpuListAgainKeepsEveryRowAndNotifiesNothingAndALaterListWithoutOneStopsIt() throws Exception {
        VgpuInstance one = TestSnapshots.vgpu(1, "vm-1", 1);
        VgpuInstance two = TestSnapshots.vgpu(2, "vm-2", 1);
        List<VgpuInstance> both = List.of(one, two); // the reader's same list while every vGPU kept its record
        List<Notification> received = new ArrayList<>();
        jmx.accept(TestSnapshots.snapshot(1, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000), List.of(), both))));
        server.addNotificationListener(Smi4jJmx.HOST, (n, h) -> received.add(n), null, null);
        Object row = jmx.row(Smi4jJmx.vgpuName(0, 2));
        jmx.accept(TestSnapshots.snapshot(2, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000), List.of(), both))));
        assertEquals(List.of(), received, "the same vGPUs: nothing started or stopped");
        assertTrue(row == jmx.row(Smi4jJmx.vgpuName(0, 2)), "the same list keeps the row");
        assertEquals(2, server.queryNames(new ObjectName("io.smi4j:type=Vgpu,*"), null).size());

        jmx.accept(TestSnapshots.snapshot(3, List.of(TestSnapshots.vgpuHostGpu(0,
                TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 1_000_000), List.of(), List.of(one)))));
        assertEquals(List.of(Smi4jJmx.VGPU_STOPPED), received.stream().map(Notification::getType).toList());
        assertEquals(Set.of(Smi4jJmx.vgpuName(0, 1)), server.queryNames(new ObjectName("io.smi4j:type=Vgpu,*"), null));
    }

    @Test
    void aKeptVgpuRowShowsItsSampleAgeAsOfTheNewestSnapshotInTheMBeanAndTheSeries() throws Exception {
        VgpuInstance same = TestSnapshots.vgpu(5, "vm-5", TestSnapshots.GIB); // its sample came with poll 1
        for (long sequence : new long[] {1, 3}) {
            jmx.accept(TestSnapshots.snapshot(sequence, List.of(TestSnapshots.vgpuHostGpu(0,
                    TestSnapshots.state(SchedulerPolicy.BEST_EFFORT, 2_000_000), List.of(), List.of(same)))));
        }
        ObjectName name = Smi4jJmx.vgpuName(0, 5);
        assertEquals(2L, server.getAttribute(name, "UtilizationAgePolls"), "poll 3 shows a sample of poll 1");
        CompositeData row = (CompositeData) ((TabularData) server.getAttribute(Smi4jJmx.METRICS, "VgpuSeries"))
                .values().iterator().next();
        assertEquals(2.0, row.get("utilization_sample_age_polls"));
    }

    @Test
    void theMetricsTablesAreBuiltWhenReadFromTheNewestSnapshot() throws Exception {
        jmx.accept(TestSnapshots.vgpuHost(1));
        jmx.accept(TestSnapshots.vgpuHost(2));
        TabularData host = (TabularData) server.getAttribute(Smi4jJmx.METRICS, "HostSeries");
        assertEquals(1, host.size());
        CompositeData row = (CompositeData) host.values().iterator().next();
        assertEquals(2L, ((Number) row.get("polls")).longValue(), "the newest snapshot: " + row);
    }
}
