package io.tributary.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;

/**
 * The process beside the connectors, from Micrometer's own binders: heap and buffer pools ({@code
 * jvm_memory_used_bytes}), GC pauses ({@code jvm_gc_pause_seconds}), threads ({@code
 * jvm_threads_live_threads}), CPU ({@code process_cpu_usage}, {@code system_cpu_usage}), open files
 * ({@code process_files_open_files} of {@code process_files_max_files}), uptime ({@code
 * process_uptime_seconds}) and loaded classes ({@code jvm_classes_loaded_classes}).
 *
 * <p>Bound by Java rather than by {@code camel.metrics.binders}, whose discovery reads an index of
 * every binder Micrometer has and cost about a second of start-up here.
 */
final class ProcessMetrics implements AutoCloseable {
    static final String BEAN = "tributaryProcessMetrics";
    private final JvmGcMetrics gc = new JvmGcMetrics(); // listens to GC notifications until closed

    ProcessMetrics bindTo(MeterRegistry registry) {
        for (MeterBinder binder :
                List.of(
                        new JvmMemoryMetrics(),
                        gc,
                        new JvmThreadMetrics(),
                        new ClassLoaderMetrics(),
                        new ProcessorMetrics(),
                        new FileDescriptorMetrics(),
                        new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        return this;
    }

    @Override
    public void close() {
        gc.close();
    }
}
