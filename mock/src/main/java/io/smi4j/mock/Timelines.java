package io.smi4j.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smi4j.mock.scenario.Scenario;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timeline paths: {@code gpus[0].vgpuHost.vgpus[3].fbUsageBytes} sets a value; a list's path ending in {@code [-]}
 * drops that many elements from its front, one ending in {@code [+]} appends the elements given (a scheduler log or
 * the sample buffer moving on is a drop and an append, not the list again). Setting a value at one, and the changes
 * between two hosts.
 */
final class Timelines {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[\\d+])*)(\\[[+-]])?");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Timelines() {
    }

    /** Sets {@code value} at {@code path} in {@code body}; {@code where} names the change in errors. */
    static void set(ObjectNode body, String path, JsonNode change, String where) {
        JsonNode value = change.deepCopy(); // the state is edited further at later polls; the step must stay as read
        String[] parts = path.split("\\.", -1);
        JsonNode at = body;
        for (int p = 0; p < parts.length; p++) {
            Matcher m = SEGMENT.matcher(parts[p]);
            if (!m.matches()) {
                throw new ScenarioFiles.Bad(where, "expected a path such as gpus[0].vgpuHost.vgpus[2].fbUsageBytes, "
                        + "got '" + path + "'");
            }
            List<Integer> indexes = new ArrayList<>();
            Matcher i = INDEX.matcher(m.group(2));
            while (i.find()) {
                indexes.add(Integer.parseInt(i.group(1)));
            }
            String key = m.group(1);
            if (!(at instanceof ObjectNode o) || !o.has(key)) {
                throw new ScenarioFiles.Bad(where, "'" + key + "' is not there at poll 1 (" + path + ")");
            }
            boolean last = p == parts.length - 1;
            if (m.group(3) != null) {
                if (!last) {
                    throw new ScenarioFiles.Bad(where, "[+] and [-] end a path, got '" + path + "'");
                }
                JsonNode target = o.get(key);
                for (int idx : indexes) {
                    target = target instanceof ArrayNode a && idx < a.size() ? a.get(idx) : null;
                }
                if (!(target instanceof ArrayNode list)) {
                    throw new ScenarioFiles.Bad(where, "expected a list at '" + path + "'");
                }
                edit(list, m.group(3).charAt(1) == '+', value, where);
                return;
            }
            if (last && indexes.isEmpty()) {
                o.set(key, value);
                return;
            }
            at = o.get(key);
            for (int k = 0; k < indexes.size(); k++) {
                int idx = indexes.get(k);
                if (!(at instanceof ArrayNode a) || idx >= a.size()) {
                    throw new ScenarioFiles.Bad(where, "no element [" + idx + "] of '" + key + "' (" + path + ")");
                }
                if (last && k == indexes.size() - 1) {
                    a.set(idx, value);
                    return;
                }
                at = a.get(idx);
            }
        }
    }

    private static void edit(ArrayNode list, boolean append, JsonNode value, String where) {
        if (append) {
            if (!value.isArray()) {
                throw new ScenarioFiles.Bad(where, "expected an array of the elements to append, got "
                        + ScenarioFiles.kind(value));
            }
            list.addAll((ArrayNode) value);
            return;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0
                || value.intValue() > list.size()) {
            throw new ScenarioFiles.Bad(where, "expected how many elements to drop from the front, 0.." + list.size()
                    + ", got " + ScenarioFiles.kind(value));
        }
        for (int k = value.intValue(); k > 0; k--) {
            list.remove(0);
        }
    }

    /** The changes that make {@code before} into {@code after}: only the values that differ. */
    static Map<String, JsonNode> diff(Scenario before, Scenario after) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        diff(ScenarioFiles.toJson(before), ScenarioFiles.toJson(after), "", out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, Map<String, JsonNode> out) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject() && sameIdentity(a, b)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode old = a.get(e.getKey());
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (old == null) {
                    out.put(at, e.getValue());
                } else {
                    diff(old, e.getValue(), at, out);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray() && !path.isEmpty() && moved(a, b, path, out)) {
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size() && !path.isEmpty()) {
            for (int i = 0; i < b.size(); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        out.put(path, b); // a list whose length changed (a VM started or stopped), or a value
    }

    /**
     * Whether two objects are the same thing (a vGPU, a VM, a process): another one at the same place is written
     * whole, so an identity never changes alone (and an anonymized file replaces it with its placeholders).
     */
    private static boolean sameIdentity(JsonNode a, JsonNode b) {
        for (String key : List.of("id", "uuid", "pid", "vgpuInstance")) {
            if (a.has(key) && !a.get(key).equals(b.get(key))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code b} is {@code a} with some elements dropped from its front and some appended (a log, a sample
     * buffer); if so, the changes saying that are in {@code out}.
     */
    private static boolean moved(JsonNode a, JsonNode b, String path, Map<String, JsonNode> out) {
        for (int drop = 0; drop < a.size(); drop++) {
            int kept = a.size() - drop;
            if (kept > b.size()) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < kept && match; i++) {
                match = a.get(drop + i).equals(b.get(i));
            }
            if (match) {
                if (drop > 0) {
                    out.put(path + "[-]", JsonNodeFactory.instance.numberNode(drop));
                }
                ArrayNode added = JsonNodeFactory.instance.arrayNode();
                for (int i = kept; i < b.size(); i++) {
                    added.add(b.get(i));
                }
                if (!added.isEmpty()) {
                    out.put(path + "[+]", added);
                }
                return true;
            }
        }
        return false;
    }
}
