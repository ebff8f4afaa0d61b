package io.smi4j.model;

import io.smi4j.nvml.AccountingStats;

/** Accounting of one process inside a vGPU (accounting mode on). */
public record VgpuAccounting(long pid, AccountingStats stats) {
}
