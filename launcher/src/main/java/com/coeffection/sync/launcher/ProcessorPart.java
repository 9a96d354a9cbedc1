package com.coeffection.sync.launcher;

import com.coeffection.sync.processor.ProcessorConfig;
import com.coeffection.sync.processor.ProcessorMetrics;
import com.coeffection.sync.processor.SyncSerdes;
import com.coeffection.sync.processor.SyncTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

/** The stream processor's topology running in this process, with its Kafka Streams metrics. */
final class ProcessorPart implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessorPart.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;

    ProcessorPart(ProcessorConfig config, String bootstrapServers, String registryUrl, Path stateDir, MeterRegistry metrics) {
        StreamsBuilder builder = SyncTopology.build(new StreamsBuilder(), config, SyncSerdes.forRegistry(registryUrl),
                new ProcessorMetrics(metrics));
        streams = new KafkaStreams(builder.build(), config.streamsProperties(bootstrapServers, stateDir));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Stream processor thread failed; replacing it: {}", e.toString(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        streams.start();
        log.info("Stream processor started (application id {})", config.applicationId());
    }

    boolean running() {
        return streams.state().isRunningOrRebalancing();
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
    }
}
