package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.GpuHealth;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.VgpuPlacementList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the vGPU types of a vGPU host GPU: their static facts (name, class, framebuffer size, MIG profile, maximum
 * per VM) once per session and type, whichever GPU asks first; each GPU's supported types with their maximum
 * instances and supported placements once; every poll, which of them can be created now, where, and how many more.
 */
final class VgpuTypeReader {

    /** The static facts of one vGPU type. */
    record Facts(String name, String typeClass, long framebufferBytes, long gpuInstanceProfileId,
            long maxInstancesPerVm, long bar1Bytes, long fbReservationBytes, long gspHeapBytes) {
    }

    /**
     * One GPU's supported types: ids, facts, maximum instances and supported placements (null before R550); and the
     * records of the last poll with the creatable placements they were made from, so that a type whose state did not
     * change keeps its record (and an unchanged list its list).
     */
    static final class Supported {
        final long[] ids;
        final Facts[] facts;
        final long[] maxInstances;
        final VgpuPlacementList[] placements;
        final List<Long>[] supportedIds;
        final VgpuTypeInfo[] last;
        final VgpuPlacementList[] lastFree;
        List<VgpuTypeInfo> lastList;
        /** Heterogeneous mode as of the last records: the capacity depends on it. */
        Toggle lastHeterogeneous;

        @SuppressWarnings("unchecked")
        Supported(long[] ids, Facts[] facts, long[] maxInstances, VgpuPlacementList[] placements) {
            this.ids = ids;
            this.facts = facts;
            this.maxInstances = maxInstances;
            this.placements = placements;
            this.supportedIds = new List[ids.length];
            for (int i = 0; i < ids.length; i++) {
                supportedIds[i] = placements[i] == null ? List.of() : boxed(sorted(placements[i].placementIds()));
            }
            this.last = new VgpuTypeInfo[ids.length];
            this.lastFree = new VgpuPlacementList[ids.length];
        }
    }

    private static final long[] NONE = new long[0];

    private final CallPolicy calls;
    private final Map<Long, Facts> facts = new HashMap<>();

    VgpuTypeReader(CallPolicy calls) {
        this.calls = calls;
    }

    /** A fresh NVML session: type ids may mean other types now. */
    void newSession() {
        facts.clear();
    }

    /** The types GPU {@code g} supports; null when they could not all be read (asked again next poll). */
    Supported supported(GpuState g) {
        CallTarget t = g.target;
        long[] ids = calls.get(t, nvmlDeviceGetSupportedVgpus, Nvml::deviceSupportedVgpus, g.handle, null);
        if (ids == null) {
            return null;
        }
        Facts[] typeFacts = new Facts[ids.length];
        long[] max = new long[ids.length];
        VgpuPlacementList[] placements = new VgpuPlacementList[ids.length];
        for (int i = 0; i < ids.length; i++) {
            typeFacts[i] = facts(g, ids[i]);
            if (typeFacts[i] == null) {
                return null;
            }
            Long m = calls.get(t, nvmlVgpuTypeGetMaxInstances, Nvml::vgpuTypeMaxInstances, g.handle, ids[i], null);
            if (m == null && t.supports(nvmlVgpuTypeGetMaxInstances)) {
                return null; // failed, not unsupported
            }
            max[i] = m == null ? -1 : m;
            placements[i] = calls.get(t, nvmlDeviceGetVgpuTypeSupportedPlacements,
                    Nvml::deviceVgpuTypeSupportedPlacements, g.handle, ids[i], null);
            if (placements[i] == null && t.supports(nvmlDeviceGetVgpuTypeSupportedPlacements)) {
                return null; // failed, not unsupported
            }
        }
        return new Supported(ids, typeFacts, max, placements);
    }

    /**
     * The supported types as they read now: creatable or not (as last answered while that list fails), the running
     * vGPUs of each, and, in heterogeneous mode, the creatable placements; with the capacity that follows.
     */
    List<VgpuTypeInfo> withCreatable(GpuState g, Supported types, Listing<long[]> creatableListing,
            List<VgpuInstance> vgpus, Toggle heterogeneous) {
        CallTarget t = g.target;
        long[] listed = calls.list(creatableListing, GpuHealth.ListKind.CREATABLE_VGPU_TYPES, t,
                nvmlDeviceGetCreatableVgpus, Nvml::deviceCreatableVgpus, g.handle);
        long[] creatable = listed == null ? NONE : listed;
        if (heterogeneous != types.lastHeterogeneous) {
            Arrays.fill(types.last, null); // every capacity is counted again
            types.lastHeterogeneous = heterogeneous;
        }
        boolean changed = types.lastList == null;
        for (int i = 0; i < types.ids.length; i++) {
            long id = types.ids[i];
            boolean isCreatable = contains(creatable, id);
            long running = 0;
            for (int k = 0, n = vgpus.size(); k < n; k++) {
                if (vgpus.get(k).typeId() == id) {
                    running++;
                }
            }
            VgpuPlacementList free = isCreatable && heterogeneous == Toggle.ON
                    ? calls.get(t, nvmlDeviceGetVgpuTypeCreatablePlacements, Nvml::deviceVgpuTypeCreatablePlacements,
                            g.handle, id, null)
                    : null;
            VgpuTypeInfo last = types.last[i];
            if (last != null && last.creatable() == isCreatable && last.running() == running
                    && Objects.equals(free, types.lastFree[i])) {
                continue; // nothing in it changed: the same record
            }
            VgpuPlacementList supported = types.placements[i];
            long size = supported != null ? supported.placementSize() : free != null ? free.placementSize() : -1;
            long[] freeIds = free == null ? null : sorted(free.placementIds());
            Facts f = types.facts[i];
            VgpuTypeInfo info = new VgpuTypeInfo(id, f.name, f.typeClass, f.framebufferBytes, types.maxInstances[i],
                    isCreatable, f.gpuInstanceProfileId, f.maxInstancesPerVm, size, types.supportedIds[i],
                    freeIds == null ? List.of() : boxed(freeIds), running,
                    capacity(isCreatable, types.maxInstances[i], running, heterogeneous, size, freeIds),
                    f.bar1Bytes, f.fbReservationBytes, f.gspHeapBytes);
            changed = true;
            types.last[i] = info;
            types.lastFree[i] = free;
        }
        if (changed) {
            types.lastList = List.of(types.last); // a copy; immutable, so kept as is by the records holding it
        }
        return types.lastList;
    }

