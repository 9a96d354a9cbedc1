package com.coeffection.sync.serde;

import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad bytes on a real topic become typed errors that name topic, partition and offset; they never crash the reader. */
@ExtendWith(RealInfraExtension.class)
class BadInputTest {

    @Test
    void bytesWithoutTheMagicByteAreAWireFormatErrorNamingTopicPartitionAndOffset(RealInfra infra) {
        String topic = infra.uniqueTopic("bad-magic", 3);
        var serde = new AvroSerde<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class);
        send(infra, topic, 2, serde.serializer().serialize(topic, Samples.everyValueKind("good")));
        send(infra, topic, 2, "{\"event\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, byte[]>> records = infra.readAll(topic, 2, Duration.ofSeconds(20));
        var decoder = new RecordDecoder<>(serde.deserializer());

        assertThat(decoder.decode(records.get(0)).getRecordId()).isEqualTo("good");
        assertThatThrownBy(() -> decoder.decode(records.get(1)))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.topic()).isEqualTo(topic);
                    assertThat(e.partition()).isEqualTo(2);
                    assertThat(e.offset()).isEqualTo(1L);
                    assertThat(e.reason()).isInstanceOf(WireFormatException.class);
                    assertThat(e.reason().errorCode()).isEqualTo("WIRE_FORMAT");
                    assertThat(e.getMessage()).contains("topic " + topic, "partition 2", "offset 1", "0x7b", "magic byte");
                });
    }

    @Test
    void anUnknownSchemaIdIsATypedErrorNamingTopicPartitionAndOffset(RealInfra infra) {
        String topic = infra.uniqueTopic("bad-id", 1);
        byte[] good = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class)
                .serialize(topic, Samples.everyValueKind("x"));
        ByteBuffer.wrap(good).putInt(1, 987_654_321);
        send(infra, topic, 0, good);

        var records = infra.readAll(topic, 1, Duration.ofSeconds(20));
        var decoder = new RecordDecoder<>(new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class));

        assertThatThrownBy(() -> decoder.decode(records.get(0)))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.offset()).isZero();
                    assertThat(e.reason()).isInstanceOfSatisfying(UnknownSchemaIdException.class,
                            r -> assertThat(r.schemaId()).isEqualTo(987_654_321));
                    assertThat(e.getMessage()).contains(topic, "partition 0", "offset 0", "987654321");
                });
    }

    @Test
    void aTruncatedBodyIsAPayloadError(RealInfra infra) {
        byte[] good = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class)
                .serialize("truncated", Samples.everyValueKind("x"));
        byte[] truncated = java.util.Arrays.copyOf(good, 12);

        assertThatThrownBy(() -> new AvroDeserializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class)
                .deserialize("truncated", truncated))
                .isInstanceOf(PayloadDecodeException.class)
                .hasMessageContaining("RecordChange");
    }

    @Test
    void aKafkaConsumerWithTheDeserializerReportsTheOffsetAndCanSkipPastIt(RealInfra infra) {
        String topic = infra.uniqueTopic("bad-consumer", 1);
        var registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        send(infra, topic, 0, "not avro".getBytes(StandardCharsets.UTF_8));
        send(infra, topic, 0, new AvroSerializer<>(registry, RecordChange.class).serialize(topic, Samples.everyValueKind("after")));

        List<String> decoded = new ArrayList<>();
        RecordDeserializationException error = null;
        try (var consumer = new KafkaConsumer<>(infra.consumerConfig("bad-consumer"), new StringDeserializer(),
                new AvroDeserializer<>(registry, RecordChange.class))) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (decoded.isEmpty() && System.nanoTime() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> decoded.add(r.value().getRecordId()));
                } catch (RecordDeserializationException e) {
                    error = e;
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        }

        assertThat(error).isNotNull();
        assertThat(error.topicPartition().topic()).isEqualTo(topic);
        assertThat(error.offset()).isZero();
        assertThat(error.getCause()).isInstanceOf(WireFormatException.class);
        assertThat(decoded).containsExactly("after");
    }

    private static void send(RealInfra infra, String topic, int partition, byte[] value) {
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, partition, "key", value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
