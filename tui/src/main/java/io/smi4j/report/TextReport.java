package io.smi4j.report;

import io.smi4j.model.CallError;
import io.smi4j.model.GpuHealth;
import io.smi4j.model.GpuInfo;
import io.smi4j.model.GpuInstanceVgpuType;
import io.smi4j.model.GpuInstanceVgpus;
import io.smi4j.model.GpuProcess;
import io.smi4j.model.HostSnapshot;
import io.smi4j.model.HostStatus;
import io.smi4j.model.MigBackedVgpu;
import io.smi4j.model.MigInstance;
import io.smi4j.model.Toggle;
import io.smi4j.model.VgpuAccounting;
import io.smi4j.model.VgpuGuestInfo;
import io.smi4j.model.VgpuHostInfo;
import io.smi4j.model.VgpuInstance;
import io.smi4j.model.VgpuTypeInfo;

/**
 * One snapshot as a readable, {@code nvidia-smi -q}-like report: host, then per GPU its
 * values, processes, MIG instances and, on vGPU hosts only, the vGPU section (host mode,
 * scheduler with its capability ranges, types, every vGPU).
 */
public final class TextReport {

    private static final int LABEL_WIDTH = 24;

    private final StringBuilder out = new StringBuilder(4096);

    private TextReport() {
    }

    public static String render(HostSnapshot s) {
        TextReport r = new TextReport();
        r.host(s);
        return r.out.toString();
    }

    private void host(HostSnapshot s) {
        out.append("smi4j snapshot of ").append(s.hostName()).append("  ").append(s.time())
                .append("  (poll #").append(s.sequence()).append(", ").append(s.pollDuration().toMillis())
                .append(" ms)\n");
        // only a vGPU host or guest says so: other hosts show no vGPU wording at all
        String role = s.isVgpuHost() ? "   vGPU host" : s.isVgpuGuest() ? "   vGPU guest" : "";
        out.append("Driver ").append(Format.text(s.driverVersion())).append("   NVML ")
                .append(Format.text(s.nvmlVersion())).append("   CUDA ").append(Format.text(s.cudaDriverVersion()))
                .append("   GPUs ").append(s.gpus().size()).append(role).append('\n');
        s.vgpuDriverCapabilities().ifPresent(c -> out.append("vGPU driver capabilities: ")
                .append(Format.driverCapabilities(c)).append('\n'));
        if (s.status() == HostStatus.STALE) {
            out.append("STALE: ").append(Format.text(s.statusDetail())).append('\n');
        } else if (!s.status().usable()) {
            out.append("NVML unavailable (").append(s.status()).append("): ").append(Format.text(s.statusDetail()))
                    .append('\n');
        } else if (s.status() == HostStatus.DEGRADED) {
            out.append("DEGRADED: ").append(Format.text(s.statusDetail())).append('\n');
        }
        for (GpuInfo g : s.gpus()) {
            out.append('\n');
            gpu(g);
        }
        if (!s.errors().isEmpty()) {
            out.append("\nNVML call errors (").append(s.errors().size()).append(")\n");
            for (CallError e : s.errors()) {
                out.append("    ").append(e.gpuIndex() < 0 ? "host" : "GPU " + e.gpuIndex())
                        .append(e.vgpuInstance() < 0 ? "" : " vGPU " + e.vgpuInstance()).append("  ").append(e.call())
                        .append(": ").append(e.result()).append(" (").append(e.code()).append(")\n");
            }
        }
    }

