package io.smi4j.nvml;

/** {@code nvmlPciInfo_t} (v3): the bus id string and its decoded parts; ids are unsigned 32-bit. */
public record PciInfo(String busId, long domain, long bus, long device, long pciDeviceId, long pciSubSystemId) {
}
