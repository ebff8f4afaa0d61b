package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.MigInstance;
import io.smi4j.nvml.GpuInstance;
import io.smi4j.nvml.GpuInstanceProfile;
import io.smi4j.nvml.MemoryInfo;
import io.smi4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the MIG devices of a GPU with MIG on: one {@link MigInstance} per used slot, with its GPU instance's profile. */
final class MigReader {

    /** What a session knows of one GPU's MIG slots. */
    static final class State {
        /** {@code nvmlDeviceGetMaxMigDeviceCount}; -1 until read. */
        int slots = -1;
        /** The MIG device in each slot, answering for itself. */
        final List<CallTarget> devices = new ArrayList<>();
        /** Profiles by GPU instance id; refreshed only when an unknown instance shows up. */
        final Map<Long, GpuInstanceProfile> profiles = new HashMap<>();
    }

    private final CallPolicy calls;

    MigReader(CallPolicy calls) {
        this.calls = calls;
    }

    List<MigInstance> read(GpuState g) {
        State s = g.mig == null ? (g.mig = new State()) : g.mig;
        if (s.slots < 0) {
            s.slots = (int) calls.getLong(g.target, nvmlDeviceGetMaxMigDeviceCount, Nvml::deviceMaxMigDeviceCount,
                    g.handle, -1);
        }
        while (s.devices.size() < s.slots) {
            s.devices.add(g.target.part());
        }
        List<MigInstance> out = new ArrayList<>(Math.max(s.slots, 0));
        for (int slot = 0; slot < s.slots; slot++) {
            // 0 for an unused slot (NOT_FOUND) as for a failed call: no device to read
            long mh = calls.getLong(g.target, nvmlDeviceGetMigDeviceHandleByIndex,
                    (n, h, i) -> n.deviceMigDeviceHandleByIndex(h, (int) i), g.handle, slot, 0);
            if (mh == 0) {
                continue;
            }
            CallTarget d = s.devices.get(slot);
            String uuid = calls.get(d, nvmlDeviceGetUUID, Nvml::deviceUuid, mh, "");
            String name = calls.get(d, nvmlDeviceGetName, Nvml::deviceName, mh, "");
            long gi = calls.getLong(d, nvmlDeviceGetGpuInstanceId, Nvml::deviceGpuInstanceId, mh, -1);
            long ci = calls.getLong(d, nvmlDeviceGetComputeInstanceId, Nvml::deviceComputeInstanceId, mh, -1);
            MemoryInfo m = calls.get(d, nvmlDeviceGetMemoryInfo_v2, Nvml::deviceMemoryInfo, mh, null);
            GpuInstanceProfile profile = gi < 0 ? null : profile(g, s, gi);
            out.add(new MigInstance(uuid, name, gi, ci, profile == null ? -1 : profile.id(),
                    profile == null ? -1 : profile.sliceCount(), profile == null ? -1 : profile.multiprocessorCount(),
                    m == null ? -1 : m.totalBytes(), m == null ? -1 : m.usedBytes()));
        }
        return out;
    }

    /** The profile of GPU instance {@code gi}; null when it cannot be found. */
    private GpuInstanceProfile profile(GpuState g, State s, long gi) {
        GpuInstanceProfile p = s.profiles.get(gi);
        if (p != null || !calls.worthCalling(g.target)) {
            return p;
        }
        s.profiles.clear();
        for (GpuInstanceProfile profile : calls.get(g.target, nvmlDeviceGetGpuInstanceProfileInfo,
                Nvml::deviceGpuInstanceProfiles, g.handle, List.<GpuInstanceProfile>of())) {
            List<GpuInstance> instances = calls.get(g.target, nvmlDeviceGetGpuInstances, Nvml::deviceGpuInstances,
                    g.handle, profile.id(), null);
            if (instances == null) {
                break;
            }
            for (GpuInstance instance : instances) {
                s.profiles.put(instance.id(), profile);
            }
        }
        return s.profiles.get(gi);
    }
}