    private void gpu(GpuInfo g) {
        out.append("GPU ").append(g.index()).append("  ").append(g.name()).append('\n');
        int in = 4;
        if (g.health().state() != GpuHealth.State.OK) {
            line(in, "Health", Format.health(g.health()));
        }
        line(in, "UUID", Format.text(g.uuid()));
        line(in, "PCI bus id", Format.text(g.pciBusId()));
        if (!g.health().working()) {
            return; // nothing else was read: a page of dashes would only hide the reason
        }
        line(in, "Virtualization mode", Format.virtualization(g.virtualizationMode()));
        line(in, "Utilization", "GPU " + Format.percent(g.utilizationGpuPercent()) + ", memory "
                + Format.percent(g.utilizationMemoryPercent()));
        line(in, "Memory", Format.usedOfTotal(g.memoryUsedBytes(), g.memoryTotalBytes()) + " used, "
                + Format.bytes(g.memoryFreeBytes()) + " free, " + Format.bytes(g.memoryReservedBytes()) + " reserved");
        line(in, "Temperature", Format.celsius(g.temperatureCelsius()));
        line(in, "Power", Format.watts(g.powerUsageWatts()) + " of " + Format.watts(g.powerLimitWatts()));
        line(in, "Clocks MHz (now/max)", "graphics " + Format.megahertz(g.clocks().graphicsHertz()) + "/"
                + Format.megahertz(g.clocks().maxGraphicsHertz()) + ", SM " + Format.megahertz(g.clocks().smHertz())
                + "/" + Format.megahertz(g.clocks().maxSmHertz()) + ", memory "
                + Format.megahertz(g.clocks().memoryHertz()) + "/" + Format.megahertz(g.clocks().maxMemoryHertz()));
        line(in, "Performance state", Format.pstate(g.performanceState()));
        line(in, "Fan", Format.percent(g.fanSpeedPercent()));
        line(in, "ECC mode", Format.toggle(g.eccMode()));
        line(in, "MIG mode", Format.toggle(g.migMode()));
        if (g.processes().isEmpty()) {
            line(in, "Processes", "none");
        } else {
            line(in, "Processes", String.valueOf(g.processes().size()));
            for (GpuProcess p : g.processes()) {
                indent(in + 4).append("PID ").append(p.pid()).append("  ").append(Format.text(p.name())).append("  ")
                        .append(p.type().smi()).append("  ").append(Format.bytes(p.usedMemoryBytes()))
                        .append(p.gpuInstanceId() < 0 ? "" : "  MIG " + p.gpuInstanceId() + "/" + p.computeInstanceId())
                        .append("  sm ").append(Format.percent(p.smUtil())).append(" mem ")
                        .append(Format.percent(p.memUtil())).append(" enc ").append(Format.percent(p.encUtil()))
                        .append(" dec ").append(Format.percent(p.decUtil()))
                        .append('\n');
            }
        }
        if (g.migMode() == Toggle.ON) {
            line(in, "MIG instances", String.valueOf(g.migInstances().size()));
            for (MigInstance m : g.migInstances()) {
                indent(in + 4).append(m.gpuInstanceId()).append('/').append(m.computeInstanceId()).append("  ")
                        .append(m.name()).append("  ").append(m.uuid()).append("  profile ")
                        .append(Format.number(m.profileId())).append(", ").append(Format.number(m.sliceCount()))
                        .append(" slices, ").append(Format.number(m.multiprocessorCount())).append(" SMs, ")
                        .append(Format.usedOfTotal(m.memoryUsedBytes(), m.memoryTotalBytes())).append('\n');
            }
        }
        g.vgpuGuest().ifPresent(guest -> guest(in, guest));
        g.vgpuHost().ifPresent(host -> vgpuHost(in, host));
    }

    private void guest(int in, VgpuGuestInfo guest) {
        indent(in).append("vGPU guest\n");
        line(in + 4, "License", Format.license(guest.licenseState()));
        line(in + 4, "Product", Format.text(guest.product()));
    }

    private void vgpuHost(int in, VgpuHostInfo h) {
        indent(in).append("vGPU host\n");
        int i2 = in + 4;
        line(i2, "Host mode", Format.hostMode(h.hostMode()));
        line(i2, "Heterogeneous mode", Format.toggle(h.heterogeneousMode()));
        line(i2, "Scheduler", h.schedulerState().map(Format::scheduler).orElse(Format.NA));
        line(i2, "Scheduler capabilities", h.schedulerCapabilities().map(Format::capabilities).orElse(Format.NA));
        line(i2, "Scheduler log", h.logEntriesTotal() + " entries seen, " + h.recentLogEntries().size() + " kept"
                + (h.schedulerEngineId() < 0 ? "" : ", engine " + h.schedulerEngineId()));
        if (!h.runlistShares().isEmpty()) {
            line(i2, "Run time share", Format.runlists(h.runlistShares()));
        }
        h.vgpuCapabilities().ifPresent(c -> {
            line(i2, "vGPU capabilities", Format.vgpuCapabilities(c));
            line(i2, "Device buffer bandwidth", "read " + Format.bytesPerSecond(c.readDeviceBufferBytesPerSecond())
                    + ", write " + Format.bytesPerSecond(c.writeDeviceBufferBytesPerSecond()));
        });
        line(i2, "vGPU types", String.valueOf(h.types().size()));
        for (VgpuTypeInfo t : h.types()) {
            indent(i2 + 4).append(t.name()).append("  id ").append(t.typeId()).append(", ").append(Format.text(t.typeClass()))
                    .append(", ").append(Format.bytes(t.framebufferBytes())).append(", max ")
                    .append(Format.number(t.maxInstances())).append(", running ").append(t.running())
                    .append(", can create ").append(Format.number(t.creatableCapacity()))
                    .append(t.creatablePlacementIds().isEmpty() ? "" : " at " + t.creatablePlacementIds())
                    .append(t.bar1Bytes() < 0 && t.fbReservationBytes() < 0 && t.gspHeapBytes() < 0 ? ""
                            : ", BAR1 " + Format.bytes(t.bar1Bytes()) + ", FB reservation "
                                    + Format.bytes(t.fbReservationBytes()) + ", GSP heap " + Format.bytes(t.gspHeapBytes()))
                    .append('\n');
        }
        h.migBackedVgpu().ifPresent(mb -> migBacked(i2, mb));
        line(i2, "vGPUs", String.valueOf(h.vgpus().size()));
        for (VgpuInstance v : h.vgpus()) {
            vgpu(i2 + 4, v);
        }
    }

