package io.smi4j.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A service whose Actuator shows its GPUs, vGPUs and its own GPU use beside its JVM metrics. */
@SpringBootApplication
public class GpuMetricsApplication {

    public static void main(String[] args) {
        SpringApplication.run(GpuMetricsApplication.class, args);
    }
}
