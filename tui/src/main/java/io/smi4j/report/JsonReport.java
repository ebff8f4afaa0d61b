package io.smi4j.report;

import io.smi4j.model.HostSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One snapshot as a JSON document: {@code schema} (bumped on incompatible change), the
 * host's vGPU role, then the snapshot's own components (see {@link Json} for the mapping).
 */
public final class JsonReport {

    /** The document's schema name and version. */
    public static final String SCHEMA = "smi4j.snapshot/2";

    private JsonReport() {
    }

    public static String render(HostSnapshot snapshot) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("schema", SCHEMA);
        head.put("isVgpuHost", snapshot.isVgpuHost());
        head.put("isVgpuGuest", snapshot.isVgpuGuest());
        return Json.write(snapshot, head, true);
    }
}