    /** MIG-backed vGPU: per GPU instance its scheduler, its vGPUs and what can be created there now. */
    private void migBacked(int in, MigBackedVgpu mb) {
        line(in, "GPU instances (vGPU)", String.valueOf(mb.gpuInstances().size()));
        for (GpuInstanceVgpus gi : mb.gpuInstances()) {
            indent(in + 4).append("GPU instance ").append(gi.gpuInstanceId()).append("  profile ")
                    .append(Format.number(gi.gpuInstanceProfileId())).append('\n');
            int i2 = in + 8;
            line(i2, "Scheduler", gi.schedulerState().map(Format::scheduler).orElse(Format.NA));
            line(i2, "Heterogeneous mode", Format.toggle(gi.heterogeneousMode()));
            line(i2, "Scheduler log", gi.logEntriesTotal() + " entries seen, " + gi.recentLogEntries().size()
                    + " kept" + (gi.schedulerEngineId() < 0 ? "" : ", engine " + gi.schedulerEngineId()));
            if (!gi.runlistShares().isEmpty()) {
                line(i2, "Run time share", Format.runlists(gi.runlistShares()));
            }
            line(i2, "vGPUs", gi.vgpuIds().isEmpty() ? "none"
                    : String.join(", ", gi.vgpuIds().stream().map(Long::toUnsignedString).toList()));
            for (GpuInstanceVgpuType t : gi.types()) {
                indent(i2).append(Format.text(t.name())).append("  id ").append(t.typeId()).append(", max ")
                        .append(Format.number(t.maxInstancesPerGpuInstance())).append(", running ")
                        .append(t.running()).append(", can create ").append(Format.number(t.creatableCapacity()))
                        .append(t.creatablePlacementIds().isEmpty() ? "" : " at " + t.creatablePlacementIds())
                        .append('\n');
            }
        }
    }

    private void vgpu(int in, VgpuInstance v) {
        indent(in).append("vGPU ").append(Long.toUnsignedString(v.id())).append("  ").append(Format.text(v.typeName()))
                .append('\n');
        int i2 = in + 4;
        line(i2, "UUID", Format.text(v.uuid()));
        line(i2, "VM", Format.text(v.vmId()) + " (" + v.vmIdType() + ")");
        line(i2, "Guest driver", Format.text(v.guestDriverVersion()));
        line(i2, "Type", v.typeId() + ", " + Format.text(v.typeClass()));
        line(i2, "Framebuffer", Format.usedOfTotal(v.fbUsedBytes(), v.fbTotalBytes()));
        line(i2, "Utilization", "SM " + Format.percent(v.smUtil()) + ", memory " + Format.percent(v.memUtil())
                + ", encoder " + Format.percent(v.encUtil()) + ", decoder " + Format.percent(v.decUtil())
                + ", JPEG " + Format.percent(v.jpgUtil()) + ", OFA " + Format.percent(v.ofaUtil()));
        line(i2, "License", Format.license(v.licenseState()));
        line(i2, "Frame rate limit", Format.number(v.frameRateLimitFps()));
        line(i2, "ECC mode", Format.toggle(v.eccMode()));
        line(i2, "Encoder", "capacity " + Format.number(v.encoderCapacityPercent()) + ", sessions "
                + Format.number(v.encoderSessions()) + ", " + Format.number(v.encoderAverageFps()) + " fps, latency "
                + Format.micros(v.encoderAverageLatencySeconds()));
        line(i2, "Frame capture", "sessions " + Format.number(v.fbcSessions()) + ", "
                + Format.number(v.fbcAverageFps()) + " fps, latency " + Format.micros(v.fbcAverageLatencySeconds()));
        if (v.gpuInstanceId() >= 0) {
            line(i2, "MIG GPU instance", String.valueOf(v.gpuInstanceId()));
        }
        if (v.placementId() >= 0) {
            line(i2, "Placement", String.valueOf(v.placementId()));
        }
        if (v.runtimeStateBytes() >= 0) {
            line(i2, "Runtime state", Format.bytes(v.runtimeStateBytes()));
        }
        if (v.accountingMode() != Toggle.ON) {
            line(i2, "Accounting", Format.toggle(v.accountingMode()));
            return;
        }
        line(i2, "Accounting", "on, " + v.accountingPidsTotal() + " processes");
        for (VgpuAccounting a : v.accounting()) {
            indent(i2 + 4).append("PID ").append(a.pid()).append("  GPU ")
                    .append(Format.percent(a.stats().gpuUtilizationPercent())).append(", memory ")
                    .append(Format.percent(a.stats().memoryUtilizationPercent())).append(", peak ")
                    .append(Format.bytes(a.stats().maxMemoryUsageBytes())).append(", ")
                    .append(Format.millis(a.stats().runSeconds()))
                    .append(a.stats().running() ? ", running" : ", ended").append('\n');
        }
    }

    private StringBuilder indent(int n) {
        return out.append(" ".repeat(n));
    }

    private void line(int in, String label, String value) {
        indent(in).append(label);
        int pad = Math.max(1, LABEL_WIDTH - label.length());
        out.append(" ".repeat(pad)).append(value).append('\n');
    }
}