    /**
     * How many more vGPUs of a type can be created now, -1 when not known. Not creatable: 0. With the creatable
     * placements (heterogeneous mode): the most of them that fit side by side, each taking {@code placementSize}
     * slots from its id. Otherwise the GPU runs one type only, so the maximum minus those running; in heterogeneous
     * mode without the placements (the call failed) that is no bound, so -1.
     */
    static long capacity(boolean creatable, long maxInstances, long running, Toggle heterogeneous,
            long placementSize, long[] creatablePlacements) {
        if (!creatable) {
            return 0;
        }
        if (creatablePlacements != null) {
            long size = Math.max(1, placementSize);
            long count = 0;
            long end = Long.MIN_VALUE;
            for (long p : sorted(creatablePlacements)) {
                if (p >= end) {
                    count++;
                    end = p + size;
                }
            }
            return maxInstances < 0 ? count : Math.min(count, Math.max(0, maxInstances - running));
        }
        if (heterogeneous == Toggle.ON || maxInstances < 0) {
            return -1;
        }
        return Math.max(0, maxInstances - running);
    }

    /** The facts of {@code typeId}, read once per session; null when a read failed (asked again later). */
    Facts facts(GpuState g, long typeId) {
        Facts f = facts.get(typeId);
        if (f != null) {
            return f;
        }
        CallTarget t = g.target;
        String name = calls.get(t, nvmlVgpuTypeGetName, Nvml::vgpuTypeName, typeId, null);
        String typeClass = name == null ? null : calls.get(t, nvmlVgpuTypeGetClass, Nvml::vgpuTypeClass, typeId, null);
        Long fb = typeClass == null ? null
                : calls.get(t, nvmlVgpuTypeGetFramebufferSize, Nvml::vgpuTypeFramebufferSize, typeId, null);
        if (fb == null) {
            return null;
        }
        Long profile = calls.get(t, nvmlVgpuTypeGetGpuInstanceProfileId, Nvml::vgpuTypeGpuInstanceProfileId, typeId,
                null);
        if (profile == null && t.supports(nvmlVgpuTypeGetGpuInstanceProfileId)) {
            return null; // failed, not unsupported
        }
        Long perVm = calls.get(t, nvmlVgpuTypeGetMaxInstancesPerVm, Nvml::vgpuTypeMaxInstancesPerVm, typeId, null);
        if (perVm == null && t.supports(nvmlVgpuTypeGetMaxInstancesPerVm)) {
            return null; // failed, not unsupported
        }
        long[] sizes = new long[3];
        if (!sizes(t, typeId, sizes)) {
            return null;
        }
        f = new Facts(name, typeClass, fb, profile == null || profile < 0 || profile == 0xFFFF_FFFFL ? -1 : profile,
                perVm == null ? -1 : perVm, sizes[0], sizes[1], sizes[2]);
        facts.put(typeId, f);
        return f;
    }

    /**
     * The newer per-type sizes (BAR1, framebuffer reservation, GSP heap) into {@code out}, -1 each where the driver
     * lacks the call; false when one failed (the facts are asked again later).
     */
    private boolean sizes(CallTarget t, long typeId, long[] out) {
        Long bar1 = calls.get(t, nvmlVgpuTypeGetBAR1Info, Nvml::vgpuTypeBar1Size, typeId, null);
        Long reservation = calls.get(t, nvmlVgpuTypeGetFbReservation, Nvml::vgpuTypeFbReservation, typeId, null);
        Long gspHeap = calls.get(t, nvmlVgpuTypeGetGspHeapSize, Nvml::vgpuTypeGspHeapSize, typeId, null);
        if ((bar1 == null && t.supports(nvmlVgpuTypeGetBAR1Info))
                || (reservation == null && t.supports(nvmlVgpuTypeGetFbReservation))
                || (gspHeap == null && t.supports(nvmlVgpuTypeGetGspHeapSize))) {
            return false; // failed, not unsupported
        }
        out[0] = bar1 == null ? -1 : bar1;
        out[1] = reservation == null ? -1 : reservation;
        out[2] = gspHeap == null ? -1 : gspHeap;
        return true;
    }

    static boolean contains(long[] values, long value) {
        for (long v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
