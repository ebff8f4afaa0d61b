package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.Nvml;
import io.smi4j.nvml.SchedulerLog;
import io.smi4j.nvml.VgpuPlacementList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the vGPU side of each GPU instance of a vGPU host GPU in MIG mode (MIG-backed vGPU, the R575 calls
 * {@code nvmlGpuInstanceGet*Vgpu*} and {@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance}): the instance's scheduler
 * (v2 where the driver has it, else v1) and new log entries (each once, by timestamp), its heterogeneous mode, its
 * running vGPUs, and its types with which can be created there now, where and how many more.
 *
 * <p>The GPU instances are enumerated once per session ({@code nvmlDeviceGetGpuInstanceProfileInfo},
 * {@code nvmlDeviceGetGpuInstances}) and again when a vGPU names an instance not known, or on a re-probe. Each
 * instance is a call target of its own: on a driver before R575 its calls answer FUNCTION_NOT_FOUND once and are
 * not made again (no error counted); an instance without a vGPU side (NOT_SUPPORTED) is left out.
 */
final class MigBackedVgpuReader {

    /** What a session knows of one GPU's instances. */
    static final class State {
        /** The GPU instances with their profile ids; null until enumerated. */
        List<GpuInstance> instances;
        /** Per GPU instance id, its call target. */
        final Map<Long, CallTarget> targets = new HashMap<>();
        /** {@code nvmlVgpuTypeGetMaxInstancesPerGpuInstance} per type id, -1 when not available. */
        final Map<Long, Long> maxPerInstance = new HashMap<>();
    }

    private final CallPolicy calls;
    /** Per GPU index and GPU instance id, across sessions: a log entry is counted once. */
    private final Map<Long, SchedulerLogHistory> logs = new HashMap<>();

    MigBackedVgpuReader(CallPolicy calls) {
        this.calls = calls;
    }

