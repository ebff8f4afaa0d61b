package io.smi4j.model;


/** Accounting of one process inside a vGPU (accounting mode on). */
public record VgpuAccounting(long pid, AccountingStats stats) {
}
