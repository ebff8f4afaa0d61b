package io.smi4j.model;

import io.smi4j.nvml.MemoryInfo;

/** Breaks the model rule on purpose (a test class, never imported by the real checks): a record wearing a port type. */
public record ModelThatSpeaksTheBinding(MemoryInfo memory) {
}
