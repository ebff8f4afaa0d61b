package io.smi4j.example;

import io.smi4j.collect.Collector;
import io.smi4j.collect.CollectorOptions;
import io.smi4j.collect.Poller;
import io.smi4j.micrometer.GpuMeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * smi4j in a Spring Boot service: Actuator binds every {@code MeterBinder} bean to its registry, so the
 * binder is all it takes. The agent's {@code micrometer=on} cannot do this in a fat jar: Micrometer is in
 * {@code BOOT-INF/lib}, which the agent's class loader does not see.
 */
@Configuration
class GpuMetricsConfig {

    /** Polls NVML every 2 s; {@code smi4j.mock=SCENARIO} simulates a host without a GPU. */
    @Bean(destroyMethod = "close")
    Poller smi4jPoller(@Value("${smi4j.mock:}") String mock) {
        CollectorOptions options = CollectorOptions.defaults();
        return Collector.startPoller(mock.isBlank() ? options : options.withMock(mock));
    }

    @Bean(destroyMethod = "close")
    GpuMeterBinder gpuMeterBinder(Poller smi4jPoller) {
        return GpuMeterBinder.of(smi4jPoller);
    }
}
