package io.smi4j.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.smi4j.model.CallError;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.MigInstance;
import io.smi4j.model.SchedulerCapabilities;
import io.smi4j.model.RunlistShare;
import io.smi4j.model.SchedulerLogEntry;
import io.smi4j.model.SchedulerPolicy;
import io.smi4j.model.SchedulerState;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuCapabilities;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;
import io.smi4j.report.Format;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Draws one dashboard frame from one snapshot straight into a {@link TextGraphics} (a
 * Lanterna screen's back buffer, or any other): no widget tree, nothing kept between frames
 * but the {@link ViewState}. Never touches NVML, so it can run headless, in tests and in the
 * benchmark. Anything wider or taller than the graphics is clipped, never an error.
 */
public final class DashboardRenderer {

    private static final TextColor.ANSI HEADER_BG = TextColor.ANSI.BLUE;
    private static final TextColor.ANSI HEADER_FG = TextColor.ANSI.WHITE_BRIGHT;
    private static final TextColor.ANSI LABEL = TextColor.ANSI.CYAN;
    private static final TextColor.ANSI DIM = TextColor.ANSI.BLACK_BRIGHT;
    private static final TextColor.ANSI ALERT = TextColor.ANSI.RED_BRIGHT;
    /** Column widths of the MIG table (GI/CI, name, profile, slices, SMs, memory, UUID). */
    private static final int[] MIG_COLUMNS = {7, 38, 8, 7, 5, 16, 44};
    /** Column widths of the scheduler log (timestamp, runlist, time run, run total, target slice, preemption). */
    private static final int[] SCHEDULER_LOG_COLUMNS = {20, 9, 12, 14, 14, 18, 8, 11};
    private static final char[] SPARKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private DashboardRenderer() {
    }

    /** Draws the frame for {@code snapshot}; the snapshot also feeds the view's history once. */
    public static void render(HostSnapshot snapshot, ViewState state, TextGraphics graphics) {
        state.history().observe(snapshot);
        Canvas c = new Canvas(graphics, state.frame());
        draw(c, snapshot, state);
        c.done();
    }

    private static void draw(Canvas c, HostSnapshot snapshot, ViewState state) {
        header(c, snapshot);
        ViewState.Tab tab = state.tab(snapshot);
        tabBar(c, snapshot, state, tab);
        int y = 2;
        if (!snapshot.status().showsGpus()) {
            c.color(ALERT).bold(true);
            c.put(1, y, "NVML unavailable (" + snapshot.status() + "): " + Format.text(snapshot.statusDetail()));
            c.bold(false).reset();
            footer(c, snapshot);
            return;
        }
        List<GpuInfo> gpus = sortedGpus(snapshot.gpus(), state.sort());
        int bottom = c.height - 1; // the footer row
        switch (tab) {
            case GPUS -> {
                int sel = state.select(gpus);
                y = gpuList(c, y, gpus, state, sel, bottom);
                GpuInfo selectedGpu = gpus.isEmpty() ? null : gpus.get(sel);
                state.selectedGpu(-1);
                if (selectedGpu != null) {
                    gpuDetails(c, y + 1, selectedGpu, snapshot.errors(), bottom);
                }
            }
            case VGPU -> {
                List<GpuInfo> hosts = new ArrayList<>();
                for (GpuInfo g : gpus) {
                    if (g.vgpuHost().isPresent()) {
                        hosts.add(g);
                    }
                }
                int sel = state.select(hosts);
                y = gpuList(c, y, gpus, state, -1, Math.min(bottom, y + 1 + Math.max(2, c.height / 6)));
                state.selectedGpu(hosts.isEmpty() ? -1 : hosts.get(sel).index());
                vgpuView(c, y + 1, hosts, sel, state, bottom);
            }
            case PROCESSES -> {
                state.selectedGpu(-1);
                y = gpuList(c, y, gpus, state, -1, Math.min(bottom, y + 1 + Math.max(2, c.height / 4)));
                processTable(c, y + 1, gpus, bottom);
            }
        }
        footer(c, snapshot);
        if (state.helpShown()) {
            help(c, snapshot.isVgpuHost());
        }
    }

    /** The frame before the first poll completed. */
    public static void renderWaiting(TextGraphics graphics, String what) {
        Canvas c = new Canvas(graphics, new Frame());
        c.bg(HEADER_BG).color(HEADER_FG).fillRow(0);
        c.put(1, 0, "smi4j");
        c.reset();
        c.put(1, 2, "waiting for the first poll of " + what + " ...  (q quits)");
        c.done();
    }

    // ---- header, tabs, footer, help ----

    private static void header(Canvas c, HostSnapshot s) {
        c.bg(HEADER_BG).color(HEADER_FG).fillRow(0);
        StringBuilder b = new StringBuilder(160);
        b.append("smi4j  ").append(s.hostName())
                .append("  driver ").append(Format.text(s.driverVersion()))
                .append("  NVML ").append(Format.text(s.nvmlVersion()))
                .append("  CUDA ").append(Format.text(s.cudaDriverVersion()))
                .append("  ").append(s.gpus().size()).append(s.gpus().size() == 1 ? " GPU" : " GPUs");
        if (s.isVgpuHost()) {
            b.append("  vGPU host");
        } else if (s.isVgpuGuest()) {
            b.append("  vGPU guest");
        }
        c.bold(true).put(1, 0, b.toString()).bold(false);
        // the host's state first: on a narrow terminal the end of the line is what is cut off
        String state = s.status() == HostStatus.DEGRADED ? "DEGRADED  "
                : s.status() == HostStatus.STALE ? "STALE: no poll completed since  " : "";
        String right = state + "poll #" + s.sequence() + " " + CLOCK.format(s.time()) + " ("
                + s.pollDuration().toMillis() + " ms)" + (s.errors().isEmpty() ? "" : "  " + s.errors().size()
                + " call errors");
        c.put(Math.max(b.length() + 3, c.width - right.length() - 1), 0, right);
        c.reset();
    }

    private static void tabBar(Canvas c, HostSnapshot s, ViewState state, ViewState.Tab current) {
        int x = 1;
        List<ViewState.Tab> tabs = ViewState.tabs(s.isVgpuHost());
        for (int i = 0; i < tabs.size(); i++) {
            ViewState.Tab t = tabs.get(i);
            String label = " " + (i + 1) + " " + t.title() + " ";
            if (t == current) {
                c.reverse(true).bold(true);
            }
            c.put(x, 1, label);
            c.reverse(false).bold(false);
            x += label.length() + 1;
        }
        String right = "sort: " + state.sort().title();
        c.color(DIM).put(Math.max(x + 2, c.width - right.length() - 1), 1, right).reset();
    }

    private static void footer(Canvas c, HostSnapshot s) {
        int y = c.height - 1;
        if (y < 3) {
            return;
        }
        String keys = s.isVgpuHost()
                ? " Tab/1-3 tabs  \u2191\u2193 select  Enter/space fold vGPU section  u/m/i sort  ? help  q quit"
                : " Tab/1-2 tabs  \u2191\u2193 select  u/m/i sort  ? help  q quit";
        c.reverse(true).fillRow(y);
        c.put(0, y, keys).reverse(false);
    }

    private static void help(Canvas c, boolean vgpuHost) {
        List<String> lines = new ArrayList<>(List.of(
                "Keys",
                "",
                "Tab, Shift-Tab, \u2190 \u2192   next / previous tab",
                vgpuHost ? "1 2 3               go to a tab: 1 GPUs, 2 vGPU, 3 Processes"
                        : "1 2                 go to a tab: 1 GPUs, 2 Processes",
                "\u2191 \u2193 (k j)           select the GPU above / below (kept through sorts and polls)",
                "u  m  i  (s)        sort by utilization / memory / index (s cycles)",
                "?  h                this help (Esc closes)",
                "q  Esc  Ctrl-C      quit"));
        if (vgpuHost) {
            lines.add(5, "Enter, space        fold / unfold the selected GPU's vGPU section");
        }
        int w = 0;
        for (String l : lines) {
            w = Math.max(w, l.length());
        }
        w += 4;
        int h = lines.size() + 2;
        int x0 = Math.max(0, (c.width - w) / 2);
        int y0 = Math.max(0, (c.height - h) / 2);
        c.bg(TextColor.ANSI.WHITE).color(TextColor.ANSI.BLACK);
        for (int i = 0; i < h; i++) {
            c.fill(x0, y0 + i, w);
        }
        for (int i = 0; i < lines.size(); i++) {
            c.put(x0 + 2, y0 + 1 + i, lines.get(i));
        }
        c.reset();
    }

    // ---- the GPU list ----

    /** Draws the GPU table from row {@code y}; returns the next free row. */
    private static int gpuList(Canvas c, int y, List<GpuInfo> gpus, ViewState state, int selected, int limit) {
        if (y >= limit) {
            return y;
        }
        c.color(LABEL).bold(true);
        int x = 2;
        x = c.cell(x, y, "#", 3);
        x = c.cell(x, y, "Name", 24);
        x = c.cell(x, y, "GPU util", 16);
        x = c.cell(x, y, "Memory", 26);
        x = c.cell(x, y, "Temp", 5);
        x = c.cell(x, y, "Power/limit", 14);
        x = c.cell(x, y, "SM/mem clock MHz", 17);
        x = c.cell(x, y, "P", 4);
        x = c.cell(x, y, "Virtualization", 15);
        c.cell(x, y, "Utilization history", 20);
        c.bold(false).reset();
        y++;
        int room = limit - y;
        // One GPU more than the room takes the line a "1 more GPUs" note would take.
        int rows = gpus.size() == room + 1 && limit < c.height - 1 ? gpus.size() : Math.min(gpus.size(), room);
        int first = selected >= rows ? selected - rows + 1 : 0;
        for (int i = first; i < first + rows; i++, y++) {
            GpuInfo g = gpus.get(i);
            if (i == selected) {
                c.reverse(true).fill(0, y, c.width);
                c.put(0, y, ">");
            }
            x = 2;
            x = c.cell(x, y, String.valueOf(g.index()), 3);
            if (g.health().state() != GpuHealth.State.OK) {
                // the mark beside the index; a GPU not read shows its state and reason where the name would be
                c.color(ALERT).put(1, y, "!");
            }
            x = c.cell(x, y, g.health().working() ? g.name() : Format.health(g.health()), 24);
            c.reset();
            x = c.bar(x, y, Double.isNaN(g.utilizationGpuPercent()) ? -1 : Math.round(g.utilizationGpuPercent()), 100, 10);
            x = c.cell(x + 1, y, Format.percent(g.utilizationGpuPercent()), 5);
            x = c.bar(x, y, g.memoryUsedBytes(), g.memoryTotalBytes(), 10);
            x = c.cell(x + 1, y, Format.usedOfTotal(g.memoryUsedBytes(), g.memoryTotalBytes()), 15);
            x = c.cell(x, y, Format.celsius(g.temperatureCelsius()), 5);
            x = c.cell(x, y, watts(g.powerUsageWatts()) + "/" + Format.watts(g.powerLimitWatts()), 14);
            x = c.cell(x, y, Format.megahertz(g.clocks().smHertz()) + "/" + Format.megahertz(g.clocks().memoryHertz()), 17);
            x = c.cell(x, y, Format.pstate(g.performanceState()), 4);
            x = c.cell(x, y, Format.virtualization(g.virtualizationMode()), 15);
            c.sparkline(x, y, state.history(), g.index(), Math.min(History.UTILIZATION_SAMPLES, c.width - x - 1));
            c.reverse(false).reset();
        }
        if (rows < gpus.size() && y < c.height) {
            c.color(DIM).put(2, y, "(" + (gpus.size() - rows) + " more GPUs: "
                    + (selected < 0 ? "see the GPUs tab)" : "\u2191\u2193 scroll)")).reset();
            y++;
        }
        return y;
    }

    private static String watts(double watts) {
        String w = Format.watts(watts);
        return w.endsWith(" W") ? w.substring(0, w.length() - 2) : w;
    }

    // ---- GPUs tab: details of the selected GPU ----

    private static void gpuDetails(Canvas c, int y, GpuInfo g, List<CallError> errors, int bottom) {
        if (y >= bottom) {
            return;
        }
        c.hline(y++);
        if (y >= bottom) {
            return;
        }
        c.bold(true).put(1, y, "GPU " + g.index() + "  " + g.name()).bold(false);
        c.color(DIM).put(3 + ("GPU " + g.index() + "  " + g.name()).length(), y,
                Format.text(g.uuid()) + "  PCI " + Format.text(g.pciBusId())).reset();
        y++;
        if (y < bottom) {
            c.put(1, y, "memory " + Format.usedOfTotal(g.memoryUsedBytes(), g.memoryTotalBytes())
                    + " used, " + Format.bytes(g.memoryFreeBytes()) + " free, "
                    + Format.bytes(g.memoryReservedBytes()) + " reserved   ECC " + Format.toggle(g.eccMode())
                    + "   MIG " + Format.toggle(g.migMode()) + "   fan " + Format.percent(g.fanSpeedPercent())
                    + "   memory util " + Format.percent(g.utilizationMemoryPercent()));
            y++;
        }
        if (y < bottom) {
            c.put(1, y, "clocks MHz (now/max)  graphics " + Format.megahertz(g.clocks().graphicsHertz()) + "/"
                    + Format.megahertz(g.clocks().maxGraphicsHertz()) + "  SM " + Format.megahertz(g.clocks().smHertz())
                    + "/" + Format.megahertz(g.clocks().maxSmHertz()) + "  memory "
                    + Format.megahertz(g.clocks().memoryHertz()) + "/" + Format.megahertz(g.clocks().maxMemoryHertz()));
            y++;
        }
        if (g.vgpuHost().isPresent() && y < bottom) {
            VgpuHostInfo h = g.vgpuHost().get();
            c.color(LABEL).put(1, y, "vGPU host: " + h.vgpus().size() + " vGPUs running, host mode "
                    + Format.hostMode(h.hostMode()) + "  (details: the vGPU tab, key 2)").reset();
            y++;
        }
        if (g.vgpuGuest().isPresent() && y < bottom) {
            VgpuGuestInfo guest = g.vgpuGuest().get();
            c.color(LABEL).put(1, y, "vGPU guest: license " + Format.license(guest.licenseState()) + ", product "
                    + Format.text(guest.product())).reset();
            y++;
        }
        StringBuilder failed = new StringBuilder();
        for (CallError e : errors) {
            if (e.gpuIndex() == g.index()) {
                failed.append(failed.length() == 0 ? "NVML calls that failed in this poll: " : ", ").append(e.call())
                        .append(' ').append(e.result()).append(" (").append(e.code()).append(')');
            }
        }
        if (failed.length() > 0 && y < bottom) {
            c.color(ALERT).put(1, y++, failed.toString()).reset();
        }
        y++;
        if (y >= bottom) {
            return;
        }
        c.bold(true).put(1, y++, "Processes (" + g.processes().size() + ")").bold(false);
        y = processRows(c, y, List.of(g), g.processes().size(), false, bottom - (g.migMode() == Toggle.ON ? 3 : 0));
        if (g.migMode() == Toggle.ON && y + 1 < bottom) {
            y++;
            c.bold(true).put(1, y++, "MIG instances (" + g.migInstances().size() + ")").bold(false);
            if (y < bottom) {
                c.color(LABEL).row(3, y, MIG_COLUMNS, "GI/CI", "Name", "Profile", "Slices", "SMs", "Memory", "UUID")
                        .reset();
                y++;
            }
            for (MigInstance m : g.migInstances()) {
                if (y >= bottom) {
                    break;
                }
                c.row(3, y, MIG_COLUMNS, m.gpuInstanceId() + "/" + m.computeInstanceId(), m.name(),
                        Format.number(m.profileId()), Format.number(m.sliceCount()),
                        Format.number(m.multiprocessorCount()),
                        Format.usedOfTotal(m.memoryUsedBytes(), m.memoryTotalBytes()), m.uuid());
                y++;
            }
        }
    }

    // ---- Processes tab ----

    private static void processTable(Canvas c, int y, List<GpuInfo> gpus, int bottom) {
        if (y >= bottom) {
            return;
        }
        c.hline(y++);
        int total = 0;
        for (GpuInfo g : gpus) {
            total += g.processes().size();
        }
        if (y < bottom) {
            c.bold(true).put(1, y++, "Processes on all GPUs (" + total + ")").bold(false);
        }
        processRows(c, y, gpus, total, true, bottom);
    }

    private record Row(GpuInfo gpu, GpuProcess process) {
    }

    private static int processRows(Canvas c, int y, List<GpuInfo> gpus, int total, boolean gpuColumn, int bottom) {
        if (y >= bottom) {
            return y;
        }
        if (total == 0) {
            c.color(DIM).put(3, y, "no compute or graphics processes").reset();
            return y + 1;
        }
        c.color(LABEL);
        int x = 3;
        if (gpuColumn) {
            x = c.cell(x, y, "GPU", 5);
        }
        x = c.cell(x, y, "PID", 9);
        x = c.cell(x, y, "Name", 32);
        x = c.cell(x, y, "Type", 5);
        x = c.cell(x, y, "GPU memory", 12);
        x = c.cell(x, y, "GI/CI", 8);
        x = c.cell(x, y, "SM", 6);
        x = c.cell(x, y, "Mem", 6);
        x = c.cell(x, y, "Enc", 6);
        c.cell(x, y, "Dec", 6);
        c.reset();
        y++;
        List<Row> rows = new ArrayList<>(total);
        for (GpuInfo g : gpus) {
            for (GpuProcess p : g.processes()) {
                rows.add(new Row(g, p));
            }
        }
        rows.sort(Comparator.comparingLong((Row r) -> r.process().usedMemoryBytes()).reversed());
        int shown = 0;
        for (Row r : rows) {
            if (y >= bottom) {
                break;
            }
            GpuProcess p = r.process();
            x = 3;
            if (gpuColumn) {
                x = c.cell(x, y, String.valueOf(r.gpu().index()), 5);
            }
            x = c.cell(x, y, String.valueOf(p.pid()), 9);
            x = c.cell(x, y, Format.text(p.name()), 32);
            x = c.cell(x, y, p.type().smi(), 5);
            x = c.cell(x, y, Format.bytes(p.usedMemoryBytes()), 12);
            x = c.cell(x, y, p.gpuInstanceId() < 0 ? Format.NA : p.gpuInstanceId() + "/" + p.computeInstanceId(), 8);
            x = c.cell(x, y, Format.percent(p.smUtil()), 6);
            x = c.cell(x, y, Format.percent(p.memUtil()), 6);
            x = c.cell(x, y, Format.percent(p.encUtil()), 6);
            c.cell(x, y, Format.percent(p.decUtil()), 6);
            y++;
            shown++;
        }
        if (shown < rows.size() && y - 1 >= 0) {
            c.color(DIM).put(c.width - 20, y - 1, "(" + (rows.size() - shown) + " more)").reset();
        }
        return y;
    }

    // ---- vGPU tab ----

    private static void vgpuView(Canvas c, int y, List<GpuInfo> hosts, int selected, ViewState state, int bottom) {
        if (y >= bottom) {
            return;
        }
        c.hline(y++);
        GpuInfo selectedGpu = hosts.get(selected);
        int logRows = Math.max(3, Math.min(12, (bottom - y) / 4));
        int logTop = bottom - logRows - 1;
        if (logTop - y < 4) {
            logTop = bottom; // too small for a log pane: sections only
        }
        // Start at the selected section when the ones above it would push it off screen.
        int first = 0;
        int needed = 0;
        for (int i = selected; i >= 0; i--) {
            needed += sectionHeight(hosts.get(i), state);
            if (needed > logTop - y) {
                first = Math.min(selected, i + 1);
                break;
            }
        }
        for (int i = first; i < hosts.size() && y < logTop; i++) {
            y = vgpuSection(c, y, hosts.get(i), i == selected, state, logTop);
        }
        if (logTop < bottom) {
            schedulerLog(c, logTop, selectedGpu, bottom);
        }
    }

    private static int sectionHeight(GpuInfo g, ViewState state) {
        VgpuHostInfo h = g.vgpuHost().orElseThrow();
        // MIG-backed vGPU: a line per GPU instance above its vGPUs
        int instances = h.migBackedVgpu().map(m -> m.gpuInstances().size()).orElse(0);
        return state.folded(g.index()) ? 1 : 5 + Math.max(1, h.vgpus().size() + instances);
    }

    private static int vgpuSection(Canvas c, int y, GpuInfo g, boolean selected, ViewState state, int bottom) {
        VgpuHostInfo h = g.vgpuHost().orElseThrow();
        boolean folded = state.folded(g.index());
        if (selected) {
            c.reverse(true).fill(0, y, c.width);
        }
        String title = (folded ? "\u25b6 GPU " : "\u25bc GPU ") + g.index() + "  " + g.name();
        c.bold(true).put(0, y, title).bold(false);
        c.put(Math.max(32, title.length() + 3), y, "host mode " + Format.hostMode(h.hostMode()) + "   " + h.vgpus().size() + " vGPUs"
                + "   heterogeneous " + Format.toggle(h.heterogeneousMode())
                + "   types " + h.types().size() + h.vgpuCapabilities().map(DashboardRenderer::vgpuCapabilities).orElse(""));
        c.reverse(false).reset();
        y++;
        if (folded || y >= bottom) {
            return y;
        }
        c.put(2, y++, schedulerLine(h));
        if (y < bottom) {
            c.color(DIM).put(2, y++, capabilitiesLine(h)).reset();
        }
        if (y < bottom) {
            c.put(2, y++, capacityLine(h));
        }
        if (y >= bottom) {
            return y;
        }
        // The VM id gives way first on narrow terminals: UUIDs are long, the numbers matter more.
        int vmWidth = Math.max(12, Math.min(38, c.width - 129));
        c.color(LABEL);
        int x = 4;
        x = c.cell(x, y, "vGPU ID", 12);
        x = c.cell(x, y, "Type", 18);
        x = c.cell(x, y, "VM", vmWidth);
        x = c.cell(x, y, "SM", 5);
        x = c.cell(x, y, "MEM", 5);
        x = c.cell(x, y, "ENC", 5);
        x = c.cell(x, y, "DEC", 5);
        x = c.cell(x, y, "FB used/total", 27);
        x = c.cell(x, y, "License", 26);
        c.cell(x, y, "Accounting PIDs", 30);
        c.reset();
        y++;
        if (h.vgpus().isEmpty() && h.migBackedVgpu().isEmpty() && y < bottom) {
            c.color(DIM).put(4, y++, "no vGPUs running").reset();
        }
        List<Object> rows = vgpuRows(h, state.sort());
        long vgpuCount = rows.stream().filter(r -> r instanceof VgpuInstance).count();
        long shownVgpus = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (y == bottom - 1 && i < rows.size() - 1) {
                c.color(DIM).put(4, y++, "(" + (vgpuCount - shownVgpus) + " more vGPUs: fold other GPUs with Enter, "
                        + "sort with u/m, or enlarge the terminal)").reset();
                break;
            }
            if (y >= bottom) {
                break;
            }
            if (rows.get(i) instanceof GpuInstanceVgpus gi) {
                c.color(LABEL).put(4, y++, gpuInstanceLine(gi)).reset();
                continue;
            }
            VgpuInstance v = (VgpuInstance) rows.get(i);
            shownVgpus++;
            x = 4;
            x = c.cell(x, y, Long.toUnsignedString(v.id()), 12);
            x = c.cell(x, y, Format.text(v.typeName()), 18);
            x = c.cell(x, y, Format.text(v.vmId()), vmWidth);
            x = c.cell(x, y, Format.percent(v.smUtil()), 5);
            x = c.cell(x, y, Format.percent(v.memUtil()), 5);
            x = c.cell(x, y, Format.percent(v.encUtil()), 5);
            x = c.cell(x, y, Format.percent(v.decUtil()), 5);
            x = c.bar(x, y, v.fbUsedBytes(), v.fbTotalBytes(), 10);
            x = c.cell(x + 1, y, Format.usedOfTotal(v.fbUsedBytes(), v.fbTotalBytes()), 16);
            x = c.cell(x, y, Format.license(v.licenseState()), 26);
            c.cell(x, y, accountingPids(v), Math.max(0, c.width - x - 1));
            y++;
        }
        return y;
    }

    /**
     * The vGPU rows of a section: the vGPUs in {@code sort} order; MIG-backed, each GPU instance (a
     * {@link GpuInstanceVgpus}) followed by its vGPUs, then any vGPU on no GPU instance read.
     */
    static List<Object> vgpuRows(VgpuHostInfo h, ViewState.Sort sort) {
        List<VgpuInstance> sorted = sortedVgpus(h.vgpus(), sort);
        if (h.migBackedVgpu().isEmpty()) {
            return new ArrayList<>(sorted);
        }
        List<Object> rows = new ArrayList<>(sorted.size() + h.migBackedVgpu().get().gpuInstances().size());
        java.util.Set<Long> placed = new java.util.HashSet<>();
        for (GpuInstanceVgpus gi : h.migBackedVgpu().get().gpuInstances()) {
            rows.add(gi);
            for (VgpuInstance v : sorted) {
                if (gi.vgpuIds().contains(v.id())) {
                    rows.add(v);
                    placed.add(v.id());
                }
            }
        }
        for (VgpuInstance v : sorted) {
            if (!placed.contains(v.id())) {
                rows.add(v);
            }
        }
        return rows;
    }

    /** A GPU instance's line (MIG-backed vGPU): its vGPUs, its own scheduler and what can be created there now. */
    static String gpuInstanceLine(GpuInstanceVgpus gi) {
        StringBuilder b = new StringBuilder(160).append("GPU instance ").append(gi.gpuInstanceId()).append("  ")
                .append(gi.vgpuIds().size()).append(" vGPUs  scheduler ")
                .append(gi.schedulerState().map(st -> Format.policy(st.policy()) + " "
                        + Format.millis(st.params().timesliceSeconds())).orElse(Format.NA))
                .append("  heterogeneous ").append(Format.toggle(gi.heterogeneousMode())).append("  capacity");
        int shown = 0;
        for (GpuInstanceVgpuType t : gi.types()) {
            if (t.creatableCapacity() == 0) {
                continue;
            }
            shown++;
            b.append("  ").append(t.name().startsWith("NVIDIA ") ? t.name().substring(7) : t.name()).append(" +")
                    .append(Format.number(t.creatableCapacity()));
            if (!t.creatablePlacementIds().isEmpty()) {
                b.append(" @").append(t.creatablePlacementIds().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")));
            }
        }
        return shown == 0 ? b.append(" none now").toString() : b.toString();
    }

    /** How many more of each type can be created now (types with room only), the free placements in heterogeneous mode. */
    static String capacityLine(VgpuHostInfo h) {
        StringBuilder b = new StringBuilder(160).append("capacity ");
        int shown = 0;
        for (VgpuTypeInfo t : h.types()) {
            if (t.creatableCapacity() == 0) {
                continue;
            }
            b.append(shown++ == 0 ? " " : "  ").append(t.name().startsWith("NVIDIA ") ? t.name().substring(7) : t.name())
                    .append(" +").append(Format.number(t.creatableCapacity()));
            if (!t.creatablePlacementIds().isEmpty()) {
                b.append(" @").append(t.creatablePlacementIds().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")));
            }
        }
        return shown == 0 ? "capacity  no vGPU type can be created now" : b.toString();
    }

    private static String schedulerLine(VgpuHostInfo h) {
        if (h.schedulerState().isEmpty()) {
            return "scheduler " + Format.NA;
        }
        SchedulerState s = h.schedulerState().get();
        StringBuilder b = new StringBuilder(120).append("scheduler ").append(Format.policy(s.policy()))
                .append("   ARR ").append(Format.arr(s.arrMode()))
                .append("   timeslice ").append(Format.millis(s.params().timesliceSeconds()));
        if (s.params().avgFactor() >= 0) {
            b.append("   avg factor ").append(s.params().avgFactor());
        }
        if (h.schedulerEngineId() >= 0) {
            b.append("   engine ").append(h.schedulerEngineId());
        }
        return b.toString();
    }

    private static String capabilitiesLine(VgpuHostInfo h) {
        if (h.schedulerCapabilities().isEmpty()) {
            return "capabilities " + Format.NA;
        }
        SchedulerCapabilities cap = h.schedulerCapabilities().get();
        StringBuilder b = new StringBuilder(160).append("capabilities: policies ");
        for (int i = 0; i < cap.supportedSchedulers().size(); i++) {
            SchedulerPolicy p = cap.supportedSchedulers().get(i);
            b.append(i == 0 ? "" : ", ").append(Format.policy(p));
        }
        b.append("   timeslice ").append(Format.millisRange(cap.minTimesliceSeconds(), cap.maxTimesliceSeconds()));
        if (cap.arrModeSupported()) {
            b.append("   ARR avg factor ").append(Format.range(cap.minAvgFactorForArr(), cap.maxAvgFactorForArr()))
                    .append("   ARR frequency ").append(Format.range(cap.minFrequencyForArrHertz(), cap.maxFrequencyForArrHertz()))
                    .append(" Hz");
        } else {
            b.append("   ARR not supported");
        }
        return b.toString();
    }

    /**
     * The vGPU capabilities an operator places VMs by, on the section's title line: what the GPU allows (only those
     * on) and its migration bandwidths (device buffer read/write).
     */
    static String vgpuCapabilities(VgpuCapabilities c) {
        StringBuilder b = new StringBuilder(96).append("   vGPU:");
        int on = b.length();
        appendIfOn(b, c.heterogeneousTimesliceProfiles(), " mixed types");
        appendIfOn(b, c.heterogeneousTimesliceSizes(), " mixed sizes");
        appendIfOn(b, c.fractionalMultiVgpu(), " fractional");
        appendIfOn(b, c.deviceStreaming(), " streaming");
        appendIfOn(b, c.warmUpdate(), " warm update");
        appendIfOn(b, c.migTimeslicingEnabled(), " MIG timeslicing");
        if (b.length() == on) {
            b.append(" none");
        }
        if (c.readDeviceBufferBytesPerSecond() >= 0 || c.writeDeviceBufferBytesPerSecond() >= 0) {
            b.append("   migration r/w ").append(Format.bytesPerSecond(c.readDeviceBufferBytesPerSecond())).append('/')
                    .append(Format.bytesPerSecond(c.writeDeviceBufferBytesPerSecond()));
        }
        return b.toString();
    }

    private static void appendIfOn(StringBuilder b, Toggle t, String name) {
        if (t == Toggle.ON) {
            b.append(b.charAt(b.length() - 1) == ':' ? "" : ",").append(name);
        }
    }

    private static String accountingPids(VgpuInstance v) {
        if (v.accountingMode() != Toggle.ON) {
            return v.accountingMode() == Toggle.OFF ? "accounting off" : Format.NA;
        }
        StringBuilder b = new StringBuilder().append(v.accountingPidsTotal()).append(':');
        for (VgpuAccounting a : v.accounting()) {
            b.append(' ').append(a.pid());
        }
        if (v.accountingPidsTotal() > v.accounting().size()) {
            b.append(" ...");
        }
        return b.toString();
    }

    private static void schedulerLog(Canvas c, int y, GpuInfo g, int bottom) {
        c.hline(y++);
        if (y >= bottom) {
            return;
        }
        List<SchedulerLogEntry> log = g.vgpuHost().map(VgpuHostInfo::recentLogEntries).orElse(List.of());
        c.bold(true).put(1, y, "Scheduler log  GPU " + g.index() + "  (newest first, " + log.size() + " kept, "
                + g.vgpuHost().map(VgpuHostInfo::logEntriesTotal).orElse(0L) + " seen)").bold(false);
        y++;
        if (y >= bottom) {
            return;
        }
        // each row's runlist's share of the run time over the kept entries (a column: the pane keeps its rows)
        java.util.Map<Long, Double> shares = new java.util.HashMap<>();
        for (RunlistShare r : g.vgpuHost().map(VgpuHostInfo::runlistShares).orElse(List.of())) {
            shares.put(r.swRunlistId(), r.share());
        }
        c.color(LABEL).row(3, y, SCHEDULER_LOG_COLUMNS, "Timestamp (s)", "Runlist", "Time run", "Run total",
                "Target slice", "Preemption total", "Weight", "Run share").reset();
        y++;
        if (log.isEmpty() && y < bottom) {
            c.color(DIM).put(3, y, "no scheduler log entries yet").reset();
            return;
        }
        for (int i = log.size() - 1; i >= 0; i--) {
            if (y >= bottom) {
                break;
            }
            SchedulerLogEntry e = log.get(i);
            c.row(3, y, SCHEDULER_LOG_COLUMNS, seconds(e.timestampNs()), Format.number(e.swRunlistId()),
                    Format.millis(e.timeRunSeconds()), Format.millis(e.timeRunTotalSeconds()),
                    Format.millis(e.targetTimeSliceSeconds()), Format.millis(e.cumulativePreemptionSeconds()),
                    Format.number(e.weight()), share(shares.getOrDefault(e.swRunlistId(), Double.NaN)));
            y++;
        }
    }

    /** A share 0..1 as a whole percent; NaN as not available. */
    private static String share(double share) {
        return Double.isNaN(share) ? Format.NA : Math.round(share * 100) + "%";
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? Format.NA : (nanos / 1_000_000_000L) + "." + pad6((nanos / 1000) % 1_000_000);
    }

    private static String pad6(long micros) {
        String s = Long.toString(micros);
        return "000000".substring(s.length()) + s;
    }

    // ---- ordering ----

    static List<GpuInfo> sortedGpus(List<GpuInfo> gpus, ViewState.Sort sort) {
        if (sort == ViewState.Sort.INDEX) {
            return gpus;
        }
        List<GpuInfo> sorted = new ArrayList<>(gpus);
        Comparator<GpuInfo> order = sort == ViewState.Sort.UTILIZATION
                ? Comparator.comparingDouble((GpuInfo g) -> Double.isNaN(g.utilizationGpuPercent()) ? -1
                        : g.utilizationGpuPercent())
                : Comparator.comparingLong(GpuInfo::memoryUsedBytes);
        sorted.sort(order.reversed().thenComparingInt(GpuInfo::index));
        return sorted;
    }

    static List<VgpuInstance> sortedVgpus(List<VgpuInstance> vgpus, ViewState.Sort sort) {
        if (sort == ViewState.Sort.INDEX) {
            return vgpus;
        }
        List<VgpuInstance> sorted = new ArrayList<>(vgpus);
        Comparator<VgpuInstance> order = sort == ViewState.Sort.UTILIZATION
                ? Comparator.comparingDouble((VgpuInstance v) -> Double.isNaN(v.smUtil()) ? -1 : v.smUtil())
                : Comparator.comparingLong(VgpuInstance::fbUsedBytes);
        sorted.sort(order.reversed().thenComparingLong(VgpuInstance::id));
        return sorted;
    }

    /** A thin, clipping pen over a {@link Frame}; {@link #done()} hands the frame to the graphics. */
    private static final class Canvas {
        final Frame frame;
        final int width;
        final int height;
        private TextColor.ANSI fg = TextColor.ANSI.DEFAULT;
        private TextColor.ANSI bg = TextColor.ANSI.DEFAULT;
        private boolean bold;
        private boolean reverse;

        Canvas(TextGraphics g, Frame frame) {
            this.frame = frame;
            TerminalSize size = g.getSize();
            this.width = size.getColumns();
            this.height = size.getRows();
            frame.begin(g, style());
        }

        private int style() {
            return Frame.style(fg, bg, bold, reverse);
        }

        private void set(int x, int y, char ch, int style) {
            frame.set(x, y, ch, style);
        }

        void done() {
            frame.flush();
        }

        Canvas reset() {
            fg = TextColor.ANSI.DEFAULT;
            bg = TextColor.ANSI.DEFAULT;
            return this;
        }

        Canvas color(TextColor.ANSI color) {
            fg = color;
            return this;
        }

        Canvas bg(TextColor.ANSI color) {
            bg = color;
            return this;
        }

        Canvas bold(boolean on) {
            bold = on;
            return this;
        }

        Canvas reverse(boolean on) {
            reverse = on;
            return this;
        }

        Canvas put(int x, int y, String s) {
            if (y < 0 || y >= height || x < 0) {
                return this;
            }
            int style = style();
            int end = Math.min(s.length(), width - x);
            for (int i = 0; i < end; i++) {
                char ch = s.charAt(i);
                set(x + i, y, ch < ' ' ? ' ' : ch, style);
            }
            return this;
        }

        void fillRow(int y) {
            fill(0, y, width);
        }

        void fill(int x, int y, int w) {
            if (y < 0 || y >= height || w <= 0 || x >= width) {
                return;
            }
            int style = style();
            for (int i = Math.max(0, x); i < Math.min(width, x + w); i++) {
                set(i, y, ' ', style);
            }
        }

        void hline(int y) {
            if (y >= 0 && y < height && width > 0) {
                color(DIM);
                int style = style();
                for (int i = 0; i < width; i++) {
                    set(i, y, '\u2500', style);
                }
                reset();
            }
        }

        /** Text in a column of {@code w} cells (cut with an ellipsis); returns the next column. */
        int cell(int x, int y, String s, int w) {
            if (w <= 0) {
                return x;
            }
            int room = w - 1; // one blank between columns
            put(x, y, s.length() > room ? s.substring(0, Math.max(0, room - 1)) + "\u2026" : s);
            return x + w;
        }

        /** One table row: {@code cells[i]} in a column of {@code widths[i]}, header and data rows alike. */
        Canvas row(int x, int y, int[] widths, String... cells) {
            for (int i = 0; i < cells.length; i++) {
                x = cell(x, y, cells[i], widths[i]);
            }
            return this;
        }

        /** A bar of {@code w} cells for value/max, coloured by level; returns the next column. */
        int bar(int x, int y, long value, long max, int w) {
            if (y < 0 || y >= height) {
                return x + w;
            }
            int filled = value < 0 || max <= 0 ? 0 : (int) Math.min(w, Math.round((double) value * w / max));
            double level = value < 0 || max <= 0 ? 0 : (double) value / max;
            TextColor.ANSI on = level >= 0.9 ? TextColor.ANSI.RED : level >= 0.7 ? TextColor.ANSI.YELLOW
                    : TextColor.ANSI.GREEN;
            for (int i = 0; i < w && x + i < width; i++) {
                if (x + i < 0) {
                    continue;
                }
                color(i < filled ? on : DIM);
                set(x + i, y, i < filled ? '\u2588' : '\u2591', style());
            }
            reset();
            return x + w;
        }

        /** The newest samples right-aligned in {@code w} cells. */
        void sparkline(int x, int y, History history, int gpuIndex, int w) {
            if (w <= 0 || y < 0 || y >= height) {
                return;
            }
            int n = Math.min(w, history.utilizationSamples(gpuIndex));
            color(TextColor.ANSI.GREEN);
            int style = style();
            for (int i = 0; i < n && x + i < width; i++) {
                int v = history.utilization(gpuIndex, n - 1 - i);
                set(x + i, y, v < 0 ? ' ' : SPARKS[Math.min(SPARKS.length - 1, v * SPARKS.length / 101)], style);
            }
            reset();
        }
    }
}
