package com.coeffection.sync.serde;

import com.coeffection.sync.schema.NumberValue;
import com.coeffection.sync.schema.RecordChange;
import com.coeffection.sync.testkit.RealInfra;
import com.coeffection.sync.testkit.RealInfraExtension;
import com.coeffection.sync.values.FieldValues;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RealInfraExtension.class)
class AvroSerdeTest {

    @Test
    void recordChangeWithEveryValueKindRoundTripsThroughTheRealRegistry(RealInfra infra) {
        var registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        var serde = new AvroSerde<>(registry, RecordChange.class);
        RecordChange change = Samples.everyValueKind("cnt_1");

        byte[] bytes = serde.serializer().serialize("roundtrip.record-changes", change);
        RecordChange decoded = new AvroSerde<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class)
                .deserializer().deserialize("roundtrip.record-changes", bytes);

        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry.register("roundtrip.record-changes-value",
                RecordChange.getClassSchema()));
        assertThat(decoded).isEqualTo(change);
        NumberValue revenue = (NumberValue) decoded.getFields().get(1).getValue().getValue();
        assertThat(FieldValues.decimal(revenue)).isEqualTo(new BigDecimal("12345678901234567890.125"));
        assertThat(decoded.getFields().get(12).getValue()).as("a cleared field stays null").isNull();
    }

    @Test
    void schemaIsRegisteredUnderTheTopicValueSubjectOncePerProcess(RealInfra infra) {
        var registry = new SchemaRegistryClient(infra.schemaRegistryUrl());
        var serializer = new AvroSerializer<>(registry, RecordChange.class);

        byte[] first = serializer.serialize("subject.check", Samples.everyValueKind("a"));
        byte[] second = serializer.serialize("subject.check", Samples.everyValueKind("b"));

        assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(ByteBuffer.wrap(second, 1, 4).getInt());
        assertThat(registry.lookup("subject.check-value", RecordChange.getClassSchema()))
                .isEqualTo(ByteBuffer.wrap(first, 1, 4).getInt());
    }

    @Test
    void lookupWithoutAutoRegistrationNamesTheMissingSubject(RealInfra infra) {
        var serializer = new AvroSerializer<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class, false, false);

        assertThatThrownBy(() -> serializer.serialize("never.registered", Samples.everyValueKind("x")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.NOT_REGISTERED);
                    assertThat(e.getMessage()).contains("never.registered-value");
                });
    }

    @Test
    void unreachableRegistryIsARetryableTypedError() {
        var registry = new SchemaRegistryClient("http://127.0.0.1:" + com.coeffection.sync.infra.Ports.freePort() + "/apis/ccompat/v7");

        assertThatThrownBy(() -> new AvroSerializer<>(registry, RecordChange.class).serialize("t", Samples.everyValueKind("x")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("cannot be reached");
                });
    }

    @Test
    void recordsFlowThroughTheRealBroker(RealInfra infra) {
        String topic = infra.uniqueTopic("serde-broker", 1);
        var serde = new AvroSerde<>(new SchemaRegistryClient(infra.schemaRegistryUrl()), RecordChange.class);
        try (var producer = new KafkaProducer<String, byte[]>(infra.producerConfig())) {
            producer.send(new ProducerRecord<>(topic, "ten:Contact:c1", serde.serializer().serialize(topic, Samples.everyValueKind("c1"))));
        }

        var records = infra.readAll(topic, 1, Duration.ofSeconds(20));

        assertThat(records).hasSize(1);
        assertThat(new RecordDecoder<>(serde.deserializer()).decode(records.get(0))).isEqualTo(Samples.everyValueKind("c1"));
    }
}
