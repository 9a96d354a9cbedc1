package com.coeffection.sync.launcher;

import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfraExtension.class)
class ConsumerLagMonitorTest {

    @Test
    void lagIsLogEndMinusCommittedPerGroupAndPartition(RealInfra infra) throws Exception {
        String topic = infra.uniqueTopic("lag", 2);
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", new byte[]{1})).get();
            }
            producer.send(new ProducerRecord<>(topic, 1, "k", new byte[]{1})).get();
        }
        String group = "lag-watched-" + topic;
        try (var consumer = new KafkaConsumer<String, byte[]>(infra.consumerConfig(group))) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(1)));
        }
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        try (var monitor = new ConsumerLagMonitor(infra.admin(), metrics, g -> g.equals(group))) {
            var lags = monitor.refresh();

            assertThat(lags).extracting(ConsumerLagMonitor.PartitionLag::lag).containsExactlyInAnyOrder(3L, 0L);
            assertThat(metrics.scrape()).contains("sync_consumer_lag_records{group=\"" + group + "\",partition=\"0\",topic=\"" + topic + "\"} 3.0");
        }
    }

    @Test
    void givenAPausedConsumerWhileRecordsArriveThenTheLagMetricRisesAndFallsBackToZeroWhenItResumes(RealInfra infra) throws Exception {
        String topic = infra.uniqueTopic("lag-on-purpose", 1);
        String group = "lag-on-purpose-" + topic;
        TopicPartition partition = new TopicPartition(topic, 0);
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String series = "sync_consumer_lag_records{group=\"" + group + "\",partition=\"0\",topic=\"" + topic + "\"}";
        try (var consumer = new KafkaConsumer<String, byte[]>(infra.consumerConfig(group));
             var producer = new KafkaProducer<String, byte[]>(infra.producerConfig());
             var monitor = new ConsumerLagMonitor(infra.admin(), metrics, g -> g.equals(group))) {
            consumer.assign(java.util.List.of(partition));
            producer.send(new ProducerRecord<>(topic, 0, "k", new byte[]{1})).get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                consumer.poll(java.time.Duration.ofMillis(200));
                consumer.commitSync();
                return consumer.committed(java.util.Set.of(partition)).get(partition) != null
                        && consumer.committed(java.util.Set.of(partition)).get(partition).offset() == 1;
            });
            monitor.refresh();
            assertThat(metrics.scrape()).contains(series + " 0.0");

            // when the consumer is paused while 40 records arrive
            consumer.pause(java.util.List.of(partition));
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", new byte[]{1}));
            }
            producer.flush();
            consumer.poll(java.time.Duration.ofMillis(200));
            consumer.commitSync();

            // then the lag metric rises to 40
            monitor.refresh();
            assertThat(metrics.scrape()).contains(series + " 40.0");

            // when it resumes, then the lag falls back to zero
            consumer.resume(java.util.List.of(partition));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                consumer.poll(java.time.Duration.ofMillis(200));
                consumer.commitSync();
                monitor.refresh();
                return metrics.scrape().contains(series + " 0.0");
            });
        }
    }
}
