package io.smi4j.collect;

import static io.smi4j.nvml.NvmlFunction.*;

import io.smi4j.model.GpuHealth;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.nvml.Nvml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the vGPU types of a vGPU host GPU: their static facts (name, class, framebuffer size, MIG profile)
 * once per session and type, whichever GPU asks first; each GPU's supported types and their maximum
 * instances once; which of them can be created now, every poll.
 */
final class VgpuTypeReader {

    /** The static facts of one vGPU type. */
    record Facts(String name, String typeClass, long framebufferBytes, long gpuInstanceProfileId) {
    }

    /** One GPU's supported types, each as it reads when creatable and when not. */
    record Supported(long[] ids, VgpuTypeInfo[] notCreatable, VgpuTypeInfo[] creatable) {
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
        VgpuTypeInfo[] notCreatable = new VgpuTypeInfo[ids.length];
        VgpuTypeInfo[] creatable = new VgpuTypeInfo[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Facts f = facts(g, ids[i]);
            if (f == null) {
                return null;
            }
            Long max = calls.get(t, nvmlVgpuTypeGetMaxInstances, Nvml::vgpuTypeMaxInstances, g.handle, ids[i], null);
            if (max == null && t.supports(nvmlVgpuTypeGetMaxInstances)) {
                return null; // failed, not unsupported
            }
            long maxInstances = max == null ? -1 : max;
            notCreatable[i] = new VgpuTypeInfo(ids[i], f.name, f.typeClass, f.framebufferBytes, maxInstances, false,
                    f.gpuInstanceProfileId);
            creatable[i] = new VgpuTypeInfo(ids[i], f.name, f.typeClass, f.framebufferBytes, maxInstances, true,
                    f.gpuInstanceProfileId);
        }
        return new Supported(ids, notCreatable, creatable);
    }

    /** The supported types, each marked creatable or not as NVML answers now (as last answered while it fails). */
    List<VgpuTypeInfo> withCreatable(GpuState g, Supported types, Listing<long[]> creatableListing) {
        long[] listed = calls.list(creatableListing, GpuHealth.ListKind.CREATABLE_VGPU_TYPES, g.target,
                nvmlDeviceGetCreatableVgpus, Nvml::deviceCreatableVgpus, g.handle);
        long[] creatable = listed == null ? NONE : listed;
        List<VgpuTypeInfo> out = new ArrayList<>(types.ids.length);
        for (int i = 0; i < types.ids.length; i++) {
            out.add(contains(creatable, types.ids[i]) ? types.creatable[i] : types.notCreatable[i]);
        }
        return out;
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
        f = new Facts(name, typeClass, fb,
                profile == null || profile < 0 || profile == 0xFFFF_FFFFL ? -1 : profile);
        facts.put(typeId, f);
        return f;
    }

    static boolean contains(long[] values, long value) {
        for (long v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