    /** GPU {@code g}'s GPU instances' vGPU sides; empty when none answers. */
    Optional<MigBackedVgpu> read(GpuState g, State s, List<VgpuTypeInfo> types, List<VgpuInstance> vgpus) {
        if (s.instances == null || calls.reprobeDue() || unknownInstance(s, vgpus)) {
            List<GpuInstance> found = instances(g);
            if (found == null) {
                return Optional.empty();
            }
            s.instances = found;
        }
        List<GpuInstanceVgpus> out = new ArrayList<>(s.instances.size());
        for (GpuInstance gi : s.instances) {
            GpuInstanceVgpus side = read(g, s, gi, types, vgpus);
            if (side != null) {
                out.add(side);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new MigBackedVgpu(out));
    }

    private static boolean unknownInstance(State s, List<VgpuInstance> vgpus) {
        for (VgpuInstance v : vgpus) {
            if (v.gpuInstanceId() >= 0 && s.instances.stream().noneMatch(gi -> gi.id() == v.gpuInstanceId())) {
                return true;
            }
        }
        return false;
    }

    /** The GPU's instances by id; null when the enumeration failed (asked again next poll). */
    private List<GpuInstance> instances(GpuState g) {
        List<GpuInstanceProfile> profiles = calls.get(g.target, nvmlDeviceGetGpuInstanceProfileInfo,
                Nvml::deviceGpuInstanceProfiles, g.handle, null);
        if (profiles == null) {
            return null;
        }
        TreeMap<Long, GpuInstance> byId = new TreeMap<>();
        for (GpuInstanceProfile p : profiles) {
            List<GpuInstance> of = calls.get(g.target, nvmlDeviceGetGpuInstances, Nvml::deviceGpuInstances, g.handle,
                    p.id(), null);
            if (of == null) {
                return null;
            }
            for (GpuInstance gi : of) {
                byId.put(gi.id(), gi);
            }
        }
        return List.copyOf(byId.values());
    }

    /** One instance's vGPU side; null when it answers none of the calls (no vGPU side, or a driver before R575). */
    private GpuInstanceVgpus read(GpuState g, State s, GpuInstance gi, List<VgpuTypeInfo> hostTypes,
            List<VgpuInstance> vgpus) {
        CallTarget t = s.targets.computeIfAbsent(gi.id(), k -> g.target.part());
        long h = gi.handle();
        if (!t.supports(nvmlGpuInstanceGetActiveVgpus) && !t.supports(nvmlGpuInstanceGetCreatableVgpus)) {
            return null; // before R575, or no vGPU side: not asked again this session (until a re-probe)
        }
        Optional<SchedulerState> state = Optional.ofNullable(t.supports(nvmlGpuInstanceGetVgpuSchedulerState_v2)
                ? calls.get(t, nvmlGpuInstanceGetVgpuSchedulerState_v2, Nvml::gpuInstanceVgpuSchedulerStateV2, h, null)
                : null);
        if (state.isEmpty() && !t.supports(nvmlGpuInstanceGetVgpuSchedulerState_v2)) {
            state = Optional.ofNullable(calls.get(t, nvmlGpuInstanceGetVgpuSchedulerState,
                    Nvml::gpuInstanceVgpuSchedulerState, h, null));
        }
        SchedulerLogHistory log = logs.computeIfAbsent(((long) g.index << 32) | gi.id(),
                k -> new SchedulerLogHistory());
        SchedulerLog newer = t.supports(nvmlGpuInstanceGetVgpuSchedulerLog_v2)
                ? calls.get(t, nvmlGpuInstanceGetVgpuSchedulerLog_v2, Nvml::gpuInstanceVgpuSchedulerLogV2, h,
                        log.cursor(), null)
                : null;
        if (newer == null && !t.supports(nvmlGpuInstanceGetVgpuSchedulerLog_v2)) {
            newer = calls.get(t, nvmlGpuInstanceGetVgpuSchedulerLog, Nvml::gpuInstanceVgpuSchedulerLog, h,
                    log.cursor(), null);
        }
        long engineId = -1;
        if (newer != null) {
            engineId = newer.engineId();
            log.add(newer.entries());
        }
        long mode = calls.getLong(t, nvmlGpuInstanceGetVgpuHeterogeneousMode,
                (n, x) -> n.gpuInstanceVgpuHeterogeneousMode(x), h, -1);
        Toggle mixed = mode < 0 ? Toggle.UNKNOWN : Toggle.of(mode == 1);
        long[] active = calls.get(t, nvmlGpuInstanceGetActiveVgpus, Nvml::gpuInstanceActiveVgpus, h, null);
        long[] creatable = calls.get(t, nvmlGpuInstanceGetCreatableVgpus, Nvml::gpuInstanceCreatableVgpus, h, null);
        if (state.isEmpty() && newer == null && mode < 0 && active == null && creatable == null) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        if (active != null) {
            long[] sorted = active.clone();
            Arrays.sort(sorted);
            for (long id : sorted) {
                ids.add(id);
            }
        } else {
            vgpus.stream().filter(v -> v.gpuInstanceId() == gi.id()).mapToLong(VgpuInstance::id).sorted()
                    .forEach(ids::add);
        }
        TreeMap<Long, String> typeNames = new TreeMap<>();
        for (VgpuTypeInfo type : hostTypes) {
            if (type.gpuInstanceProfileId() >= 0 && type.gpuInstanceProfileId() == gi.profileId()) {
                typeNames.put(type.typeId(), type.name());
            }
        }
        for (long id : creatable == null ? new long[0] : creatable) {
            typeNames.computeIfAbsent(id, k -> hostTypes.stream().filter(x -> x.typeId() == k).map(VgpuTypeInfo::name)
                    .findFirst().orElse(""));
        }
        List<GpuInstanceVgpuType> types = new ArrayList<>(typeNames.size());
        for (Map.Entry<Long, String> e : typeNames.entrySet()) {
            types.add(type(g, s, t, h, e.getKey(), e.getValue(), creatable, ids, vgpus, mixed));
        }
        return new GpuInstanceVgpus(gi.id(), gi.profileId(), state, engineId, log.recent(), log.total(), mixed, types,
                ids, log.runlistShares());
    }

    private GpuInstanceVgpuType type(GpuState g, State s, CallTarget t, long h, long typeId, String name,
            long[] creatableIds, List<Long> ids, List<VgpuInstance> vgpus, Toggle mixed) {
        boolean creatable = creatableIds != null && VgpuTypeReader.contains(creatableIds, typeId);
        long running = vgpus.stream().filter(v -> v.typeId() == typeId && ids.contains(v.id())).count();
        Long max = s.maxPerInstance.get(typeId);
        if (max == null) {
            Long read = calls.get(g.target, nvmlVgpuTypeGetMaxInstancesPerGpuInstance,
                    Nvml::vgpuTypeMaxInstancesPerGpuInstance, typeId, null);
            max = read == null ? -1 : read;
            if (read != null || !g.target.supports(nvmlVgpuTypeGetMaxInstancesPerGpuInstance)) {
                s.maxPerInstance.put(typeId, max); // a fact: a failed read is asked again next poll
            }
        }
        VgpuPlacementList free = creatable ? calls.get(t, nvmlGpuInstanceGetVgpuTypeCreatablePlacements,
                Nvml::gpuInstanceVgpuTypeCreatablePlacements, h, typeId, null) : null;
        long[] freeIds = free == null ? null : free.placementIds().clone();
        if (freeIds != null) {
            Arrays.sort(freeIds);
        }
        long size = free == null ? -1 : free.placementSize();
        return new GpuInstanceVgpuType(typeId, name, max, creatable, size,
                freeIds == null ? List.of() : Arrays.stream(freeIds).boxed().toList(), running,
                VgpuTypeReader.capacity(creatable, max, running, mixed, size, freeIds));
    }
}
