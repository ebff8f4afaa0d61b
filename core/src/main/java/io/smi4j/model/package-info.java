/**
 * The vocabulary of smi4j: immutable records and enums that every consumer reads (one
 * {@link io.smi4j.model.HostSnapshot} per poll). This package imports nothing of smi4j; the NVML
 * port ({@code io.smi4j.nvml}) speaks it, the collector builds it, JMX, JFR, Prometheus and the
 * terminal only read and format it.
 *
 * <h2>Units: one per kind, converted once</h2>
 * NVML answers in milliwatts, megahertz, microseconds and nanoseconds. Each value is converted
 * once, where NVML's answer becomes a record of this package (the collector for scalar calls, the
 * binding for the structs it decodes into these records); consumers only format.
 * <table>
 *   <caption>Units and "not available"</caption>
 *   <tr><th>kind</th><th>Java type and unit</th><th>not available</th></tr>
 *   <tr><td>sizes</td><td>{@code long} bytes</td><td>{@code -1}</td></tr>
 *   <tr><td>frequencies</td><td>{@code long} hertz</td><td>{@code -1}</td></tr>
 *   <tr><td>bandwidths</td><td>{@code long} bytes per second</td><td>{@code -1}</td></tr>
 *   <tr><td>counts, ids, codes (PIDs, vGPU and type ids, P-state, averaging factor)</td>
 *       <td>{@code long} or {@code int}</td><td>{@code -1}</td></tr>
 *   <tr><td>timestamps</td><td>{@code long} nanoseconds on NVML's clock (the epoch on most drivers)</td>
 *       <td>{@code -1}</td></tr>
 *   <tr><td>measurements: percent (0 to 100), watts, degrees Celsius, seconds, frames per second</td>
 *       <td>{@code double}</td><td>{@link Double#NaN}</td></tr>
 *   <tr><td>text</td><td>{@code String}</td><td>{@code ""}</td></tr>
 *   <tr><td>modes and states</td><td>an enum</td><td>its {@code UNKNOWN}</td></tr>
 *   <tr><td>sections (a vGPU host's data, scheduler state)</td><td>{@code Optional}</td><td>empty</td></tr>
 * </table>
 * The JSON report writes {@code null} for every "not available"; Prometheus omits the series.
 * A section that does not apply (no vGPU on bare metal) is absent, never empty.
 */
package io.smi4j.model;
